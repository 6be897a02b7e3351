import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Votes are counted by the worker when they close by the clock: such a count has no person behind it. */
export class CountVotesByClock1795488000000 implements MigrationInterface {
  name = 'CountVotesByClock1795488000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vote_results ALTER COLUMN computed_by DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vote_results ALTER COLUMN computed_by SET NOT NULL`);
  }
}
