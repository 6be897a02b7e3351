import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

/**
 * Casting ballots through the API against the real database: who may vote (area, age), the
 * voting window, the ballot's limits, changing a confirmed ballot, idempotent confirmation and one
 * ballot however many requests race, paper ballots never counted twice, and receipts.
 */
describe('the public vote: ballots', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  const voters: Record<'adult' | 'young' | 'outsider' | 'racer' | 'paper', { id: string; email: string; token: string }> = {} as never;
  const ballot = () => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`;
  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    put: (path: string, body: object) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
    post: (path: string, body: object, key?: string) => {
      const request = t.http().post(path).auth(token, { type: 'bearer' });
      return (key ? request.set('Idempotency-Key', key) : request).send(body);
    },
  });
  const advance = (from: string) => as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
  let adultReceipt = '';
  const choose = (...ids: string[]) => ({ choices: ids.map((projectId) => ({ projectId })) });

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Vote Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Winter 2028', postcode: 'BS5 6XY' });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees', 'Not shortlisted']);
    const facilitatorAccount = await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] });
    const facilitator = await accessToken(t, facilitatorAccount, ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicant.applicationIds.slice(0, 3)) await as(facilitator).put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`, { outcome: 'shortlisted', rationale: 'Good value' }).expect(204);
    await as(facilitator).put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${applicant.applicationIds[3]}`, { outcome: 'not-shortlisted', rationale: 'Outside the priorities' }).expect(204);
    for (const [name, postcode] of [['adult', 'BS5 1AA'], ['young', 'BS5 2AA'], ['outsider', 'CF10 1AA'], ['racer', 'BS5 3AA'], ['paper', 'BS5 4AA']] as const) {
      const account = await createAccount(t.db.url, { postcode });
      voters[name] = { id: account.id, email: account.email, token: await accessToken(t, account, ['voting:vote']) };
    }
  });
  afterAll(() => t.close());

  it('sets the ballot’s limits before the vote, refusing ones that make no sense', async () => {
    const settings = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot-settings`;
    expect((await as(fund.manager).put(settings, { minChoices: 3, maxChoices: 2 }).expect(400)).body.details).toEqual([{ field: 'maxChoices', problem: 'The fewest choices must not be more than the most' }]);
    await as(fund.manager).put(settings, { minChoices: 1, maxChoices: 2 }).expect(204);
    await as(voters.adult.token).put(settings, { minChoices: 1, maxChoices: 2 }).expect(403);
  });

  it('lets only residents of the area who are old enough vote, and only while the vote is open', async () => {
    const notYet = await as(voters.adult.token).post(ballot(), choose(applicant.applicationIds[0])).expect(409);
    expect(notYet.body.message).toBe('Ballots can only be cast while the public vote is open');
    await advance('panel-review');
    expect((await as(voters.adult.token).get(ballot()).expect(200)).body.standing).toBe('noDateOfBirth');
    expect((await as(voters.adult.token).post(ballot(), choose(applicant.applicationIds[0])).expect(403)).body.message).toBe('Tell us your date of birth to vote: the vote has a minimum age');
    expect((await as(voters.adult.token).put('/api/v1/voter/date-of-birth', { dateOfBirth: '2999-01-01' }).expect(400)).body.details).toEqual([{ field: 'dateOfBirth', problem: 'Your date of birth must be in the past' }]);
    for (const v of [voters.adult, voters.outsider, voters.racer, voters.paper]) await as(v.token).put('/api/v1/voter/date-of-birth', { dateOfBirth: '1990-04-01' }).expect(204);
    const fourteen = new Date(Date.now() - 14 * 365.25 * 86_400_000).toISOString().slice(0, 10);
    await as(voters.young.token).put('/api/v1/voter/date-of-birth', { dateOfBirth: fourteen }).expect(204);
    expect((await as(voters.young.token).post(ballot(), choose(applicant.applicationIds[0])).expect(403)).body.message).toBe('You are not old enough to vote in this round');
    expect((await as(voters.outsider.token).post(ballot(), choose(applicant.applicationIds[0])).expect(403)).body.message).toBe('This vote is for residents of the fund’s area, and the postcode on your account is outside it');
    // Once the vote has opened, its settings are fixed.
    await as(fund.manager).put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot-settings`, { minChoices: 0, maxChoices: 3 }).expect(409);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots`)).toEqual([{ n: 0 }]);
  });

  it('shows the shortlist and refuses ballots outside its limits, naming the problem, writing nothing', async () => {
    const papers = (await as(voters.adult.token).get(ballot()).expect(200)).body.papers;
    expect(papers).toHaveLength(1);
    expect(papers[0].projects.map((p: { title: string }) => p.title).sort()).toEqual(['Lunch club', 'Street trees', 'Youth music']);
    expect(papers[0].projects[0].rationale).toBe('Good value');
    const [a, b, c, notOnIt] = applicant.applicationIds;
    expect((await as(voters.adult.token).post(ballot(), choose(a, b, c)).expect(400)).body.details).toEqual([{ field: 'choices', problem: 'Choose no more than 2 projects' }]);
    expect((await as(voters.adult.token).post(ballot(), choose()).expect(400)).body.details).toEqual([{ field: 'choices', problem: 'Choose at least 1 projects' }]);
    expect((await as(voters.adult.token).post(ballot(), choose(notOnIt)).expect(400)).body.details).toEqual([{ field: `project-${notOnIt}`, problem: 'That project is not on your ballot' }]);
    expect((await as(voters.adult.token).post(ballot(), choose(a, a)).expect(400)).body.details).toEqual([{ field: `project-${a}`, problem: 'A project can only be chosen once' }]);
    await as(voters.adult.token).post(ballot(), { lot: 'nope', ...choose(a) }).expect(400);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots`)).toEqual([{ n: 0 }]);
  });

  it('confirms a ballot with a receipt, lets the voter change it, and treats a retry as the same confirmation', async () => {
    const [a, b, c] = applicant.applicationIds;
    const first = await as(voters.adult.token).post(ballot(), choose(a, b), 'key-1').expect(201);
    expect(first.body.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    adultReceipt = first.body.receipt;
    expect((await as(voters.adult.token).post(ballot(), choose(a, b), 'key-1').expect(200)).body).toEqual({ receipt: null, repeated: true });
    // A change: the last confirmed ballot counts; the receipt from before still finds it.
    expect((await as(voters.adult.token).post(ballot(), choose(c), 'key-2').expect(201)).body).toEqual({ receipt: null, repeated: false });
    const rows = await query<{ choices: Array<{ projectId: string }>; source: string }>(t.db.url, `SELECT choices, source FROM ballots WHERE voter_id = $1`, [voters.adult.id]);
    expect(rows).toEqual([{ choices: [{ projectId: c, points: 1 }], source: 'online' }]);
    const check = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/receipts/${first.body.receipt.toLowerCase()}`).expect(200)).body;
    expect(check).toMatchObject({ valid: true, included: true });
    expect((await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/receipts/0000-0000-0000-0000`).expect(200)).body).toMatchObject({ valid: true, included: false });
    expect((await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/receipts/not-a-receipt`).expect(200)).body).toMatchObject({ valid: false, included: false });
    // Saving choices without confirming leaves the confirmed ballot as it is.
    await as(voters.adult.token).put(`${ballot()}/draft`, choose(a)).expect(204);
    expect((await as(voters.adult.token).get(ballot()).expect(200)).body.papers[0]).toMatchObject({ draft: [{ projectId: a, points: 1 }], confirmed: [{ projectId: c, points: 1 }] });
  });

  it('ends with one ballot when a hundred confirmations race, with one receipt among them', async () => {
    const [a, b] = applicant.applicationIds;
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => as(voters.racer.token).post(ballot(), choose(i % 2 ? a : b), i % 3 ? `race-${i}` : 'race-same')));
    expect(responses.filter((r) => r.status !== 200 && r.status !== 201)).toEqual([]);
    expect(responses.filter((r) => r.body.receipt).length).toBe(1);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = $1 AND confirmed_at IS NOT NULL`, [voters.racer.id])).toEqual([{ n: 1 }]);
  });

  it('takes a paper ballot from staff once, never counting a resident twice', async () => {
    const [a] = applicant.applicationIds;
    const paper = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/paper-ballots`;
    expect((await as(fund.manager).post(paper, { voterEmail: voters.adult.email, ...choose(a) }).expect(409)).body.message).toBe('This resident has already voted online: the paper ballot has not been entered, so it is not counted twice');
    expect((await as(fund.manager).post(paper, { voterEmail: voters.young.email, ...choose(a) }).expect(403)).body.message).toBe('This resident is not old enough to vote in this round');
    await as(fund.manager).post(paper, { voterEmail: 'nobody@example.org', ...choose(a) }).expect(400);
    const entered = (await as(fund.manager).post(paper, { voterEmail: voters.paper.email, ...choose(a) }).expect(201)).body;
    expect(entered.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await as(fund.manager).post(paper, { voterEmail: voters.paper.email, ...choose(a) }).expect(409);
    expect((await as(voters.paper.token).post(ballot(), choose(a)).expect(409)).body.message).toBe('You have already voted on paper, so you cannot vote online as well');
    await as(voters.adult.token).post(paper, { voterEmail: voters.paper.email, ...choose(a) }).expect(403);
    expect(await query(t.db.url, `SELECT source, count(*)::int AS n FROM ballots WHERE confirmed_at IS NOT NULL GROUP BY source ORDER BY source`)).toEqual([
      { source: 'online', n: 2 },
      { source: 'paper', n: 1 },
    ]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'voting.enter-paper-ballot'`)).toEqual([{ n: 1 }]);
  });

  it('counts the vote once it has closed, certifies it, publishes it on confirmation, and the receipt finds its ballot in the published file', async () => {
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const manage = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote`;
    expect((await web.submit(manage, {}, `${manage}/count`)).status).toBe(409);
    await advance('public-vote');
    expect((await web.submit(manage, {}, `${manage}/count`)).status).toBe(303);
    const [row] = await query<{ result: { selected: string[]; totalCost: string; voters: number; explanations: Array<{ projectId: string; reason: string }> }; ballots_sha256: string; result_sha256: string; ballot_file: string }>(t.db.url, `SELECT result, ballots_sha256, result_sha256, ballot_file FROM vote_results`);
    expect(row.result.voters).toBe(3);
    expect(row.result.explanations).toHaveLength(3);
    expect(Number(row.result.totalCost)).toBeLessThanOrEqual(20_000);
    // Counting again gives the same certificate.
    expect((await web.submit(manage, {}, `${manage}/count`)).status).toBe(303);
    const [again] = await query<{ result_sha256: string }>(t.db.url, `SELECT result_sha256 FROM vote_results`);
    expect(again.result_sha256).toBe(row.result_sha256);
    // Not public until published, and publishing needs confirming.
    const slug = (await query<{ slug: string }>(t.db.url, `SELECT slug FROM funds WHERE id = $1`, [fund.fundId]))[0].slug;
    const results = `/funds/${slug}/rounds/winter-2028/results`;
    expect((await t.http().get(results).expect(200)).text).toContain('The results have not been published yet.');
    await t.http().get(`${results}/ballots.pb`).expect(404);
    const token = csrfTokenIn((await web.get(manage).expect(200)).text);
    expect((await web.submit(manage, {}, `${manage}/publish`)).status).toBe(400);
    expect((await web.submit(manage, { confirm: 'yes' }, `${manage}/publish`)).status).toBe(303);
    // Published is final: no counting again.
    expect((await web.agent.post(`${manage}/count`).type('form').send({ _csrf: token })).status).toBe(409);
    const page = await t.http().get(results).expect(200);
    expect(page.text).toContain('Why each project was or was not funded');
    expect(page.text).toContain(row.result_sha256);
    expect(page.text).toContain('<svg role="img"');
    // The published file: every ballot under its receipt's id, no voter named; counting it again gives the same winners.
    const file = (await t.http().get(`${results}/ballots.pb`).expect(200)).text;
    expect(file).toContain('vote_type;approval');
    for (const v of Object.values(voters)) expect(file).not.toContain(v.id);
    const check = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/receipts/${adultReceipt}`).expect(200)).body;
    expect(file.split('\n').find((line) => line.startsWith(`${check.ballotId};`))).toBe(`${check.ballotId};${applicant.applicationIds[2]}`);
    const { parsePabulib, allocate } = await import('@commonpurse/voting');
    expect(allocate(parsePabulib(file), 'greedy').selected).toEqual(row.result.selected);
    const csv = (await t.http().get(`${results}.csv`).expect(200)).text;
    expect(csv.split('\r\n')[0]).toBe('Lot,Reference,Project,Amount (GBP),Support,Funded,Reason');
    expect((await t.http().get(`${results}.json`).expect(200)).body.papers[0]).toMatchObject({ resultSha256: row.result_sha256, selected: row.result.selected });
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'voting.publish-results'`)).toEqual([{ n: 1 }]);
    // Each winner's award is committed in the ledger, traced to the certified result.
    const awards = await query<{ application_id: string; amount_pence: string; source: string; source_ref: string }>(t.db.url, `SELECT application_id, amount_pence::text, source, source_ref FROM awards WHERE round_id = $1 ORDER BY application_id`, [round.roundId]);
    expect(awards.map((a) => a.application_id)).toEqual([...row.result.selected].sort());
    expect(awards.every((a) => a.source === 'vote-result' && a.source_ref === row.result_sha256)).toBe(true);
    const [{ committed }] = await query<{ committed: string }>(
      t.db.url,
      `SELECT sum(e.amount_pence)::text AS committed FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.fund_id = $1 AND a.kind = 'award-committed'`,
      [fund.fundId],
    );
    expect(committed).toBe(String(awards.reduce((sum, a) => sum + Number(a.amount_pence), 0)));
  });
});

