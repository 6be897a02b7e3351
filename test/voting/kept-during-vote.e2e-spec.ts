import { FundQueries } from '@commonpurse/funds';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

/**
 * Once a vote has been open a while, each API process keeps what the vote froze (the round's
 * rules, lots and areas, the ballot's settings, the shortlist) rather than reading it on every
 * ballot. What may still change while the vote is open takes effect on the very next request:
 * the manager closing the vote early, an applicant withdrawing, a voter declaring their date of birth.
 */
describe('the public vote: what is kept, and what is not', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  const voters: Array<{ id: string; token: string }> = [];
  const ballot = () => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`;
  const confirm = (token: string, ...ids: string[]) =>
    t
      .http()
      .post(ballot())
      .auth(token, { type: 'bearer' })
      .send({ choices: ids.map((projectId) => ({ projectId })) });
  const advance = (from: string) => t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
  const declare = (token: string) => t.http().put('/api/v1/voter/date-of-birth').auth(token, { type: 'bearer' }).send({ dateOfBirth: '1988-02-03' }).expect(204);

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Kept Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Spring 2030', postcode: 'BS5 6XY' });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicant.applicationIds) await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Good' }).expect(204);
    await advance('panel-review');
    // The vote opened an hour ago (and everything before it an hour earlier), as on a voting evening:
    // long enough for its frozen parts to be kept.
    await query(t.db.url, `UPDATE round_phases SET opens_at = opens_at - interval '1 hour', closes_at = closes_at - interval '1 hour' WHERE round_id = $1 AND closes_at <= now()`, [round.roundId]);
    await query(t.db.url, `UPDATE round_phases SET opens_at = opens_at - interval '1 hour' WHERE round_id = $1 AND phase = 'public-vote'`, [round.roundId]);
    for (const postcode of ['BS5 1AA', 'BS5 2AA', 'BS5 3AA', 'BS5 4AA', 'BS5 5AA']) {
      const account = await createAccount(t.db.url, { postcode });
      voters.push({ id: account.id, token: await accessToken(t, account, ['voting:vote']) });
    }
    for (const v of voters.slice(0, 4)) await declare(v.token);
  });
  afterAll(() => t.close());

  it('reads the whole round once, then only what may still change', async () => {
    const fullReads = jest.spyOn(t.app.get(FundQueries), 'round');
    const [a, b] = applicant.applicationIds;
    expect((await confirm(voters[0].token, a).expect(201)).body.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const afterFirst = fullReads.mock.calls.length;
    expect(afterFirst).toBe(1);
    await confirm(voters[1].token, b).expect(201);
    expect((await t.http().get(ballot()).auth(voters[1].token, { type: 'bearer' }).expect(200)).body.papers[0].confirmed).toEqual([{ projectId: b, points: 1 }]);
    expect(fullReads.mock.calls.length).toBe(afterFirst);
    fullReads.mockRestore();
  });

  it('takes a withdrawn project off the ballot at once', async () => {
    const street = applicant.applicationIds[2];
    await t.http().post(`/api/v1/applications/${street}/withdraw`).auth(applicant.token, { type: 'bearer' }).expect(204);
    expect((await confirm(voters[2].token, street).expect(400)).body.details).toEqual([{ field: `project-${street}`, problem: 'That project is not on your ballot' }]);
    expect((await t.http().get(ballot()).auth(voters[2].token, { type: 'bearer' }).expect(200)).body.papers[0].projects.map((p: { id: string }) => p.id)).not.toContain(street);
  });

  it('lets a voter vote as soon as they have declared their date of birth', async () => {
    expect((await confirm(voters[4].token, applicant.applicationIds[0]).expect(403)).body.message).toBe('Tell us your date of birth to vote: the vote has a minimum age');
    await declare(voters[4].token);
    await confirm(voters[4].token, applicant.applicationIds[0]).expect(201);
  });

  it('closes the vote on the very next request when the manager closes it early', async () => {
    const [a] = applicant.applicationIds;
    await confirm(voters[2].token, a).expect(201);
    await advance('public-vote');
    expect((await confirm(voters[3].token, a).expect(409)).body.message).toBe('Ballots can only be cast while the public vote is open');
    expect((await confirm(voters[0].token, a).expect(409)).body.message).toBe('Ballots can only be cast while the public vote is open');
    await t.http().put(`${ballot()}/draft`).auth(voters[3].token, { type: 'bearer' }).send({ choices: [{ projectId: a }] }).expect(409);
    expect((await t.http().get(ballot()).auth(voters[3].token, { type: 'bearer' }).expect(200)).body.open).toBe(false);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE round_id = $1 AND confirmed_at IS NOT NULL`, [round.roundId])).toEqual([{ n: 4 }]);
  });
});
