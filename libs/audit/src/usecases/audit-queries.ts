import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { verifyAuditChain, type AuditChainBreak, type StoredAuditRow } from '../domain/audit-chain';
import { AuditErrorCode, AuditException } from '../domain/audit.exception';
import { auditCsvHeader, auditCsvRow, auditJsonClosing, auditJsonOpening, auditJsonRow } from '../domain/audit-export';
import { auditFilter, type AuditFilter, type AuditFilterInput } from '../domain/audit-filter';
import { AuditLogRepository } from '../persistence/audit-log.repository';

const PAGE = 1000;
/** Rows are gathered into chunks of about this many characters before they are written. */
const CHUNK = 64 * 1024;

export interface AuditVerification {
  /** Rows whose hash and link were checked (up to and including a break). */
  rows: number;
  /** The first row that does not follow from the one before it; null when the whole log holds. */
  chainBreak: AuditChainBreak | null;
  /**
   * The newest row when the log holds. Noted down elsewhere, it shows later whether rows were
   * removed from the end, which the chain alone cannot.
   */
  head: { id: string; hash: string } | null;
}

export interface AuditLogExport {
  filter: AuditFilter;
  format: 'csv' | 'json';
  body: Readable;
  /** Rows written so far: the manifest's count once the body has ended. */
  rows: () => { auditLog: number };
}

/** Reading the audit log: a page of it, the whole chain checked, a period of it as a file. */
@Injectable()
export class AuditQueries {
  constructor(private readonly log: AuditLogRepository) {}

  /** Newest first; `next` is the `before` that gives the following page, null on the last. */
  async list(input: AuditFilterInput & { before?: unknown; limit?: unknown }): Promise<{ entries: StoredAuditRow[]; next: string | null }> {
    const filter = auditFilter(input);
    const before = input.before === undefined || input.before === '' ? null : String(input.before);
    if (before !== null && !/^[1-9]\d{0,18}$/.test(before)) throw new AuditException(AuditErrorCode.Invalid, 'before', 'audit.filter.cursorInvalid');
    const limit = input.limit === undefined || input.limit === '' ? 50 : Number(input.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AuditException(AuditErrorCode.Invalid, 'limit', 'audit.filter.limitInvalid');
    const entries = await this.log.page(filter, before, limit + 1);
    return { entries: entries.slice(0, limit), next: entries.length > limit ? entries[limit - 1]!.id : null };
  }

  /** Recomputes every hash and link in id order, a page at a time. */
  async verify(): Promise<AuditVerification> {
    let rows = 0;
    let last: StoredAuditRow | null = null;
    for (;;) {
      const page = await this.log.chainAfter(last?.id ?? '0', PAGE);
      const chainBreak = verifyAuditChain(page, last?.hash ?? null);
      if (chainBreak) return { rows: rows + page.findIndex((r) => r.id === chainBreak.id) + 1, chainBreak, head: null };
      rows += page.length;
      const newest: StoredAuditRow | null = page.at(-1) ?? last;
      if (page.length < PAGE) return { rows, chainBreak: null, head: newest && { id: newest.id, hash: newest.hash } };
      last = newest;
    }
  }

  /**
   * The rows of a period (and action) as CSV or JSON, in chain order, streamed from a cursor.
   * The filter is checked before anything is written, so a bad one is a plain 400.
   */
  export(input: Pick<AuditFilterInput, 'from' | 'to' | 'action'>, format: unknown): AuditLogExport {
    if (format !== 'csv' && format !== 'json') throw new AuditException(AuditErrorCode.Invalid, 'format', 'audit.filter.formatInvalid');
    const filter = auditFilter({ from: input.from, to: input.to, action: input.action });
    const log = this.log;
    let count = 0;
    async function* chunks(): AsyncGenerator<string> {
      let chunk = format === 'csv' ? auditCsvHeader() : auditJsonOpening(filter);
      for await (const row of log.stream(filter)) {
        chunk += format === 'csv' ? auditCsvRow(row) : auditJsonRow(row, count === 0);
        count += 1;
        if (chunk.length >= CHUNK) {
          yield chunk;
          chunk = '';
        }
      }
      yield format === 'csv' ? chunk : chunk + auditJsonClosing(count);
    }
    return { filter, format, body: Readable.from(chunks(), { objectMode: false }), rows: () => ({ auditLog: count }) };
  }
}
