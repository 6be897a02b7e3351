import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A round may take applications in two stages: a short expression of interest, then a full application from those invited (owned by libs/funds). */
export class AddTwoStageRounds1795456000000 implements MigrationInterface {
  name = 'AddTwoStageRounds1795456000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rounds ADD COLUMN two_stage boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rounds DROP COLUMN two_stage`);
  }
}
