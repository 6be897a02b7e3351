import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** A full round whose applications are open now. */
const phases = () => [
  { phase: 'co-design', opensAt: at(-20), closesAt: at(-10) },
  { phase: 'applications', opensAt: at(-10), closesAt: at(10) },
  { phase: 'panel-review', opensAt: at(10), closesAt: at(20) },
  { phase: 'public-vote', opensAt: at(20), closesAt: at(30) },
  { phase: 'results', opensAt: at(30), closesAt: at(31) },
];

describe('rounds: budget out of the fund, grant limits, timeline', () => {
  let t: TestApp;
  let manager: TestAccount;
  let secret: string;
  let fundId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    const web = new WebSession(t);
    await web.signIn(manager.email, manager.password);
    secret = (await web.submit('/account/tokens', { name: 'rounds', scopes: ['funds:create', 'funds:manage'], expiry: '30' })).text.match(/id="new-token">(cp_[\w-]+)</)![1];
    const fund = await t.http().post('/api/v1/funds').auth(secret, { type: 'bearer' }).send({ name: 'Round Fund', purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS1' }] }).expect(201);
    fundId = fund.body.id;
    await t.http().post(`/api/v1/funds/${fundId}/contributions`).auth(secret, { type: 'bearer' }).send({ organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 100_000_00, receivedOn: '2026-01-05' }).expect(201);
  });
  afterAll(() => t.close());

  const createRound = (body: Record<string, unknown>) => t.http().post(`/api/v1/funds/${fundId}/rounds`).auth(secret, { type: 'bearer' }).send({ name: 'Spring', budgetPence: 10_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, phases: phases(), ...body });

  it('creates a round and shows its timeline with the phase open now', async () => {
    const created = await createRound({ name: 'Spring 2026' }).expect(201);
    expect(created.body).toMatchObject({ slug: 'spring-2026', budgetPence: 10_000_00, currentPhase: 'applications' });
    expect(created.body.phases.find((p: { phase: string }) => p.phase === 'screening')).toMatchObject({ enabled: false });
    const page = await t.http().get('/funds/round-fund/rounds/spring-2026').expect(200);
    expect(page.text).toContain('Applications');
    expect(page.text).toContain('Open now');
    expect(page.text).toContain('From £500 to £5,000');
    expect(page.text).not.toContain('Screening');
    const fundPage = await t.http().get('/funds/round-fund').expect(200);
    expect(fundPage.text).toContain('href="/funds/round-fund/rounds/spring-2026"');
    expect(await query(t.db.url, `SELECT action FROM audit_log WHERE entity_id = $1`, [created.body.id])).toEqual([{ action: 'funds.create-round' }]);
  });

  it.each([
    ['reversed dates', { phases: [{ phase: 'applications', opensAt: at(5), closesAt: at(1) }, { phase: 'public-vote', opensAt: at(6), closesAt: at(7) }] }, 'phases.applications', 'must close after it opens'],
    ['overlapping phases', { phases: [{ phase: 'applications', opensAt: at(1), closesAt: at(10) }, { phase: 'public-vote', opensAt: at(5), closesAt: at(20) }] }, 'phases.public-vote', 'must open after the phase before it closes'],
    ['no applications', { phases: [{ phase: 'public-vote', opensAt: at(1), closesAt: at(2) }] }, 'phases.applications', 'must take applications'],
    ['results with no decision', { phases: [{ phase: 'applications', opensAt: at(1), closesAt: at(2) }, { phase: 'results', opensAt: at(3), closesAt: at(4) }] }, 'phases.results', 'panel review or a public vote'],
    ['a grant minimum above the maximum', { grantMinPence: 6_000_00, grantMaxPence: 5_000_00 }, 'grantMaxPence', 'at least the smallest grant'],
    ['a grant maximum above the budget', { grantMaxPence: 20_000_00 }, 'grantMaxPence', 'more than the round’s budget'],
    ['a budget above the fund’s unallocated money', { budgetPence: 1_000_000_00, grantMaxPence: 5_000_00 }, 'budgetPence', 'more than the fund has not yet given'],
    ['an unknown phase', { phases: [{ phase: 'party', opensAt: at(1), closesAt: at(2) }] }, 'phases.0.phase', ''],
    ['a date JavaScript cannot read', { phases: [{ phase: 'applications', opensAt: '20260401', closesAt: at(2) }] }, 'phases.0.opensAt', 'RFC 3339'],
    ['a phase given twice', { phases: [...phases(), { phase: 'applications', opensAt: at(40), closesAt: at(41) }] }, 'phases.applications', 'Give each phase once'],
  ])('refuses %s, naming the field, and stores nothing', async (_label, body, field, message) => {
    const before = await query(t.db.url, 'SELECT count(*)::int AS n FROM rounds');
    const response = await createRound(body);
    expect(response.status).toBe(400);
    const problem = (response.body.details as Array<{ field: string; problem: string }>).find((d) => d.field === field);
    expect(problem?.problem).toContain(message);
    expect(await query(t.db.url, 'SELECT count(*)::int AS n FROM rounds')).toEqual(before);
  });

  it('never lets rounds created at the same moment spend more than the fund holds', async () => {
    const [{ unallocated }] = await query<{ unallocated: string }>(
      t.db.url,
      `SELECT (SELECT sum(amount_pence) FROM fund_contributions WHERE fund_id = $1) - (SELECT coalesce(sum(budget_pence), 0) FROM rounds WHERE fund_id = $1) AS unallocated`,
      [fundId],
    );
    const share = Math.floor((Number(unallocated) * 0.4) / 100) * 100; // three rounds of 40% each: only two fit
    const responses = await Promise.all([1, 2, 3].map((n) => createRound({ name: `Parallel ${n}`, budgetPence: share, grantMaxPence: 5_000_00 })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 400]);
    const [{ spent }] = await query<{ spent: string }>(t.db.url, `SELECT sum(budget_pence)::text AS spent FROM rounds WHERE fund_id = $1`, [fundId]);
    const [{ held }] = await query<{ held: string }>(t.db.url, `SELECT sum(amount_pence)::text AS held FROM fund_contributions WHERE fund_id = $1`, [fundId]);
    expect(Number(spent)).toBeLessThanOrEqual(Number(held));
  });

  it('keeps round creation to the fund’s managers', async () => {
    const other = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: '00000000-0000-4000-8000-000000000001' }] });
    const web = new WebSession(t);
    await web.signIn(other.email, other.password);
    const otherToken = (await web.submit('/account/tokens', { name: 'x', scopes: 'funds:manage', expiry: '30' })).text.match(/id="new-token">(cp_[\w-]+)</)![1];
    await t.http().post(`/api/v1/funds/${fundId}/rounds`).auth(otherToken, { type: 'bearer' }).send({ name: 'Sneaky', budgetPence: 100, grantMinPence: 1, grantMaxPence: 100, phases: phases() }).expect(403);
    await t.http().get(`/funds/round-fund/rounds/no-such-round`).expect(404);
  });
});
