import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit log (owned by libs/audit) and funds with their areas, funding
 * organisations and contributions (owned by libs/funds).
 */
export class CreateAuditAndFunds1795420000000 implements MigrationInterface {
  name = 'CreateAuditAndFunds1795420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_id     uuid,
        action       text NOT NULL,
        entity_type  text NOT NULL,
        entity_id    text NOT NULL,
        before       jsonb,
        after        jsonb,
        at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at)`);
    // Append-only: history is never rewritten, by any code path.
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);

    await q.query(`
      CREATE TABLE funding_organisations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identifier  text NOT NULL UNIQUE,
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE funds (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        purpose     text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
        currency    text NOT NULL DEFAULT 'GBP' CHECK (currency = 'GBP'),
        created_by  uuid,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE fund_areas (
        fund_id  uuid NOT NULL REFERENCES funds (id) ON DELETE CASCADE,
        kind     text NOT NULL CHECK (kind IN ('ward', 'postcode_district')),
        code     text NOT NULL,
        name     text,
        PRIMARY KEY (fund_id, kind, code)
      )`);
    // Until the ledger lands, pooled money is recorded here; the ledger will take these rows over.
    await q.query(`
      CREATE TABLE fund_contributions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id          uuid NOT NULL REFERENCES funds (id),
        organisation_id  uuid NOT NULL REFERENCES funding_organisations (id),
        amount_pence     bigint NOT NULL CHECK (amount_pence > 0),
        received_on      date NOT NULL,
        condition        text CHECK (condition IS NULL OR length(condition) BETWEEN 1 AND 500),
        recorded_by      uuid,
        recorded_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX fund_contributions_fund ON fund_contributions (fund_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fund_contributions`);
    await q.query(`DROP TABLE fund_areas`);
    await q.query(`DROP TABLE funds`);
    await q.query(`DROP TABLE funding_organisations`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_is_append_only`);
  }
}
