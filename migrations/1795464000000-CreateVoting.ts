import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public vote (owned by libs/voting): each round's ballot settings, residents' declared dates
 * of birth (once per account, for every round), and the ballots: one per voter, round and lot,
 * with the choices being made (a draft) apart from the last confirmed ones (which count), the
 * receipt's published id, and where the ballot came from (online, or a paper ballot staff typed in).
 * Confirmations carry the client's idempotency key, so a retry is the same confirmation. And the
 * results: each paper's tally with its certificate and the anonymised ballot file, until and once published.
 */
export class CreateVoting1795464000000 implements MigrationInterface {
  name = 'CreateVoting1795464000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ballot_settings (
        round_id                uuid PRIMARY KEY REFERENCES rounds (id),
        min_choices             int NOT NULL DEFAULT 1 CHECK (min_choices BETWEEN 0 AND 500),
        max_choices             int CHECK (max_choices IS NULL OR max_choices BETWEEN 1 AND 500),
        points                  int NOT NULL DEFAULT 10 CHECK (points BETWEEN 1 AND 1000),
        max_points_per_project  int CHECK (max_points_per_project IS NULL OR max_points_per_project BETWEEN 1 AND 1000),
        min_spend_percent       int NOT NULL DEFAULT 0 CHECK (min_spend_percent BETWEEN 0 AND 100),
        -- For the greedy-threshold rule: the least support a project needs to take part.
        support_threshold       int CHECK (support_threshold IS NULL OR support_threshold >= 0),
        verification            text NOT NULL DEFAULT 'declaration' CHECK (verification IN ('declaration', 'council-list')),
        version                 int NOT NULL DEFAULT 0,
        updated_by              uuid,
        updated_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE voter_declarations (
        account_id     uuid PRIMARY KEY,
        date_of_birth  date NOT NULL,
        declared_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ballots (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id            uuid NOT NULL REFERENCES rounds (id),
        -- The lot voted in; '' for a round without lots (a key, so one ballot a voter a lot is a unique index).
        lot_key             text NOT NULL DEFAULT '',
        voter_id            uuid NOT NULL,
        -- [{ projectId, points }], in the voter's order: what they are choosing now, and what they last confirmed.
        draft               jsonb,
        choices             jsonb,
        confirmed_at        timestamptz,
        -- SHA-256-derived id of the voter's receipt: the ballot's id in the published file.
        published_id        text UNIQUE,
        source              text NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'paper')),
        entered_by          uuid,
        -- The idempotency key of the last confirmation: the same key again is the same confirmation.
        confirm_key         text CHECK (confirm_key IS NULL OR length(confirm_key) BETWEEN 1 AND 100),
        version             int NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, lot_key, voter_id),
        CHECK ((choices IS NULL) = (confirmed_at IS NULL)),
        CHECK ((source = 'paper') = (entered_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ballots_round ON ballots (round_id, lot_key) WHERE confirmed_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE vote_results (
        round_id        uuid NOT NULL REFERENCES rounds (id),
        lot_key         text NOT NULL DEFAULT '',
        rule            text NOT NULL,
        algorithm       text NOT NULL,
        -- The certificate: the ballots' SHA-256 and the result's (rule, parameters, ballots, winners); a re-count gives the same.
        ballots_sha256  text NOT NULL,
        result_sha256   text NOT NULL,
        -- The tally's whole result: winners, total, every project's explanation.
        result          jsonb NOT NULL,
        -- The anonymised ballots as published (pabulib), byte for byte.
        ballot_file     text NOT NULL,
        computed_by     uuid NOT NULL,
        computed_at     timestamptz NOT NULL DEFAULT now(),
        published_by    uuid,
        published_at    timestamptz,
        PRIMARY KEY (round_id, lot_key),
        CHECK ((published_at IS NULL) = (published_by IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['vote_results', 'ballots', 'voter_declarations', 'ballot_settings']) await q.query(`DROP TABLE ${table}`);
  }
}
