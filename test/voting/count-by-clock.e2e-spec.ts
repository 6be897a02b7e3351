import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { accessToken } from '../support/web-session';

/** When a vote closes (here: the manager closes it early), the worker counts it; publishing stays the manager's. */
describe('counting a vote when it closes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PHASE_TICK_MS: '200' });
  });
  afterAll(() => t.close());

  it('counts once by the clock, with no person as the counter, and leaves publishing to the fund manager', async () => {
    const fund = await fundWithMoney(t, 'Clockwork Fund', ['BS5']);
    const round = await roundTakingApplications(t, fund, { name: 'Winter 2029', postcode: 'BS5 6XY' });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    const advance = (from: string) => t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicationIds) await t.http().put(`${round.base}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Good' }).expect(204);
    await advance('panel-review');
    const voter = await accessToken(t, await createAccount(t.db.url, { postcode: 'BS5 1AB' }), ['voting:vote']);
    await t.http().put('/api/v1/voter/date-of-birth').auth(voter, { type: 'bearer' }).send({ dateOfBirth: '1980-01-01' }).expect(204);
    await t.http().post(`${round.base}/ballot`).auth(voter, { type: 'bearer' }).set('Idempotency-Key', 'only-device').send({ choices: [{ projectId: applicationIds[0] }] }).expect(201);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM vote_results WHERE round_id = $1`, [round.roundId])).toEqual([{ n: 0 }]);

    await advance('public-vote');
    const [row] = await until(async () => {
      const rows = await query<{ computed_by: string | null; published_at: Date | null; result: { voters: number } }>(t.db.url, `SELECT computed_by, published_at, result FROM vote_results WHERE round_id = $1`, [round.roundId]);
      return rows.length ? rows : undefined;
    });
    expect(row).toMatchObject({ computed_by: null, published_at: null, result: { voters: 1 } });
    const audits = await query<{ actor_id: string | null }>(t.db.url, `SELECT actor_id FROM audit_log WHERE action = 'voting.count' AND entity_id = $1`, [round.roundId]);
    expect(audits).toEqual([{ actor_id: null }]);
    // Later ticks do not count it again.
    await new Promise((r) => setTimeout(r, 800));
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'voting.count' AND entity_id = $1`, [round.roundId])).toEqual([{ n: 1 }]);
  });
});
