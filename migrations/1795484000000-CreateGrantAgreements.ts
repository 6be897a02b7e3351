import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grant agreements (owned by libs/ledger): when an award's money is due, and the grantee's
 * acceptance of the offer.
 *
 * - A tranche schedule is set once per award, before the offer is accepted (it is part of what is
 *   accepted); an award with none is paid in one tranche, due on acceptance.
 * - An acceptance keeps the SHA-256 of the exact offer text the grantee was shown, the version of
 *   the conditions and the language it was shown in, so the text can be rebuilt and checked.
 * - Which payment paid which tranche is in the payment's own ledger transaction (its memo), where
 *   the hash chain covers it.
 *
 * Both tables are append-only by the ledger's trigger function, like the books themselves.
 */
export class CreateGrantAgreements1795484000000 implements MigrationInterface {
  name = 'CreateGrantAgreements1795484000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE award_tranches (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id      uuid NOT NULL REFERENCES awards (id),
        seq           int NOT NULL CHECK (seq >= 1),
        amount_pence  bigint NOT NULL CHECK (amount_pence > 0),
        due_on        date NOT NULL,
        scheduled_by  uuid NOT NULL,
        scheduled_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (award_id, seq)
      )`);
    await q.query(`
      CREATE TABLE award_acceptances (
        award_id            uuid PRIMARY KEY REFERENCES awards (id),
        accepted_by         uuid NOT NULL,
        accepted_at         timestamptz NOT NULL DEFAULT now(),
        conditions_sha256   text NOT NULL CHECK (conditions_sha256 ~ '^[0-9a-f]{64}$'),
        conditions_version  int NOT NULL CHECK (conditions_version >= 1),
        language            text NOT NULL CHECK (language IN ('en', 'cy'))
      )`);
    for (const table of ['award_tranches', 'award_acceptances']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE award_acceptances`);
    await q.query(`DROP TABLE award_tranches`);
  }
}
