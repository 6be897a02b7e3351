import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { JsonValue, StoredAuditRow } from '../domain/audit-chain';
import type { AuditFilter } from '../domain/audit-filter';

// The id goes out as text (bigint); queries order by `a.id`, the number, never by that text.
const ROW = `a.id::text AS id, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId", before, after, at, request_id AS "requestId", prev_hash AS "prevHash", hash`;

const json = (value: JsonValue) => (value === null ? null : JSON.stringify(value));

/** Days are UK days: a period runs from midnight Europe/London on `from` to midnight after `to`. */
function where(filter: AuditFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.from) clauses.push(`at >= (${param(filter.from)}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  if (filter.to) clauses.push(`at < (${param(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);
  // The filter allows only [a-z0-9.-] in an action, so it holds no LIKE wildcards.
  if (filter.action) clauses.push(`action LIKE ${param(filter.action)} || '%'`);
  if (filter.entityType) clauses.push(`entity_type = ${param(filter.entityType)}`);
  if (filter.entityId) clauses.push(`entity_id = ${param(filter.entityId)}`);
  if (filter.actorId) clauses.push(`actor_id = ${param(filter.actorId)}`);
  return clauses.length ? clauses.join(' AND ') : 'true';
}

/** The audit_log table: appended to under one lock, read in id order (which is chain order). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One writer at a time, until its transaction ends. A statement of its own: a read in the same
   * statement would use a snapshot taken before the wait, and miss the row the last holder wrote.
   */
  async lockChain(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit_log', 0))`);
  }

  async lastHash(manager: EntityManager): Promise<string | null> {
    const [row] = (await manager.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`)) as Array<{ hash: string }>;
    return row?.hash ?? null;
  }

  async insert(manager: EntityManager, row: Omit<StoredAuditRow, 'id'>): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, at, request_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [row.actorId, row.action, row.entityType, row.entityId, json(row.before), json(row.after), row.at, row.requestId, row.prevHash, row.hash],
    );
  }

  /** Newest first, `limit` rows older than the row `before` (a keyset, so paging never skips or repeats). */
  async page(filter: AuditFilter, before: string | null, limit: number): Promise<StoredAuditRow[]> {
    const params: unknown[] = [];
    const conditions = where(filter, params);
    const older = before ? ` AND a.id < $${params.push(before)}` : '';
    return (await this.dataSource.query(`SELECT ${ROW} FROM audit_log a WHERE ${conditions}${older} ORDER BY a.id DESC LIMIT $${params.push(limit)}`, params)) as StoredAuditRow[];
  }

  /** The next `limit` rows of the whole log after row `after`, oldest first. */
  async chainAfter(after: string, limit: number): Promise<StoredAuditRow[]> {
    return (await this.dataSource.query(`SELECT ${ROW} FROM audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT $2`, [after, limit])) as StoredAuditRow[];
  }

  /** The rows matching, oldest first, read from a cursor on a connection of their own: memory stays flat however long the log. */
  async *stream(filter: AuditFilter): AsyncGenerator<StoredAuditRow> {
    const params: unknown[] = [];
    const conditions = where(filter, params);
    const runner = this.dataSource.createQueryRunner();
    try {
      const rows = await runner.stream(`SELECT ${ROW} FROM audit_log a WHERE ${conditions} ORDER BY a.id`, params);
      for await (const row of rows as unknown as AsyncIterable<StoredAuditRow>) yield row;
    } finally {
      await runner.release();
    }
  }
}
