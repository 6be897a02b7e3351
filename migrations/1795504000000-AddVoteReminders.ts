import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder sent before a public vote closes to the voters who saved choices and did not
 * confirm them, one per round (owned by libs/voting): the primary key is what makes a second one
 * impossible, whichever worker gets there. And an index on the ballots with a draft, which is all
 * that reminder reads of them.
 */
export class AddVoteReminders1795504000000 implements MigrationInterface {
  name = 'AddVoteReminders1795504000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vote_reminders (
        round_id    uuid PRIMARY KEY REFERENCES rounds (id),
        sent_at     timestamptz NOT NULL DEFAULT now(),
        recipients  int NOT NULL
      )`);
    await q.query(`CREATE INDEX ballots_drafts ON ballots (round_id) WHERE draft IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ballots_drafts`);
    await q.query(`DROP TABLE vote_reminders`);
  }
}
