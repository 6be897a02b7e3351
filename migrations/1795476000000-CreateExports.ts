import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auditors' exports (owned by libs/exports): one row per export, with what was asked for and, once
 * the file has been streamed, its manifest (row counts, bytes, SHA-256), so anyone handed the file
 * can check it is the one the system produced. And each funding organisation's registered
 * 360Giving grant-id prefix (owned by libs/funds), which its published grant ids start with.
 */
export class CreateExports1795476000000 implements MigrationInterface {
  name = 'CreateExports1795476000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exports (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CHECK (kind IN ('ledger-entries', 'ledger-transactions', 'ledger-balances', 'audit-log', '360giving', 'verification')),
        format        text NOT NULL CHECK (format IN ('csv', 'json', 'xlsx')),
        -- What was asked for: the fund, the period.
        scope         jsonb NOT NULL,
        requested_by  uuid NOT NULL,
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        status        text NOT NULL DEFAULT 'streaming' CHECK (status IN ('streaming', 'complete', 'failed')),
        -- The manifest, once complete: rows per table in the file, its size and SHA-256.
        rows          jsonb,
        bytes         bigint,
        sha256        text CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX exports_requested_by ON exports (requested_by, started_at)`);
    await q.query(`ALTER TABLE funding_organisations ADD COLUMN grant_prefix text CHECK (grant_prefix IS NULL OR grant_prefix ~ '^360G-[A-Za-z0-9][A-Za-z0-9-]{0,60}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE funding_organisations DROP COLUMN grant_prefix`);
    await q.query(`DROP TABLE exports`);
  }
}
