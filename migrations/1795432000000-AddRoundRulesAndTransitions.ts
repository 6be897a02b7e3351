import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's rules (who may apply, how the vote works, co-design's endorsement dots), its form
 * questions, and the record of every phase transition, by the clock or by a fund manager
 * (owned by libs/funds).
 */
export class AddRoundRulesAndTransitions1795432000000 implements MigrationInterface {
  name = 'AddRoundRulesAndTransitions1795432000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rounds
        ADD COLUMN applicant_types       text[] NOT NULL DEFAULT '{unregistered-group,charity,cio,cic,company,school,faith-group}'
          CHECK (cardinality(applicant_types) > 0 AND applicant_types <@ '{unregistered-group,charity,cio,cic,company,school,faith-group,individual}'),
        ADD COLUMN voting_method         text NOT NULL DEFAULT 'approval' CHECK (voting_method IN ('approval', 'knapsack', 'cumulative', 'ranked')),
        ADD COLUMN allocation_rule       text NOT NULL DEFAULT 'greedy'
          CHECK (allocation_rule IN ('greedy', 'greedy-threshold', 'equalshares', 'equalshares/add1', 'equalshares/add1-comparison')),
        ADD COLUMN panel_weight_percent  int NOT NULL DEFAULT 0 CHECK (panel_weight_percent BETWEEN 0 AND 100),
        ADD COLUMN minimum_voter_age     int NOT NULL DEFAULT 16 CHECK (minimum_voter_age BETWEEN 11 AND 18),
        ADD COLUMN endorsement_dots      int NOT NULL DEFAULT 5 CHECK (endorsement_dots BETWEEN 1 AND 20),
        -- The phase open at the last recorded transition. The phase gate reads the clock, never
        -- this column; the scheduler compares the two to know a transition is due.
        ADD COLUMN recorded_phase        text,
        ADD COLUMN updated_at            timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE round_phase_transitions (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        round_id    uuid NOT NULL REFERENCES rounds (id),
        from_phase  text,
        to_phase    text,
        at          timestamptz NOT NULL DEFAULT now(),
        -- null: the clock moved it (the worker's scheduler); otherwise the fund manager who did
        actor_id    uuid,
        CHECK (from_phase IS DISTINCT FROM to_phase)
      )`);
    await q.query(`CREATE INDEX round_phase_transitions_round ON round_phase_transitions (round_id, at)`);
    await q.query(`
      CREATE TABLE round_questions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id    uuid NOT NULL REFERENCES rounds (id),
        position    int NOT NULL,
        type        text NOT NULL CHECK (type IN ('short-text', 'long-text', 'number', 'yes-no', 'single-choice', 'multiple-choice', 'date', 'file')),
        label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
        hint        text CHECK (hint IS NULL OR length(hint) <= 500),
        required    boolean NOT NULL,
        word_limit  int CHECK (word_limit IS NULL OR (type = 'long-text' AND word_limit BETWEEN 10 AND 5000)),
        options     text[] NOT NULL DEFAULT '{}',
        CHECK ((type IN ('single-choice', 'multiple-choice')) = (cardinality(options) >= 2)),
        UNIQUE (round_id, position) DEFERRABLE INITIALLY DEFERRED
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE round_questions`);
    await q.query(`DROP TABLE round_phase_transitions`);
    await q.query(`
      ALTER TABLE rounds DROP COLUMN applicant_types, DROP COLUMN voting_method, DROP COLUMN allocation_rule, DROP COLUMN panel_weight_percent,
        DROP COLUMN minimum_voter_age, DROP COLUMN endorsement_dots, DROP COLUMN recorded_phase, DROP COLUMN updated_at`);
  }
}
