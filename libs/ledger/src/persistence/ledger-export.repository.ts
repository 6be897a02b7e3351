import { finished, type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';

export type LedgerExportTable = 'entries' | 'transactions' | 'balances';
export const LEDGER_EXPORT_TABLES: readonly LedgerExportTable[] = ['entries', 'transactions', 'balances'];

/**
 * What a cell holds, so a format knows how to write it without looking: `id` a UUID, `int` a whole
 * number, `date` YYYY-MM-DD, `timestamp` an ISO 8601 instant in UTC to the millisecond (what the
 * hash chain covers), `pence` whole pence (signed for balances), `json` a JSON document, `text` anything.
 */
export type LedgerCellKind = 'id' | 'text' | 'int' | 'date' | 'timestamp' | 'pence' | 'json';
export interface LedgerExportColumn {
  name: string;
  kind: LedgerCellKind;
}
/** A row as Postgres wrote it, in the order of its table's columns; null for SQL NULL. */
export type LedgerExportRow = Array<string | null>;

export interface LedgerExportQuery {
  fundId: string;
  table: LedgerExportTable;
  /** Transactions effective on or after this day (entries, transactions). */
  from?: string;
  /** Effective on or before this day; for balances, the day they are as at. */
  to?: string;
}

const POSTED_AT = `to_char(t.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const EFFECTIVE_ON = `to_char(t.effective_on, 'YYYY-MM-DD')`;
const PERIOD = `t.fund_id = $1 AND ($2::date IS NULL OR t.effective_on >= $2::date) AND ($3::date IS NULL OR t.effective_on <= $3::date)`;

const TABLES: Record<LedgerExportTable, { columns: LedgerExportColumn[]; sql: string; params: (q: LedgerExportQuery) => unknown[] }> = {
  entries: {
    columns: [
      { name: 'entryId', kind: 'int' },
      { name: 'transactionId', kind: 'id' },
      { name: 'seq', kind: 'int' },
      { name: 'effectiveOn', kind: 'date' },
      { name: 'postedAt', kind: 'timestamp' },
      { name: 'transactionKind', kind: 'text' },
      { name: 'accountId', kind: 'id' },
      { name: 'accountKind', kind: 'text' },
      { name: 'organisationId', kind: 'id' },
      { name: 'roundId', kind: 'id' },
      { name: 'awardId', kind: 'id' },
      { name: 'debit', kind: 'pence' },
      { name: 'credit', kind: 'pence' },
    ],
    sql: `SELECT e.id, t.id, t.seq, ${EFFECTIVE_ON}, ${POSTED_AT}, t.kind, a.id, a.kind, a.organisation_id, a.round_id, a.award_id,
                 CASE WHEN e.amount_pence > 0 THEN e.amount_pence END, CASE WHEN e.amount_pence < 0 THEN -e.amount_pence END
            FROM ledger_entries e
            JOIN ledger_transactions t ON t.id = e.transaction_id
            JOIN ledger_accounts a ON a.id = e.account_id
           WHERE ${PERIOD}
           ORDER BY t.seq, e.id`,
    params: (q) => [q.fundId, q.from ?? null, q.to ?? null],
  },
  transactions: {
    columns: [
      { name: 'id', kind: 'id' },
      { name: 'seq', kind: 'int' },
      { name: 'kind', kind: 'text' },
      { name: 'idempotencyKey', kind: 'text' },
      { name: 'reverses', kind: 'id' },
      { name: 'reason', kind: 'text' },
      { name: 'memo', kind: 'json' },
      { name: 'effectiveOn', kind: 'date' },
      { name: 'postedAt', kind: 'timestamp' },
      { name: 'postedBy', kind: 'id' },
      { name: 'prevHash', kind: 'id' },
      { name: 'hash', kind: 'id' },
    ],
    sql: `SELECT t.id, t.seq, t.kind, t.idempotency_key, t.reverses, t.reason, t.memo::text, ${EFFECTIVE_ON}, ${POSTED_AT}, t.posted_by, t.prev_hash, t.hash
            FROM ledger_transactions t
           WHERE ${PERIOD}
           ORDER BY t.seq`,
    params: (q) => [q.fundId, q.from ?? null, q.to ?? null],
  },
  // Every account that had moved by the day (or by now): a balance is as at a day, so `from` does not apply.
  balances: {
    columns: [
      { name: 'accountId', kind: 'id' },
      { name: 'accountKind', kind: 'text' },
      { name: 'organisationId', kind: 'id' },
      { name: 'roundId', kind: 'id' },
      { name: 'awardId', kind: 'id' },
      { name: 'debits', kind: 'pence' },
      { name: 'credits', kind: 'pence' },
      { name: 'balance', kind: 'pence' },
    ],
    sql: `SELECT a.id, a.kind, a.organisation_id, a.round_id, a.award_id,
                 coalesce(sum(e.amount_pence) FILTER (WHERE e.amount_pence > 0), 0), coalesce(-sum(e.amount_pence) FILTER (WHERE e.amount_pence < 0), 0), sum(e.amount_pence)
            FROM ledger_accounts a
            JOIN ledger_entries e ON e.account_id = a.id
            JOIN ledger_transactions t ON t.id = e.transaction_id
           WHERE a.fund_id = $1 AND ($2::date IS NULL OR t.effective_on <= $2::date)
           GROUP BY a.id
           ORDER BY a.kind, a.organisation_id, a.round_id NULLS FIRST, a.award_id NULLS FIRST, a.id`,
    params: (q) => [q.fundId, q.to ?? null],
  },
};

// Every value as the text Postgres sent: the SQL already wrote dates and instants the way the file
// shows them, and parsing a million timestamps into Dates only to print them again is most of the cost.
const AS_TEXT = { getTypeParser: () => (value: string) => value };
// Rows per round trip. A batch stays in memory until the last of its rows is written, so with
// larger batches its rows outlive the young generation's collections and pile up in the old one
// (2,000 took the XLSX export's peak from about 180 to 350 MB); 500 costs the CSV no measurable speed.
const BATCH_ROWS = 500;

/**
 * The ledger's tables read for export: a cursor on a connection of its own, so a million rows go
 * through in batches and memory stays flat however long the books are. One statement, so one
 * snapshot: the file is the books as they stood at one instant.
 */
@Injectable()
export class LedgerExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  columns(table: LedgerExportTable): LedgerExportColumn[] {
    return TABLES[table].columns;
  }

  /** The statement a table is read with (the benchmark runs the same one through COPY as its baseline). */
  statement(query: LedgerExportQuery): { text: string; values: unknown[] } {
    return { text: TABLES[query.table].sql, values: TABLES[query.table].params(query) };
  }

  /**
   * The rows, in chain order (seq, then entry id). The connection goes back to the pool when the
   * stream ends; if it errs or is destroyed first (the client went away), the connection is closed
   * instead, since a half-read cursor is not worth trusting to the next request. Whoever takes the
   * stream must read it to the end or destroy it.
   */
  async stream(query: LedgerExportQuery): Promise<Readable> {
    // TypeORM's own pool (typed `any` by TypeORM): a streaming export holds one of its connections until the last row.
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    try {
      const { text, values } = this.statement(query);
      const rows = client.query(new QueryStream(text, values, { batchSize: BATCH_ROWS, rowMode: 'array', types: AS_TEXT }));
      // Ended: back to the pool. Erred or destroyed early (finished reports a premature close): closed.
      finished(rows, (error) => client.release(error ? true : undefined));
      return rows;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }
}
