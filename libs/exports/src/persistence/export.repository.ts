import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type ExportKind = 'ledger-entries' | 'ledger-transactions' | 'ledger-balances' | 'audit-log' | '360giving' | 'verification';
export type ExportFormat = 'csv' | 'json' | 'xlsx';

export interface ExportRow {
  id: string;
  kind: ExportKind;
  format: ExportFormat;
  scope: Record<string, unknown>;
  requestedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'streaming' | 'complete' | 'failed';
  rows: Record<string, number> | null;
  bytes: number | null;
  sha256: string | null;
}

const EXPORT = `id, kind, format, scope, requested_by AS "requestedBy", started_at AS "startedAt", finished_at AS "finishedAt", status, rows, bytes::float8 AS bytes, sha256`;

/** The exports table: who exported what, when, and each file's manifest. */
@Injectable()
export class ExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async start(e: { kind: ExportKind; format: ExportFormat; scope: Record<string, unknown>; requestedBy: string }): Promise<string> {
    const [row] = (await this.dataSource.query(`INSERT INTO exports (kind, format, scope, requested_by) VALUES ($1, $2, $3, $4) RETURNING id`, [e.kind, e.format, JSON.stringify(e.scope), e.requestedBy])) as Array<{ id: string }>;
    return row!.id;
  }

  async finish(manager: EntityManager, id: string, manifest: { rows: Record<string, number>; bytes: number; sha256: string }): Promise<void> {
    await manager.query(`UPDATE exports SET status = 'complete', finished_at = now(), rows = $2, bytes = $3, sha256 = $4 WHERE id = $1 AND status = 'streaming'`, [id, JSON.stringify(manifest.rows), manifest.bytes, manifest.sha256]);
  }

  async fail(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE exports SET status = 'failed', finished_at = now() WHERE id = $1 AND status = 'streaming'`, [id]);
  }

  async find(id: string): Promise<ExportRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${EXPORT} FROM exports WHERE id = $1`, [id])) as ExportRow[];
    return row;
  }

  async recent(scopeFundId: string, limit = 20): Promise<ExportRow[]> {
    return (await this.dataSource.query(`SELECT ${EXPORT} FROM exports WHERE scope->>'fundId' = $1 ORDER BY started_at DESC LIMIT $2`, [scopeFundId, limit])) as ExportRow[];
  }
}
