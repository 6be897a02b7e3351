import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two of a round's choices about who votes where (owned by libs/voting). Whether a resident may
 * vote in every lot or in one only (their own area's, say). And a council's list of who may
 * vote, for rounds that ask staff to confirm residents against it: the list is per fund, as the
 * council supplies it, and holds only SHA-256 digests of its identifiers (electoral register
 * numbers, say), never the identifiers. Each confirmation names the resident, the digest it was
 * matched on (one identifier confirms one account in a fund) and who confirmed them.
 */
export class AddVoterLists1795496000000 implements MigrationInterface {
  name = 'AddVoterLists1795496000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ballot_settings ADD COLUMN lots_per_voter text NOT NULL DEFAULT 'every' CHECK (lots_per_voter IN ('every', 'one'))`);
    await q.query(`
      CREATE TABLE eligibility_lists (
        fund_id      uuid PRIMARY KEY REFERENCES funds (id),
        identifiers  int NOT NULL CHECK (identifiers > 0),
        -- The SHA-256 of the file as uploaded: the council can tell which of its files is in use.
        file_sha256  text NOT NULL,
        file_name    text NOT NULL,
        version      int NOT NULL DEFAULT 1,
        uploaded_by  uuid NOT NULL,
        uploaded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE eligibility_list_entries (
        fund_id            uuid NOT NULL REFERENCES eligibility_lists (fund_id),
        identifier_sha256  text NOT NULL CHECK (identifier_sha256 ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (fund_id, identifier_sha256)
      )`);
    await q.query(`
      CREATE TABLE voter_confirmations (
        fund_id            uuid NOT NULL REFERENCES funds (id),
        account_id         uuid NOT NULL,
        identifier_sha256  text NOT NULL,
        confirmed_by       uuid NOT NULL,
        confirmed_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fund_id, account_id),
        UNIQUE (fund_id, identifier_sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['voter_confirmations', 'eligibility_list_entries', 'eligibility_lists']) await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE ballot_settings DROP COLUMN lots_per_voter`);
  }
}
