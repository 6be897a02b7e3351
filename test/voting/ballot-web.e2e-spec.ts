import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

/**
 * Voting through the pages, as plain form posts (the journey a phone without JavaScript makes):
 * the date of birth, choosing within a knapsack budget, checking, confirming (sending the confirm
 * form twice is one vote), the receipt check, and a paper ballot typed in by staff; in Welsh too.
 */
describe('voting through the pages', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  const vote = '/funds/knapsack-fund/rounds/spring-2029/vote';

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Knapsack Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Spring 2029', postcode: 'BS5 6XY', rules: { votingMethod: 'knapsack', budgetPence: 4_000_00, grantMaxPence: 3_000_00 } });
    // £1,000, £2,000 and £3,000 asked for, against the round's £4,000: not everything fits.
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    for (const from of ['applications', 'screening']) await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
    for (const id of applicant.applicationIds) await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Good <value>' }).expect(204);
    await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: 'panel-review' }).expect(200);
  });
  afterAll(() => t.close());

  it('takes a resident from their date of birth to a confirmed knapsack ballot with a receipt they can check', async () => {
    const account = await createAccount(t.db.url, { postcode: 'BS5 7AA' });
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    expect((await web.get(vote).expect(200)).text).toContain('What is your date of birth?');
    expect((await web.submit(vote, { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' }, `${vote}/date-of-birth`)).status).toBe(400);
    expect((await web.submit(vote, { 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '1990' }, `${vote}/date-of-birth`)).status).toBe(303);
    const ballot = await web.get(vote).expect(200);
    expect(ballot.text).toContain('Choose projects that together cost no more than £4,000.');
    expect(ballot.text).toContain('Good &lt;value&gt;');
    const [a, b, c] = applicant.applicationIds;
    // Over the budget: refused, saying by how much, with nothing saved.
    const over = await web.submit(vote, { lot: '', choice: [b, c] });
    expect(over.status).toBe(400);
    expect(over.text).toContain('Your choices cost £5,000, more than the £4,000 available');
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots`)).toEqual([{ n: 0 }]);
    expect((await web.submit(vote, { lot: '', choice: [a, c] })).headers.location).toBe(`${vote}/check`);
    const check = await web.get(`${vote}/check`).expect(200);
    expect(check.text).toContain('£4,000 of £4,000 chosen');
    const token = csrfTokenIn(check.text);
    const key = check.text.match(/name="key" value="([^"]+)"/)![1];
    const confirm = () => web.agent.post(`${vote}/confirm`).type('form').send({ _csrf: token, lot: '', key });
    const confirmed = await confirm().expect(200);
    const receipt = confirmed.text.match(/id="receipt">([0-9A-Z-]{19})</)![1];
    // The confirm form sent again (a refresh, a double press) is the same vote.
    expect((await confirm().expect(200)).text).toContain('This vote had already been confirmed: nothing has changed.');
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE confirmed_at IS NOT NULL`)).toEqual([{ n: 1 }]);
    const found = await t.http().get(`/funds/knapsack-fund/rounds/spring-2029/receipt?code=${encodeURIComponent(receipt)}`).expect(200);
    expect(found.text).toContain('Your vote is counted');
    expect((await t.http().get('/funds/knapsack-fund/rounds/spring-2029/receipt?code=nonsense').expect(400)).text).toContain('Enter a receipt code');
    // Back on the ballot, the vote shows as confirmed and can be changed.
    expect((await web.get(vote).expect(200)).text).toContain('You can change it until voting closes');
    const [before] = await query<{ published_id: string }>(t.db.url, `SELECT published_id FROM ballots WHERE confirmed_at IS NOT NULL`);
    expect((await web.submit(vote, { lot: '', choice: [a] })).status).toBe(303);
    const recheck = await web.get(`${vote}/check`).expect(200);
    const changeKey = recheck.text.match(/name="key" value="([^"]+)"/)![1];
    const changed = await web.agent.post(`${vote}/confirm`).type('form').send({ _csrf: csrfTokenIn(recheck.text), lot: '', key: changeKey }).expect(200);
    // The change counts; no new receipt: the one given before still finds the ballot.
    expect(changed.text).toContain('Your changed vote is the one that counts now.');
    expect(changed.text).not.toMatch(/id="receipt">/);
    expect(await query(t.db.url, `SELECT published_id, choices, draft FROM ballots WHERE confirmed_at IS NOT NULL`)).toEqual([{ published_id: before.published_id, choices: [{ projectId: a, points: 1 }], draft: null }]);
    expect((await t.http().get(`/funds/knapsack-fund/rounds/spring-2029/receipt?code=${encodeURIComponent(receipt)}`).expect(200)).text).toContain('Your vote is counted');
    const welsh = await web.get(`${vote}?lang=cy`).expect(200);
    expect(welsh.text.match(/voting\.[a-z][\w.-]+/g) ?? []).toEqual([]);
  });

  it('lets staff type in a paper ballot, after which the resident cannot vote online', async () => {
    const resident = await createAccount(t.db.url, { postcode: 'BS5 8AA' });
    const residentToken = await accessToken(t, resident, ['voting:vote']);
    await t.http().put('/api/v1/voter/date-of-birth').auth(residentToken, { type: 'bearer' }).send({ dateOfBirth: '1980-01-01' }).expect(204);
    const staff = new WebSession(t);
    await staff.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const page = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote`;
    expect((await staff.get(page).expect(200)).text).toContain('Enter a paper ballot');
    const [a] = applicant.applicationIds;
    const entered = await staff.submit(page, { lot: '', voterEmail: resident.email, choice: a }, `${page}/paper`);
    expect(entered.status).toBe(200);
    expect(entered.text).toMatch(/id="paper-receipt">[0-9A-Z-]{19}</);
    const again = await staff.submit(page, { lot: '', voterEmail: resident.email, choice: a }, `${page}/paper`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('A paper ballot for this resident has already been entered');
    const web = new WebSession(t);
    await web.signIn(resident.email, resident.password);
    expect((await web.get('/funds/knapsack-fund/rounds/spring-2029/vote').expect(200)).text).toContain('You have voted on paper at an event');
    // The ballot's settings are fixed once the vote is open.
    expect((await staff.get(page).expect(200)).text).toContain('The ballot can no longer change');
  });
});
