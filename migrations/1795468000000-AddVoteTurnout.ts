import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who voted on each ballot paper (totals, online and paper, by postcode district and age band,
 * small groups withheld), worked out when the votes are counted and kept beside the result, so
 * voters changing their postcode or date of birth later cannot change it (owned by libs/voting).
 * Results counted before this have none. It is not part of the result's certificate.
 */
export class AddVoteTurnout1795468000000 implements MigrationInterface {
  name = 'AddVoteTurnout1795468000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vote_results ADD COLUMN turnout jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vote_results DROP COLUMN turnout`);
  }
}
