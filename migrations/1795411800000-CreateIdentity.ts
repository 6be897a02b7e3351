import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, roles, sessions, email tokens, personal access tokens and sign-in attempts (owned by libs/identity). */
export class CreateIdentity1795411800000 implements MigrationInterface {
  name = 'CreateIdentity1795411800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email             text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        password_hash     text NOT NULL,
        language          text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
        email_verified_at timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX accounts_email_key ON accounts (email)`);

    await q.query(`
      CREATE TABLE role_assignments (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        role        text NOT NULL CHECK (role IN ('resident', 'applicant', 'panellist', 'facilitator', 'fund_manager', 'auditor', 'admin')),
        scope_type  text NOT NULL CHECK (scope_type IN ('global', 'organisation', 'fund')),
        scope_id    uuid,
        granted_at  timestamptz NOT NULL DEFAULT now(),
        granted_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
        CHECK ((scope_type = 'global') = (scope_id IS NULL))
      )`);
    // One grant of a role per scope; the global grant (no scope id) is unique too.
    await q.query(`CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (account_id, role, scope_type, coalesce(scope_id, '00000000-0000-0000-0000-000000000000'))`);

    await q.query(`
      CREATE TABLE email_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
        token_hash  text NOT NULL UNIQUE,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_tokens_account ON email_tokens (account_id, purpose)`);

    await q.query(`
      CREATE TABLE personal_access_tokens (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        token_hash    text NOT NULL UNIQUE,
        prefix        text NOT NULL,
        scopes        text[] NOT NULL,
        expires_at    timestamptz,
        last_used_at  timestamptz,
        revoked_at    timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX personal_access_tokens_account ON personal_access_tokens (account_id)`);

    await q.query(`
      CREATE TABLE sign_in_attempts (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email         text NOT NULL,
        ip            text NOT NULL,
        succeeded     boolean NOT NULL,
        attempted_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, attempted_at)`);
    await q.query(`CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip, attempted_at)`);

    // The shape connect-pg-simple expects; sessions live in Postgres so any number of API processes share them.
    await q.query(`
      CREATE TABLE sessions (
        sid     varchar NOT NULL PRIMARY KEY,
        sess    json NOT NULL,
        expire  timestamp(6) NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_expire ON sessions (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE sign_in_attempts`);
    await q.query(`DROP TABLE personal_access_tokens`);
    await q.query(`DROP TABLE email_tokens`);
    await q.query(`DROP TABLE role_assignments`);
    await q.query(`DROP TABLE accounts`);
  }
}
