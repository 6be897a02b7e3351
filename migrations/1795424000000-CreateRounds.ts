import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A fund's rounds and each round's phase timeline (owned by libs/funds). */
export class CreateRounds1795424000000 implements MigrationInterface {
  name = 'CreateRounds1795424000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rounds (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id          uuid NOT NULL REFERENCES funds (id),
        slug             text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        budget_pence     bigint NOT NULL CHECK (budget_pence > 0),
        grant_min_pence  bigint NOT NULL CHECK (grant_min_pence > 0),
        grant_max_pence  bigint NOT NULL CHECK (grant_max_pence >= grant_min_pence AND grant_max_pence <= budget_pence),
        created_by       uuid,
        created_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (fund_id, slug)
      )`);
    await q.query(`
      CREATE TABLE round_phases (
        round_id   uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        phase      text NOT NULL CHECK (phase IN ('co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards')),
        enabled    boolean NOT NULL,
        opens_at   timestamptz,
        closes_at  timestamptz,
        PRIMARY KEY (round_id, phase),
        CHECK (NOT enabled OR (opens_at IS NOT NULL AND closes_at IS NOT NULL AND closes_at > opens_at))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE round_phases`);
    await q.query(`DROP TABLE rounds`);
  }
}
