import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fund manager may take down a priority or a comment that breaks the house rules, with a
 * reason that residents see in its place; the words are kept for the audit trail, never shown
 * (owned by libs/funds).
 */
export class AddCoDesignModeration1795440000000 implements MigrationInterface {
  name = 'AddCoDesignModeration1795440000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['priorities', 'priority_comments']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN removed_at      timestamptz,
          ADD COLUMN removed_reason  text CHECK (removed_reason IS NULL OR length(removed_reason) BETWEEN 1 AND 500),
          ADD CONSTRAINT ${table}_removed_with_reason CHECK ((removed_at IS NULL) = (removed_reason IS NULL))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['priorities', 'priority_comments']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_removed_with_reason, DROP COLUMN removed_at, DROP COLUMN removed_reason`);
    }
  }
}
