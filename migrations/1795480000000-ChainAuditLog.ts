import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditHash, type JsonValue } from '../libs/audit/src/domain/audit-chain';

const BATCH = 1000;

/**
 * The audit log becomes a hash chain (owned by libs/audit): each row carries the request it came
 * from, the previous row's hash and its own, over everything but its id. The rows already there
 * are chained here in id order, their times cut to the millisecond the hash covers (the code
 * writes millisecond times from now on). A unique previous hash means the chain cannot fork, even
 * if two writers ever got past the lock AuditTrail takes.
 */
export class ChainAuditLog1795480000000 implements MigrationInterface {
  name = 'ChainAuditLog1795480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN request_id text CHECK (request_id IS NULL OR length(request_id) BETWEEN 1 AND 100),
        ADD COLUMN prev_hash  text CHECK (prev_hash IS NULL OR prev_hash ~ '^[0-9a-f]{64}$'),
        ADD COLUMN hash       text CHECK (hash ~ '^[0-9a-f]{64}$')`);
    await this.chainExistingRows(q);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_log_one_successor ON audit_log (prev_hash)`);
    await q.query(`CREATE UNIQUE INDEX audit_log_one_first ON audit_log ((prev_hash IS NULL)) WHERE prev_hash IS NULL`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at)`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, at)`);
  }

  private async chainExistingRows(q: QueryRunner): Promise<void> {
    // The one sanctioned rewrite of history, inside this migration's transaction.
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    let prevHash: string | null = null;
    let lastId = '0';
    for (;;) {
      const rows = (await q.query(
        `SELECT a.id::text AS id, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId", before, after, date_trunc('milliseconds', at) AS at
           FROM audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT $2`,
        [lastId, BATCH],
      )) as Array<{ id: string; actorId: string | null; action: string; entityType: string; entityId: string; before: JsonValue; after: JsonValue; at: Date }>;
      if (rows.length === 0) break;
      const hashes: Array<{ prev: string | null; hash: string }> = [];
      for (const row of rows) {
        const hash = auditHash({ ...row, requestId: null, prevHash });
        hashes.push({ prev: prevHash, hash });
        prevHash = hash;
      }
      await q.query(
        `UPDATE audit_log a SET at = date_trunc('milliseconds', a.at), prev_hash = c.prev, hash = c.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS c (id, prev, hash) WHERE a.id = c.id`,
        [rows.map((r) => r.id), hashes.map((h) => h.prev), hashes.map((h) => h.hash)],
      );
      lastId = rows.at(-1)!.id;
    }
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_actor`);
    await q.query(`DROP INDEX audit_log_at`);
    await q.query(`DROP INDEX audit_log_one_first`);
    await q.query(`DROP INDEX audit_log_one_successor`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN request_id`);
  }
}
