import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-design: residents' priorities, their comments and endorsement dots, the criteria a fund
 * manager adopts from them (with the trail back to each priority), polls, the "you said, we
 * did" summary, and lots, which may split a budget by adopted criterion (owned by libs/funds).
 */
export class CreateCoDesign1795436000000 implements MigrationInterface {
  name = 'CreateCoDesign1795436000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE priorities (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id      uuid NOT NULL REFERENCES rounds (id),
        author_id     uuid NOT NULL,
        title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
        description   text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        who_it_helps  text CHECK (who_it_helps IS NULL OR length(who_it_helps) BETWEEN 1 AND 300),
        -- A duplicate merged into another keeps its text; its endorsements move to the other.
        merged_into   uuid REFERENCES priorities (id),
        merged_at     timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CHECK (merged_into IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX priorities_round ON priorities (round_id, created_at)`);
    await q.query(`
      CREATE TABLE priority_comments (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        priority_id  uuid NOT NULL REFERENCES priorities (id),
        author_id    uuid NOT NULL,
        -- Residents' names are not public, so a comment shows only whether a fund manager wrote it.
        by_fund_manager  boolean NOT NULL DEFAULT false,
        body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX priority_comments_priority ON priority_comments (priority_id, created_at)`);
    // One row per dot: a resident may put several of their dots on one priority.
    await q.query(`
      CREATE TABLE priority_endorsements (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        round_id     uuid NOT NULL REFERENCES rounds (id),
        priority_id  uuid NOT NULL REFERENCES priorities (id),
        account_id   uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX priority_endorsements_voter ON priority_endorsements (round_id, account_id)`);
    await q.query(`CREATE INDEX priority_endorsements_priority ON priority_endorsements (priority_id)`);
    await q.query(`
      CREATE TABLE round_criteria (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id     uuid NOT NULL REFERENCES rounds (id),
        title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
        description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        weight       int NOT NULL CHECK (weight BETWEEN 1 AND 100),
        adopted_by   uuid,
        adopted_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX round_criteria_round ON round_criteria (round_id, adopted_at)`);
    await q.query(`
      CREATE TABLE criterion_priorities (
        criterion_id  uuid NOT NULL REFERENCES round_criteria (id) ON DELETE CASCADE,
        priority_id   uuid NOT NULL REFERENCES priorities (id),
        PRIMARY KEY (criterion_id, priority_id)
      )`);
    await q.query(`
      CREATE TABLE codesign_polls (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id    uuid NOT NULL REFERENCES rounds (id),
        question    text NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
        options     text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 10),
        created_by  uuid,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE poll_answers (
        poll_id       uuid NOT NULL REFERENCES codesign_polls (id),
        account_id    uuid NOT NULL,
        option_index  int NOT NULL CHECK (option_index >= 0),
        answered_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (poll_id, account_id)
      )`);
    await q.query(`
      ALTER TABLE rounds
        ADD COLUMN you_said_we_did               text CHECK (you_said_we_did IS NULL OR length(you_said_we_did) BETWEEN 1 AND 10000),
        ADD COLUMN you_said_we_did_published_at  timestamptz`);
    await q.query(`
      CREATE TABLE round_lots (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id      uuid NOT NULL REFERENCES rounds (id),
        position      int NOT NULL,
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        budget_pence  bigint NOT NULL CHECK (budget_pence > 0),
        area_code     text,
        criterion_id  uuid REFERENCES round_criteria (id),
        CHECK ((area_code IS NULL) <> (criterion_id IS NULL)),
        UNIQUE (round_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE round_lots`);
    await q.query(`ALTER TABLE rounds DROP COLUMN you_said_we_did, DROP COLUMN you_said_we_did_published_at`);
    await q.query(`DROP TABLE poll_answers`);
    await q.query(`DROP TABLE codesign_polls`);
    await q.query(`DROP TABLE criterion_priorities`);
    await q.query(`DROP TABLE round_criteria`);
    await q.query(`DROP TABLE priority_endorsements`);
    await q.query(`DROP TABLE priority_comments`);
    await q.query(`DROP TABLE priorities`);
  }
}
