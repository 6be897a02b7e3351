import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { FundQueries } from '@commonpurse/funds';
import { LedgerExportRepository } from '@commonpurse/ledger';
import { ledgerFile, parseLedgerExportQuery } from '../../domain/ledger-export-format';
import { ExportRecorder } from '../record-export/export-recorder';

export interface ExportLedgerCommand {
  actorId: string;
  fundId: string;
  /** The request's query as it came: format, table, from, to (checked here, for the web and the API alike). */
  query: Record<string, unknown>;
}

/**
 * A fund's ledger table (entries, transactions or balances) for a period, streamed to the client
 * as CSV, JSON or XLSX straight from a database cursor, and recorded with its manifest. A period
 * with nothing in it is a file with no rows, not an error.
 */
@Injectable()
export class ExportLedgerUseCase {
  constructor(
    private readonly funds: FundQueries,
    private readonly ledger: LedgerExportRepository,
    private readonly recorder: ExportRecorder,
  ) {}

  async execute(res: Response, command: ExportLedgerCommand): Promise<void> {
    const { format, table, from, to } = parseLedgerExportQuery(command.query);
    const fund = await this.funds.detail(command.fundId);
    const rows = await this.ledger.stream({ fundId: fund.id, table, from, to });
    const file = ledgerFile(format, this.ledger.columns(table), rows, { fund: { id: fund.id, slug: fund.slug, name: fund.name }, table, from: from ?? null, to: to ?? null });
    const filename = `${fund.slug}-ledger-${table}${from ? `-from-${from}` : ''}${to ? `-to-${to}` : ''}`;
    try {
      await this.recorder.stream(res, { kind: `ledger-${table}`, format, scope: { fundId: fund.id, table, from: from ?? null, to: to ?? null }, actorId: command.actorId, filename }, file.body, () => ({ [table]: file.rows() }));
    } catch (error) {
      // The client went away mid-file: the export is recorded as failed, and there is no one to answer.
      if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      throw error;
    } finally {
      // Harmless once the file has ended; if it never started (the manifest could not be opened), this lets the connection go.
      file.body.destroy();
    }
  }
}
