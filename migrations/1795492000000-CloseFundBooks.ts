import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing a fund's books (owned by libs/ledger): once every penny is paid out or returned, a fund
 * manager closes them with a reason; nothing more may be posted. The row keeps the chain's head at
 * that moment, so a transaction added or removed afterwards (behind the triggers) shows.
 */
export class CloseFundBooks1795492000000 implements MigrationInterface {
  name = 'CloseFundBooks1795492000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_closures (
        fund_id    uuid PRIMARY KEY REFERENCES funds (id),
        closed_at  timestamptz NOT NULL DEFAULT now(),
        closed_by  uuid NOT NULL,
        reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
        head_seq   bigint NOT NULL,
        head_hash  text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE TRIGGER ledger_closures_append_only BEFORE UPDATE OR DELETE ON ledger_closures FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only()`);
    await q.query(`CREATE TRIGGER ledger_closures_no_truncate BEFORE TRUNCATE ON ledger_closures FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_closures`);
  }
}
