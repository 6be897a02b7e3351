import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The postcode a person gives as where they live: funds are open to residents by postcode (owned by libs/identity). */
export class AddAccountPostcode1795428000000 implements MigrationInterface {
  name = 'AddAccountPostcode1795428000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD COLUMN postcode text CHECK (postcode IS NULL OR postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts DROP COLUMN postcode`);
  }
}
