import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paper ballots keyed in by the batch (owned by libs/voting): a batch is one box of sheets from an
 * event, for one round and lot, keyed twice by two different members of staff. Each keying keeps
 * its sheets as typed; the batch is entered only once the two agree, and then keeps, sheet by
 * sheet, what became of it (entered, or why not). Ballots entered from a batch name it.
 */
export class CreatePaperBatches1795500000000 implements MigrationInterface {
  name = 'CreatePaperBatches1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE paper_batches (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id       uuid NOT NULL REFERENCES rounds (id),
        -- The lot its sheets are for; '' for a round without lots (as ballots.lot_key).
        lot_key        text NOT NULL DEFAULT '',
        -- Where the box came from, as staff name it: "Library event, box 2".
        label          text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        created_by     uuid NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        committed_by   uuid,
        committed_at   timestamptz,
        -- Once entered, each sheet's outcome: [{ sheet, email, entered, problem, params }].
        report         jsonb,
        CHECK ((committed_at IS NULL) = (committed_by IS NULL)),
        CHECK ((committed_at IS NULL) = (report IS NULL))
      )`);
    // One batch a box: a start form sent twice makes one batch, not two to be keyed apart.
    await q.query(`CREATE UNIQUE INDEX paper_batches_label ON paper_batches (round_id, lot_key, lower(label))`);
    await q.query(`
      CREATE TABLE paper_batch_keyings (
        batch_id   uuid NOT NULL REFERENCES paper_batches (id),
        keyed_by   uuid NOT NULL,
        -- [{ line, sheet, email, choices: [{ projectId, points }], text }], as keyed.
        sheets     jsonb NOT NULL,
        keyed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (batch_id, keyed_by)
      )`);
    await q.query(`ALTER TABLE ballots ADD COLUMN batch_id uuid REFERENCES paper_batches (id)`);
    await q.query(`ALTER TABLE ballots ADD CONSTRAINT ballots_batch_paper CHECK (batch_id IS NULL OR source = 'paper')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ballots DROP COLUMN batch_id`);
    for (const table of ['paper_batch_keyings', 'paper_batches']) await q.query(`DROP TABLE ${table}`);
  }
}
