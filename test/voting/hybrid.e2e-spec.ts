import { createAccount, query } from '@commonpurse/testing';
import { allocate, parsePabulib } from '@commonpurse/voting';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * A vote weighed with the panel's scores, against the real database: the rule refused where it
 * cannot apply, the panel scoring through its API (a conflicted panellist's score left out), and a
 * count that funds other projects than public support alone would, explained project by project
 * and certified with the weight and the scores (counting again gives the same hash).
 */
describe('the public vote weighed with the panel’s scores', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  const results = '/funds/hybrid-fund/rounds/autumn-2031/results';
  const as = (token: string) => ({
    put: (path: string, body: object) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http().patch(path).auth(token, { type: 'bearer' }).send(body),
  });
  const advance = (from: string) => as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
  const aged = (years: number) => `${new Date().getFullYear() - years}-01-01`;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Hybrid Fund', ['BS5']);
    // £4,000 for Lunch club (£1,000), Youth music (£2,000) and Street trees (£3,000).
    round = await roundTakingApplications(t, fund, { name: 'Autumn 2031', postcode: 'BS5 6XY', rules: { budgetPence: 4_000_00, grantMaxPence: 4_000_00, panelWeightPercent: 50 } });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
  });
  afterAll(() => t.close());

  it('refuses a panel weight with Equal Shares, or without a panel, naming the field', async () => {
    const refused = await as(fund.manager).patch(round.base, { allocationRule: 'equalshares/add1' }).expect(400);
    expect(refused.body.details).toContainEqual({ field: 'panelWeightPercent', problem: expect.stringContaining('the Method of Equal Shares shares the money out between voters') });
    expect((await t.http().get(round.base).expect(200)).body.rules).toMatchObject({ allocationRule: 'greedy', panelWeightPercent: 50 });
    // The same round without a panel review.
    const phases = ['applications', 'public-vote', 'results'].map((phase, i) => ({ phase, opensAt: at(10 + i * 10), closesAt: at(20 + i * 10) }));
    const noPanel = await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/rounds`, { name: 'No panel', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, panelWeightPercent: 25, phases }).expect(400);
    expect(noPanel.body.details).toContainEqual({ field: 'panelWeightPercent', problem: expect.stringContaining('switch the panel review on') });
  });

  it('counts 50% panel score and 50% public support, explains each project, and certifies the weight and the scores', async () => {
    const [lunch, music, trees] = applicant.applicationIds;
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    const panel = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel`;
    const seat = `/api/v1/panel/rounds/${round.roundId}`;
    const panellists: string[] = [];
    for (const name of ['Pat Panellist', 'Sam Panellist']) {
      const account = await createAccount(t.db.url, { postcode: 'BS5 7AA', displayName: name });
      await as(facilitator).post(`${panel}/members`, { email: account.email, note: 'Nominated by the residents’ association' }).expect(201);
      const token = await accessToken(t, account, ['panel:take-part']);
      await as(token).put(`${seat}/response`, { status: 'accepted' }).expect(204);
      panellists.push(token);
    }
    await advance('applications');
    await advance('screening');
    for (const token of panellists) await as(token).put(`${seat}/conflicts`, { declarations: applicant.applicationIds.map((applicationId) => ({ applicationId, kind: 'none' })) }).expect(204);
    const score = (token: string, id: string, mark: number) => as(token).put(`${seat}/applications/${id}/score`, { scores: { overall: mark }, comment: '' }).expect(200);
    for (const [id, mark] of [[lunch, 5], [music, 5], [trees, 1]] as const) await score(panellists[0], id, mark);
    for (const id of [lunch, music, trees]) await score(panellists[1], id, 5);
    // Sam then declares a conflict on Street trees: their 5 no longer counts, as on the panel's pages.
    await as(panellists[1]).put(`${seat}/conflicts`, { declarations: [{ applicationId: trees, kind: 'family', detail: 'My sister runs it' }] }).expect(204);
    for (const id of applicant.applicationIds) await as(facilitator).put(`${panel}/decisions/${id}`, { outcome: 'shortlisted', rationale: 'Good value' }).expect(204);
    await advance('panel-review');

    // Five voters: all want Street trees, four Youth music, one Lunch club.
    const ballots = [[trees, music, lunch], [trees, music], [trees, music], [trees, music], [trees]];
    for (const choices of ballots) {
      const account = await createAccount(t.db.url, { postcode: 'BS5 8AA' });
      const token = await accessToken(t, account, ['voting:vote', 'account:write']);
      await as(token).put('/api/v1/voter/date-of-birth', { dateOfBirth: aged(40) }).expect(204);
      await as(token).post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`, { choices: choices.map((projectId) => ({ projectId })) }).expect(201);
    }
    await advance('public-vote');

    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const manage = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote`;
    const counted = async () => {
      expect((await web.submit(manage, {}, `${manage}/count`)).status).toBe(303);
      const [row] = await query<{ result_sha256: string; result: ReturnType<typeof allocate> }>(t.db.url, `SELECT result_sha256, result FROM vote_results WHERE round_id = $1`, [round.roundId]);
      return row;
    };
    const first = await counted();
    const { result } = first;
    // Youth music: 0.5 × 5/5 + 0.5 × 4/5 = 0.9. Street trees: 0.5 × 1/5 + 0.5 × 5/5 = 0.6, tied with Lunch club's 0.5 × 5/5 + 0.5 × 1/5.
    expect(result).toMatchObject({ rule: 'greedy', selected: [music, lunch], totalCost: '3000', panel: { weightPercent: 50, scores: { [lunch]: '5.00', [music]: '5.00', [trees]: '1.00' } } });
    expect(result.explanations).toEqual([
      expect.objectContaining({ projectId: music, support: '4', panelScore: '5.00', combinedScore: '0.9', selected: true, reason: 'hybrid', rank: 1, available: '4000' }),
      expect.objectContaining({ projectId: trees, support: '5', panelScore: '1.00', combinedScore: '0.6', selected: false, reason: 'hybrid-budget-exhausted', rank: 2, available: '2000', needed: '1000', tie: { tiedWith: [lunch], brokenBy: 'support' } }),
      expect.objectContaining({ projectId: lunch, support: '1', panelScore: '5.00', combinedScore: '0.6', selected: true, reason: 'hybrid', rank: 3, available: '2000', tie: { tiedWith: [trees], brokenBy: 'support' } }),
    ]);
    // Counting again gives the same certificate.
    expect((await counted()).result_sha256).toBe(first.result_sha256);

    expect((await web.submit(manage, { confirm: 'yes' }, `${manage}/publish`)).status).toBe(303);
    const json = (await t.http().get(`${results}.json`).expect(200)).body;
    expect(json.papers[0]).toMatchObject({ selected: [music, lunch], resultSha256: first.result_sha256 });
    expect(json.papers[0].explanations.map((e: { panelWeightPercent: number; panelScore: string }) => [e.panelWeightPercent, e.panelScore])).toEqual([
      [50, '5.00'],
      [50, '1.00'],
      [50, '5.00'],
    ]);
    // The published ballots alone would fund Street trees and Lunch club; with the published scores, what was counted.
    const file = parsePabulib((await t.http().get(`${results}/ballots.pb`).expect(200)).text);
    expect(allocate(file, 'greedy').selected).toEqual([trees, lunch]);
    expect(allocate(file, 'greedy', { panel: result.panel }).selected).toEqual([music, lunch]);
    // And anyone can do the same from the published files alone: the results' JSON carries the weight and scores counted.
    expect(json.papers[0].panel).toEqual(result.panel);
    expect(allocate(file, 'greedy', { panel: json.papers[0].panel }).selected).toEqual([music, lunch]);
    // The CSV carries what decided too: each project's panel score and combined score.
    const csv = (await t.http().get(`${results}.csv`).expect(200)).text.trim().split('\r\n');
    expect(csv[0]).toBe('Lot,Reference,Project,Amount (GBP),Support,Panel score,Combined score,Funded,Reason');
    expect(csv.slice(1).map((line) => line.split(',').slice(2, 8))).toEqual([
      ['Youth music', '2000', '4', '5.00', '0.9', 'yes'],
      ['Street trees', '3000', '5', '1.00', '0.6', 'no'],
      ['Lunch club', '1000', '1', '5.00', '0.6', 'yes'],
    ]);

    const page = (await t.http().get(results).expect(200)).text;
    expect(page).toContain('The result weighs the panel’s scores 50% and public support 50%.');
    expect(page).toContain('Number 1 on 50% panel score and 50% public support, with a combined score of 0.9, and it fitted in the £4,000 left');
    expect(page).toContain('Number 2 on 50% panel score and 50% public support, with a combined score of 0.6, but only £2,000 was left: it needed £1,000 more');
    expect(page).toContain('the one with more support went first');
    expect(page).toContain('Combined score for each project: funded projects in green');
    expect(page).toMatch(/<th[^>]*>\s*Panel score\s*<\/th>/);
    const welsh = (await t.http().get(`${results}?lang=cy`).expect(200)).text;
    expect(welsh).toContain('Mae’r canlyniad yn pwyso sgoriau’r panel 50% a chefnogaeth y cyhoedd 50%.');
    expect(welsh).toContain('Sgôr gyfunol');
    expect(welsh.match(/voting\.[a-z][\w.-]+/g) ?? []).toEqual([]);
  });

  it('keeps the panel review while the weight needs it, and refuses to count, saying why, a round that lost it anyway', async () => {
    const phases = ['applications', 'panel-review', 'public-vote', 'results'].map((phase, i) => ({ phase, opensAt: at(i === 0 ? -1 : 10 * i), closesAt: at(10 * (i + 1)) }));
    const created = await as(fund.manager).post(`/api/v1/funds/${fund.fundId}/rounds`, { name: 'Panel dropped', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, panelWeightPercent: 25, phases }).expect(201);
    const base = `/api/v1/funds/${fund.fundId}/rounds/${created.body.id}`;
    const dropped = await as(fund.manager).put(`${base}/timeline`, { phases: phases.filter((p) => p.phase !== 'panel-review') }).expect(400);
    expect(dropped.body.details).toEqual([{ field: 'phases.panel-review', problem: 'The round’s result weighs in the panel’s scores, so it needs its panel review: set the panel’s weight to 0 in the round’s rules first' }]);
    // Switched off behind the application's back (as a round saved before that check would be): counting still refuses.
    await query(t.db.url, `UPDATE round_phases SET enabled = false, opens_at = NULL, closes_at = NULL WHERE round_id = $1 AND phase = 'panel-review'`, [created.body.id]);
    for (const from of ['applications', 'public-vote']) await as(fund.manager).post(`${base}/advance`, { expectedFrom: from }).expect(200);
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const manage = `/manage/funds/${fund.fundId}/rounds/${created.body.id}/vote`;
    const refused = await web.submit(manage, {}, `${manage}/count`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('The round’s rules weigh the panel’s scores 25%, but the round has no panel review to score the applications: the votes cannot be counted');
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM vote_results WHERE round_id = $1`, [created.body.id])).toEqual([{ n: 0 }]);
  });
});
