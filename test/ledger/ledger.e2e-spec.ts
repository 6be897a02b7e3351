import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { freePort, projectRoot } from '@commonpurse/kernel';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** A round the panel decides alone: no public vote, so its decisions are awards. */
const PANEL_ONLY = ['co-design', 'applications', 'screening', 'panel-review', 'results', 'awards'].map((phase, i) => ({ phase, opensAt: inDays(i === 0 ? -1 : i * 10), closesAt: inDays((i + 1) * 10) }));

describe('the ledger', () => {
  let t: TestApp;
  let facilitator: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
  });
  afterAll(async () => t.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
  });

  /** A fund, a panel-only round in panel review, and applications asking £1,000, £2,000 … (with their applicant's token). */
  async function panelRound(name: string, titles: string[], options: { pence?: number; budgetPence?: number } = {}): Promise<{ fund: FundSetUp; round: RoundSetUp; applicationIds: string[]; applicant: string }> {
    const fund = await fundWithMoney(t, name, ['BS5'], { pence: options.pence ?? 100_000_00, scopes: ['ledger:read'] });
    const round = await roundTakingApplications(t, fund, { name: 'Spring', postcode: 'BS5 6XY', rules: { phases: PANEL_ONLY, budgetPence: options.budgetPence ?? 20_000_00 } });
    const { applicationIds, token } = await eligibleApplications(t, fund, round, titles);
    for (const from of ['applications', 'screening']) await as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
    return { fund, round, applicationIds, applicant: token };
  }
  /** The applicant reads the application's grant offer and accepts it, as the offer's JSON API lets them. */
  async function acceptOffer(applicant: string, applicationId: string) {
    const offer = await as(applicant).get(`/api/v1/applications/${applicationId}/offer`).expect(200);
    return as(applicant).post(`/api/v1/applications/${applicationId}/offer`, { accept: true, offerSha256: offer.body.offerSha256 }).expect(201);
  }
  const decide = (fund: FundSetUp, round: RoundSetUp, applicationId: string, body: object, server: string | object = t.app.getHttpServer()) =>
    request(server as never)
      .put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${applicationId}`)
      .auth(facilitator, { type: 'bearer' })
      .send(body);

  it('posts each contribution and keeps the books reconciled, at any date', async () => {
    const fund = await fundWithMoney(t, 'Books Fund', ['BS5'], { pence: 60_000_00, scopes: ['ledger:read'] });
    await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/contributions`, { organisationIdentifier: 'GB-CHC-1234567', organisationName: 'Harbour Trust', amountPence: 15_000_00, receivedOn: '2026-03-01' }).expect(201);
    const now = await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger`).expect(200);
    expect(now.body).toMatchObject({ contributedPence: 75_000_00, availablePence: 75_000_00, setAsidePence: 0, committedPence: 0, paidPence: 0, returnedPence: 0, reconciles: true });
    expect(now.body.byContributor.map((c: { contributedPence: number }) => c.contributedPence).sort()).toEqual([15_000_00, 60_000_00]);
    // The council's money arrived on 5 January, the trust's on 1 March.
    expect((await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger?on=2026-02-01`).expect(200)).body.contributedPence).toBe(60_000_00);
    expect((await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger?on=2026-01-04`).expect(200)).body.contributedPence).toBe(0);
    const bad = await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger?on=2026-02-30`).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'on' })]);

    const { body } = await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200);
    expect(body.transactions.map((x: { seq: number; kind: string }) => [x.seq, x.kind])).toEqual([
      [1, 'contribution'],
      [2, 'contribution'],
    ]);
    expect(body.transactions[1].prevHash).toBe(body.transactions[0].hash);
    expect((await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body).toMatchObject({ transactions: 2, chainBreak: null, reconciles: true, negativeAccounts: [] });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every ledger table, and an unbalanced transaction, in the database itself', async () => {
    await fundWithMoney(t, 'Trigger Fund', ['BS5']);
    for (const sql of [
      `UPDATE ledger_entries SET amount_pence = amount_pence * 2`,
      `DELETE FROM ledger_entries`,
      `UPDATE ledger_transactions SET reason = 'tidied'`,
      `DELETE FROM ledger_transactions`,
      `UPDATE ledger_accounts SET kind = 'returned'`,
      `TRUNCATE ledger_entries CASCADE`,
      `TRUNCATE awards CASCADE`,
    ]) {
      await expect(query(t.db.url, sql)).rejects.toThrow(/append-only/);
    }
    const [{ fund_id: fundId, account_id: accountId }] = await query<{ fund_id: string; account_id: string }>(t.db.url, `SELECT a.fund_id, a.id AS account_id FROM ledger_accounts a WHERE kind = 'unallocated' LIMIT 1`);
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const [row] = (
        await client.query(`INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, effective_on, posted_at, prev_hash, hash) VALUES ($1, 99, 'contribution', 'one-sided', now(), now(), $2, $2) RETURNING id`, [fundId, 'a'.repeat(64)])
      ).rows;
      await client.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount_pence) VALUES ($1, $2, 100)`, [row.id, accountId]);
      await expect(client.query('COMMIT')).rejects.toThrow(/does not balance/);
    } finally {
      await client.end();
    }
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ledger_transactions WHERE idempotency_key = 'one-sided'`)).toEqual([{ n: 0 }]);
  });

  it('finds the first forged row when someone goes round the triggers', async () => {
    const edited = await fundWithMoney(t, 'Edited Fund', ['BS5'], { pence: 10_000_00, scopes: ['ledger:read'] });
    await as(edited.manager).post(`/api/v1/funds/${edited.fundId}/contributions`, { organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 5_000_00, receivedOn: '2026-02-01' }).expect(201);
    const forged = await fundWithMoney(t, 'Forged Fund', ['BS5'], { pence: 10_000_00, scopes: ['ledger:read'] });
    const verify = async (fund: FundSetUp) => (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body;
    expect((await verify(edited)).chainBreak).toBeNull();

    // An edit that keeps the transaction balanced: only the hash can tell.
    await query(t.db.url, `ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only`);
    try {
      await query(
        t.db.url,
        `UPDATE ledger_entries e SET amount_pence = e.amount_pence * 3 FROM ledger_transactions t WHERE t.id = e.transaction_id AND t.fund_id = $1 AND t.seq = 1`,
        [edited.fundId],
      );
    } finally {
      await query(t.db.url, `ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only`);
    }
    expect((await verify(edited)).chainBreak).toMatchObject({ seq: 1, problem: 'hashMismatch' });

    // A whole transaction slipped in at the head of the chain, balance check switched off.
    const [head] = await query<{ hash: string; debit: string; credit: string }>(
      t.db.url,
      `SELECT t.hash, (SELECT account_id FROM ledger_entries WHERE transaction_id = t.id AND amount_pence > 0) AS debit, (SELECT account_id FROM ledger_entries WHERE transaction_id = t.id AND amount_pence < 0) AS credit
         FROM ledger_transactions t WHERE t.fund_id = $1 AND t.seq = 1`,
      [forged.fundId],
    );
    await query(t.db.url, `ALTER TABLE ledger_transactions DISABLE TRIGGER ledger_transactions_balance`);
    try {
      const [row] = await query<{ id: string }>(
        t.db.url,
        `INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, effective_on, posted_at, prev_hash, hash) VALUES ($1, 2, 'contribution', 'forged', now(), now(), $2, $3) RETURNING id`,
        [forged.fundId, head.hash, 'f'.repeat(64)],
      );
      await query(t.db.url, `INSERT INTO ledger_entries (transaction_id, account_id, amount_pence) VALUES ($1, $2, 100000), ($1, $3, -100000)`, [row.id, head.debit, head.credit]);
    } finally {
      await query(t.db.url, `ALTER TABLE ledger_transactions ENABLE TRIGGER ledger_transactions_balance`);
    }
    expect((await verify(forged)).chainBreak).toMatchObject({ seq: 2, problem: 'hashMismatch' });
  });

  it('commits panel awards from the round budget, pays them in tranches, and reverses only what can be undone', async () => {
    const { fund, round, applicationIds, applicant } = await panelRound('Award Fund', ['Lunch club', 'Youth music', 'Garden']);
    // Lunch club asks £1,000: awarded in full.
    await decide(fund, round, applicationIds[0], { outcome: 'award', rationale: 'Clear need' }).expect(204);
    let books = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger`).expect(200)).body;
    expect(books).toMatchObject({ contributedPence: 100_000_00, availablePence: 80_000_00, setAsidePence: 19_000_00, committedPence: 1_000_00, reconciles: true });
    const [award] = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/awards`).expect(200)).body.awards;
    expect(award).toMatchObject({ applicationId: applicationIds[0], amountPence: 1_000_00, source: 'panel-decision', committedPence: 1_000_00, paidPence: 0, withdrawn: false });

    const pay = (body: object) => as(fund.manager).post(`/api/v1/funds/${fund.fundId}/awards/${award.id}/payments`, body);
    const today = new Date().toISOString().slice(0, 10);
    // Nothing is paid until the grantee has accepted the offer.
    expect((await pay({ amountPence: 600_00, paidOn: today, reference: 'BACS-1' }).expect(409)).body.details).toEqual([expect.objectContaining({ field: 'award' })]);
    await acceptOffer(applicant, applicationIds[0]);
    const tooMuch = await pay({ amountPence: 1_000_01, paidOn: today, reference: 'BACS-1' }).expect(409);
    expect(tooMuch.body.details).toEqual([expect.objectContaining({ field: 'amount' })]);
    expect((await pay({ amountPence: 0, paidOn: today, reference: 'BACS-1' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'amount' })]);
    expect((await pay({ amountPence: 100, paidOn: '2026-13-01', reference: 'BACS-1' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'paidOn' })]);
    const first = await pay({ amountPence: 600_00, paidOn: today, reference: 'BACS-1' }).expect(201);
    expect(first.body.replayed).toBe(false);
    // The same payment again is the same transaction; the same reference for another amount is refused.
    expect((await pay({ amountPence: 600_00, paidOn: today, reference: 'BACS-1' }).expect(201)).body).toMatchObject({ id: first.body.id, replayed: true });
    await pay({ amountPence: 100_00, paidOn: today, reference: 'BACS-1' }).expect(409);
    books = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger`).expect(200)).body;
    expect(books).toMatchObject({ committedPence: 400_00, paidPence: 600_00, reconciles: true });

    // Partly paid: withdrawing it would leave the award's account below zero.
    const withdraw = (awardId: string) => as(fund.manager).post(`/api/v1/funds/${fund.fundId}/awards/${awardId}/withdrawal`, { reason: 'Group folded' });
    expect((await withdraw(award.id).expect(409)).body.details).toEqual([expect.objectContaining({ problem: expect.stringMatching(/money has moved on/) })]);

    // Youth music (£2,000) awarded, then the panel changes its mind: the award is withdrawn with the decision.
    await decide(fund, round, applicationIds[1], { outcome: 'award', rationale: 'Strong bid' }).expect(204);
    await decide(fund, round, applicationIds[1], { outcome: 'no-award', rationale: 'Funded elsewhere', reason: 'The council funds it directly' }).expect(204);
    const awards = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/awards`).expect(200)).body.awards;
    expect(awards.find((a: { applicationId: string }) => a.applicationId === applicationIds[1])).toMatchObject({ withdrawn: true, committedPence: 0 });
    books = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger`).expect(200)).body;
    expect(books).toMatchObject({ setAsidePence: 19_000_00, committedPence: 400_00, paidPence: 600_00, reconciles: true });

    // Garden (£3,000): awarded and withdrawn by hand; a second withdrawal and reversing the reversal are refused.
    await decide(fund, round, applicationIds[2], { outcome: 'award', rationale: 'Green space' }).expect(204);
    const garden = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/awards`).expect(200)).body.awards.find((a: { applicationId: string }) => a.applicationId === applicationIds[2]);
    const reversal = await withdraw(garden.id).expect(201);
    expect((await withdraw(garden.id).expect(409)).body.details).toEqual([expect.objectContaining({ problem: 'This transaction has already been reversed' })]);
    const again = await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/ledger/transactions/${reversal.body.id}/reversal`, { reason: 'Undo' }).expect(409);
    expect(again.body.details).toEqual([expect.objectContaining({ problem: expect.stringMatching(/cannot itself be reversed/) })]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ledger_transactions WHERE reverses IS NOT NULL AND fund_id = $1`, [fund.fundId])).toEqual([{ n: 2 }]);

    // Returning money: needs an idempotency key, and no more than the contributor has unallocated.
    const [{ id: council }] = await query<{ id: string }>(t.db.url, `SELECT id FROM funding_organisations WHERE identifier = 'GB-LAE-BST'`);
    const give = (amountPence: number, key?: string) => {
      const r = as(fund.manager).post(`/api/v1/funds/${fund.fundId}/ledger/returns`, { organisationId: council, amountPence, reason: 'Underspend' });
      return key ? r.set('Idempotency-Key', key) : r;
    };
    expect((await give(100_00).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    await give(80_000_01, 'return-0001').expect(409);
    await give(5_000_00, 'return-0002').expect(201);
    await give(5_000_00, 'return-0002').expect(201);
    const verified = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body;
    expect(verified).toMatchObject({ chainBreak: null, reconciles: true, negativeAccounts: [], orphanAwardAccounts: [] });
    expect(verified.money).toMatchObject({ contributedPence: 100_000_00, availablePence: 75_000_00, returnedPence: 5_000_00 });
  });

  it('closes the books once every penny is out, then takes no more postings, and keeps the head so later changes show', async () => {
    const fund = await fundWithMoney(t, 'Closing Fund', ['BS5'], { pence: 10_000_00, scopes: ['ledger:read'] });
    const close = () => as(fund.manager).post(`/api/v1/funds/${fund.fundId}/ledger/closure`, { reason: 'Programme finished' });
    const open = await close().expect(409);
    expect(open.body.details).toEqual([expect.objectContaining({ field: 'fund', problem: expect.stringContaining('£10,000 is still available') })]);
    const [{ id: council }] = await query<{ id: string }>(t.db.url, `SELECT id FROM funding_organisations WHERE identifier = 'GB-LAE-BST'`);
    await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/ledger/returns`, { organisationId: council, amountPence: 10_000_00, reason: 'Not needed' }).set('Idempotency-Key', 'closing-return-1').expect(201);
    // Money handed back is no longer the fund's to give to a round.
    const phases = PANEL_ONLY;
    const noRound = await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/rounds`, { name: 'Too late', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases }).expect(400);
    expect(noRound.body.details).toEqual([expect.objectContaining({ field: 'budgetPence' })]);
    await close().expect(204);
    expect((await close().expect(409)).body.details).toEqual([expect.objectContaining({ problem: expect.stringContaining('books are closed') })]);

    // A new contribution is refused whole: neither the register nor the books take it.
    const refused = await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/contributions`, { organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 100_00, receivedOn: '2026-03-01' }).expect(409);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'fund' })]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM fund_contributions WHERE fund_id = $1`, [fund.fundId])).toEqual([{ n: 1 }]);
    // The books page says so, and offers its managers no more forms.
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const page = (await web.get(`/manage/funds/${fund.fundId}/books`).expect(200)).text;
    expect(page).toContain('These books were closed on');
    expect(page).not.toContain('/books/returns');
    const verify = async () => (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body;
    expect((await verify()).closure).toMatchObject({ reason: 'Programme finished', headSeq: 2, headHolds: true });

    // A transaction slipped in after closing, straight into the tables, chained correctly: only the closure shows it.
    const [head] = await query<{ hash: string; debit: string; credit: string; fund_id: string }>(
      t.db.url,
      `SELECT t.hash, (SELECT account_id FROM ledger_entries WHERE transaction_id = t.id AND amount_pence > 0) AS debit, (SELECT account_id FROM ledger_entries WHERE transaction_id = t.id AND amount_pence < 0) AS credit
         FROM ledger_transactions t WHERE t.fund_id = $1 AND t.seq = 1`,
      [fund.fundId],
    );
    const [last] = await query<{ hash: string }>(t.db.url, `SELECT hash FROM ledger_transactions WHERE fund_id = $1 AND seq = 2`, [fund.fundId]);
    const { transactionHash } = await import('@commonpurse/ledger');
    const content = { fundId: fund.fundId, seq: 3, kind: 'contribution' as const, idempotencyKey: 'after-close', reverses: null, reason: null, memo: {}, effectiveOn: '2026-03-02', postedAt: new Date('2026-03-02T10:00:00.000Z'), postedBy: null, prevHash: last.hash };
    const [{ kind_debit, org }] = await query<{ kind_debit: string; org: string }>(t.db.url, `SELECT kind AS kind_debit, organisation_id AS org FROM ledger_accounts WHERE id = $1`, [head.debit]);
    const entries = [
      { account: { kind: kind_debit as 'unallocated', organisationId: org, roundId: null, awardId: null }, amountPence: 500 },
      { account: { kind: 'contributions' as const, organisationId: org, roundId: null, awardId: null }, amountPence: -500 },
    ];
    // One statement, so its entries are in before the balance check at commit: only the poster's closure check is gone round.
    await query(
      t.db.url,
      `WITH t AS (INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, memo, effective_on, posted_at, prev_hash, hash) VALUES ($1, 3, 'contribution', 'after-close', '{}', '2026-03-02', $2, $3, $4) RETURNING id)
       INSERT INTO ledger_entries (transaction_id, account_id, amount_pence) SELECT t.id, x.account, x.amount FROM t, (VALUES ($5::uuid, 500), ($6::uuid, -500)) AS x(account, amount)`,
      [fund.fundId, content.postedAt, last.hash, transactionHash(content, entries), head.debit, head.credit],
    );
    const after = await verify();
    expect(after.chainBreak).toBeNull();
    expect(after.closure).toMatchObject({ headSeq: 2, headHolds: false });
  });

  it('lets an auditor read the books and nothing more', async () => {
    const fund = await fundWithMoney(t, 'Audited Fund', ['BS5']);
    const auditor = await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: fund.fundId }] });
    const token = await accessToken(t, auditor, ['ledger:read']);
    await as(token).get(`/api/v1/funds/${fund.fundId}/ledger`).expect(200);
    await as(token).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200);
    const other = await fundWithMoney(t, 'Unaudited Fund', ['BS5']);
    await as(token).get(`/api/v1/funds/${other.fundId}/ledger`).expect(403);
    const [{ id: council }] = await query<{ id: string }>(t.db.url, `SELECT id FROM funding_organisations WHERE identifier = 'GB-LAE-BST'`);
    await as(token).post(`/api/v1/funds/${fund.fundId}/ledger/returns`, { organisationId: council, amountPence: 100, reason: 'x' }).set('Idempotency-Key', 'auditor-try').expect(403);
    await as(token).post(`/api/v1/funds/${fund.fundId}/contributions`, { organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 100, receivedOn: '2026-01-05' }).expect(403);
  });

  it('never commits more than the round budget or the fund holds, with awards racing across two API processes', async () => {
    let second: ChildProcess | undefined;
    try {
      // Five applications of £1,000 … £5,000 (£15,000) against a £10,000 budget.
      const titles = Array.from({ length: 5 }, (_, i) => `Project ${i + 1}`);
      const { fund, round, applicationIds } = await panelRound('Race Fund', titles, { budgetPence: 10_000_00 });
      const port = await freePort();
      second = spawn(process.execPath, [join(projectRoot(), 'dist/apps/api/src/main.js')], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] });
      const other = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if ((await request(other).get('/health/live').then((r) => r.status, () => 0)) === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const responses = await Promise.all(applicationIds.map((id, i) => decide(fund, round, id, { outcome: 'award', rationale: 'Good' }, i % 2 ? other : t.app.getHttpServer())));
      expect(responses.map((r) => r.status).filter((s) => s !== 204 && s !== 409)).toEqual([]);
      const refused = responses.filter((r) => r.status === 409);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.body.details).toEqual([expect.objectContaining({ field: 'amount', problem: expect.stringMatching(/^Not enough money left in this round’s budget: the award needs £[\d,]+ and £[\d,]+ is left$/) })]);

      const [{ committed, awards, decisions }] = await query<{ committed: string; awards: number; decisions: number }>(
        t.db.url,
        `SELECT (SELECT sum(amount_pence)::text FROM awards WHERE round_id = $1) AS committed, (SELECT count(*)::int FROM awards WHERE round_id = $1) AS awards,
                (SELECT count(*)::int FROM panel_decisions WHERE round_id = $1 AND outcome = 'award') AS decisions`,
        [round.roundId],
      );
      expect(Number(committed)).toBeLessThanOrEqual(10_000_00);
      // Nothing half-written: every award decision that stands has its award, and no other.
      expect(awards).toBe(responses.filter((r) => r.status === 204).length);
      expect(decisions).toBe(awards);
      const books = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body;
      expect(books).toMatchObject({ chainBreak: null, reconciles: true, negativeAccounts: [] });
      expect(books.money.committedPence).toBe(Number(committed));

      // A fund that can no longer cover the round's budget (money went back) awards nothing, and keeps no decision either.
      const poor = await panelRound('Poor Fund', ['Small thing'], { pence: 10_000_00, budgetPence: 10_000_00 });
      const [{ id: council }] = await query<{ id: string }>(t.db.url, `SELECT id FROM funding_organisations WHERE identifier = 'GB-LAE-BST'`);
      await as(poor.fund.manager).post(`/api/v1/funds/${poor.fund.fundId}/ledger/returns`, { organisationId: council, amountPence: 5_000_00, reason: 'Recalled' }).set('Idempotency-Key', 'poor-return-1').expect(201);
      const refusedAll = await decide(poor.fund, poor.round, poor.applicationIds[0], { outcome: 'award', rationale: 'Good' }).expect(409);
      expect(refusedAll.body.details).toEqual([expect.objectContaining({ problem: 'The fund does not have the money to set aside this round’s budget: it needs £10,000 and has £5,000 unallocated' })]);
      expect(await query(t.db.url, `SELECT count(*)::int AS n FROM panel_decisions WHERE round_id = $1`, [poor.round.roundId])).toEqual([{ n: 0 }]);
      expect(await query(t.db.url, `SELECT count(*)::int AS n FROM awards WHERE round_id = $1`, [poor.round.roundId])).toEqual([{ n: 0 }]);
    } finally {
      if (second && second.exitCode === null) second.kill('SIGTERM');
    }
  });
});
