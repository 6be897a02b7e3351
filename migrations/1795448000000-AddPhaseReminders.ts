import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminders the phase scheduler has sent before a phase closes, one per round and phase: the
 * primary key is what makes a second reminder impossible, whichever worker gets there (owned by
 * libs/funds).
 */
export class AddPhaseReminders1795448000000 implements MigrationInterface {
  name = 'AddPhaseReminders1795448000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE round_phase_reminders (
        round_id    uuid NOT NULL REFERENCES rounds (id),
        phase       text NOT NULL,
        sent_at     timestamptz NOT NULL DEFAULT now(),
        recipients  int NOT NULL,
        PRIMARY KEY (round_id, phase)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE round_phase_reminders`);
  }
}
