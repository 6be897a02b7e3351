import type { MigrationInterface, QueryRunner } from 'typeorm';
import { transactionHash } from '../libs/ledger/src/domain/chain';

/**
 * The allocation ledger (owned by libs/ledger): double-entry books per fund in integer pence.
 *
 * - Accounts are (fund, kind, contributor[, round | award]): every penny stays attributed to the
 *   organisation that put it in, so each award's funders are known.
 * - Transactions carry entries that sum to zero (debits positive, credits negative), checked by a
 *   constraint trigger at commit; an idempotency key (unique) so a replay is the same posting; a
 *   sequence and hash chain per fund (each hash covers the transaction, its entries and the
 *   previous hash); a reversal names the one it reverses, at most once.
 * - Nothing is ever updated or deleted: triggers refuse it, whatever the code does.
 * - Awards: what was awarded to which application, from which published result or panel decision.
 *   Whether an award still stands is read from the ledger (its commitment reversed, or not).
 *
 * Contributions recorded before the ledger existed are posted into it here, so the books start
 * complete.
 */
export class CreateLedger1795472000000 implements MigrationInterface {
  name = 'CreateLedger1795472000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE awards (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id         uuid NOT NULL REFERENCES funds (id),
        round_id        uuid NOT NULL REFERENCES rounds (id),
        lot_key         text NOT NULL DEFAULT '',
        application_id  uuid NOT NULL REFERENCES applications (id),
        amount_pence    bigint NOT NULL CHECK (amount_pence > 0),
        source          text NOT NULL CHECK (source IN ('vote-result', 'panel-decision')),
        -- The published result's SHA-256, or the panel decision's version: where the award comes from.
        source_ref      text NOT NULL CHECK (length(source_ref) BETWEEN 1 AND 200),
        awarded_by      uuid,
        awarded_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX awards_round ON awards (round_id)`);
    await q.query(`CREATE INDEX awards_application ON awards (application_id)`);

    await q.query(`
      CREATE TABLE ledger_accounts (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id          uuid NOT NULL REFERENCES funds (id),
        kind             text NOT NULL CHECK (kind IN ('contributions', 'unallocated', 'round-budget', 'award-committed', 'award-paid', 'returned')),
        organisation_id  uuid NOT NULL REFERENCES funding_organisations (id),
        round_id         uuid REFERENCES rounds (id),
        award_id         uuid REFERENCES awards (id),
        CHECK ((kind = 'round-budget') = (round_id IS NOT NULL)),
        CHECK ((kind IN ('award-committed', 'award-paid')) = (award_id IS NOT NULL)),
        UNIQUE NULLS NOT DISTINCT (fund_id, kind, organisation_id, round_id, award_id)
      )`);
    await q.query(`
      CREATE TABLE ledger_transactions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_id          uuid NOT NULL REFERENCES funds (id),
        seq              bigint NOT NULL CHECK (seq >= 1),
        kind             text NOT NULL CHECK (kind IN ('contribution', 'set-aside', 'award', 'payment', 'return', 'reversal')),
        idempotency_key  text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        reverses         uuid UNIQUE REFERENCES ledger_transactions (id),
        reason           text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
        memo             jsonb NOT NULL DEFAULT '{}',
        effective_on     date NOT NULL,
        posted_at        timestamptz NOT NULL,
        posted_by        uuid,
        prev_hash        text CHECK (prev_hash IS NULL OR prev_hash ~ '^[0-9a-f]{64}$'),
        hash             text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        UNIQUE (fund_id, seq),
        CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
        CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  uuid NOT NULL REFERENCES ledger_transactions (id),
        account_id      uuid NOT NULL REFERENCES ledger_accounts (id),
        -- Debits positive, credits negative.
        amount_pence    bigint NOT NULL CHECK (amount_pence <> 0)
      )`);
    await q.query(`CREATE INDEX ledger_transactions_award ON ledger_transactions ((memo->>'awardId'))`);
    await q.query(`CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id)`);
    await q.query(`CREATE INDEX ledger_entries_account ON ledger_entries (account_id)`);

    // Append-only, enforced below the code: no UPDATE, DELETE or TRUNCATE, by anyone.
    await q.query(`
      CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: post a reversal instead', TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$`);
    for (const table of ['ledger_accounts', 'ledger_transactions', 'ledger_entries', 'awards']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only()`);
    }
    // Every transaction balances, and has at least two entries: checked at commit, once its entries are in.
    await q.query(`
      CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric; lines int;
      BEGIN
        SELECT coalesce(sum(amount_pence), 0), count(*) INTO total, lines FROM ledger_entries WHERE transaction_id = NEW.id;
        IF lines < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % does not balance (% entries, sum %)', NEW.id, lines, total USING ERRCODE = 'P0001';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_transactions_balance AFTER INSERT ON ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances()`);

    await this.postEarlierContributions(q);
  }

  /** Each contribution recorded before the ledger, posted in the order it was recorded. */
  private async postEarlierContributions(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT id, fund_id AS "fundId", organisation_id AS "organisationId", amount_pence::text AS "amountPence", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn",
              condition, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM fund_contributions ORDER BY recorded_at, id`,
    )) as Array<{ id: string; fundId: string; organisationId: string; amountPence: string; receivedOn: string; condition: string | null; recordedBy: string | null; recordedAt: Date }>;
    const heads = new Map<string, { seq: number; hash: string | null }>();
    for (const c of rows) {
      const head = heads.get(c.fundId) ?? { seq: 0, hash: null };
      const accounts = [];
      for (const kind of ['unallocated', 'contributions'] as const) {
        const [row] = (await q.query(
          `INSERT INTO ledger_accounts (fund_id, kind, organisation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
          [c.fundId, kind, c.organisationId],
        )) as Array<{ id: string }>;
        const id = row?.id ?? ((await q.query(`SELECT id FROM ledger_accounts WHERE fund_id = $1 AND kind = $2 AND organisation_id = $3`, [c.fundId, kind, c.organisationId])) as Array<{ id: string }>)[0]!.id;
        accounts.push({ id, ref: { kind, organisationId: c.organisationId, roundId: null, awardId: null } });
      }
      const amount = Number(c.amountPence);
      const entries = [
        { account: accounts[0]!.ref, amountPence: amount },
        { account: accounts[1]!.ref, amountPence: -amount },
      ];
      const transaction = {
        fundId: c.fundId,
        seq: head.seq + 1,
        kind: 'contribution' as const,
        idempotencyKey: `contribution:${c.id}`,
        reverses: null,
        reason: null,
        memo: { contributionId: c.id, ...(c.condition ? { condition: c.condition } : {}) },
        effectiveOn: c.receivedOn,
        // The hash covers milliseconds: what JavaScript dates and the column round-trip exactly.
        postedAt: new Date(c.recordedAt.getTime()),
        postedBy: c.recordedBy,
        prevHash: head.hash,
      };
      const hash = transactionHash(transaction, entries);
      const [inserted] = (await q.query(
        `INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, memo, effective_on, posted_at, posted_by, prev_hash, hash)
         VALUES ($1, $2, 'contribution', $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [c.fundId, transaction.seq, transaction.idempotencyKey, JSON.stringify(transaction.memo), c.receivedOn, transaction.postedAt, c.recordedBy, head.hash, hash],
      )) as Array<{ id: string }>;
      for (const [i, e] of entries.entries()) {
        await q.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount_pence) VALUES ($1, $2, $3)`, [inserted!.id, accounts[i]!.id, e.amountPence]);
      }
      heads.set(c.fundId, { seq: transaction.seq, hash });
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP TABLE ledger_transactions`);
    await q.query(`DROP TABLE ledger_accounts`);
    await q.query(`DROP TABLE awards`);
    await q.query(`DROP FUNCTION ledger_transaction_balances`);
    await q.query(`DROP FUNCTION ledger_is_append_only`);
  }
}
