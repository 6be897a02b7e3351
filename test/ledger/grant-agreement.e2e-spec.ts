import { createHash } from 'node:crypto';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const dayIn = (days: number) => inDays(days).slice(0, 10);
/** A round the panel decides alone: no public vote, so its decisions are awards. */
const PANEL_ONLY = ['co-design', 'applications', 'screening', 'panel-review', 'results', 'awards'].map((phase, i) => ({ phase, opensAt: inDays(i === 0 ? -1 : i * 10), closesAt: inDays((i + 1) * 10) }));

/** The offer text inside the page's offer block, line by line, as the grantee reads it. */
function offerLinesIn(html: string): string[] {
  const block = html.match(/<div id="offer">([\s\S]*?)<\/div>/)![1];
  return [...block.matchAll(/<(?:p|h2|li)[^>]*>([\s\S]*?)<\/(?:p|h2|li)>/g)].map((m) =>
    m[1]
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim(),
  );
}

describe('grant agreements: tranches, the applicant’s acceptance and payments against it', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  /** Lunch club (£1,000) and Youth music (£2,000), both awarded by the panel. */
  let lunch: { applicationId: string; awardId: string };
  let music: { applicationId: string; awardId: string };

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object = {}) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
  });
  const awardPath = (awardId: string) => `/api/v1/funds/${fund.fundId}/awards/${awardId}`;
  const schedule = (awardId: string, tranches: object[]) => as(fund.manager).put(`${awardPath(awardId)}/tranches`, { tranches });
  const pay = (awardId: string, body: object) => as(fund.manager).post(`${awardPath(awardId)}/payments`, { paidOn: dayIn(0), ...body });
  const count = async (sql: string, params: unknown[]) => (await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    fund = await fundWithMoney(t, 'Agreement Fund', ['BS5'], { pence: 100_000_00, scopes: ['ledger:read'] });
    round = await roundTakingApplications(t, fund, { name: 'Spring', postcode: 'BS5 6XY', rules: { phases: PANEL_ONLY, budgetPence: 20_000_00 } });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    for (const from of ['applications', 'screening']) await as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
    for (const id of applicant.applicationIds) {
      await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'award', rationale: 'Clear need' }).expect(204);
    }
    const awards = (await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/awards`).expect(200)).body.awards as Array<{ id: string; applicationId: string }>;
    const awardOf = (applicationId: string) => ({ applicationId, awardId: awards.find((a) => a.applicationId === applicationId)!.id });
    lunch = awardOf(applicant.applicationIds[0]);
    music = awardOf(applicant.applicationIds[1]);
  });
  afterAll(async () => t.close());

  it('schedules an award’s tranches once, refusing sums and dates that do not fit, and writing nothing when it refuses', async () => {
    const field = async (tranches: object[], status = 400) => (await schedule(lunch.awardId, tranches).expect(status)).body.details.map((d: { field: string }) => d.field);
    expect(await field([{ amountPence: 600_00, dueOn: dayIn(0) }, { amountPence: 300_00, dueOn: dayIn(30) }])).toEqual(['tranches']);
    const sum = await schedule(lunch.awardId, [{ amountPence: 600_00, dueOn: dayIn(0) }, { amountPence: 500_00, dueOn: dayIn(30) }]).expect(400);
    expect(sum.body.details[0].problem).toBe('The tranches add up to £1,100 but the award is £1,000: they must add up to exactly the award');
    expect(await field([{ amountPence: 600_00, dueOn: dayIn(30) }, { amountPence: 400_00, dueOn: dayIn(10) }])).toEqual(['tranches.1.dueOn']);
    expect(await field([{ amountPence: 1_000_00, dueOn: dayIn(-1) }])).toEqual(['tranches.0.dueOn']);
    expect(await field([{ amountPence: 1_000_00, dueOn: '2027-02-30' }])).toEqual(['tranches.0.dueOn']);
    expect(await field([{ amountPence: 0, dueOn: dayIn(1) }, { amountPence: 1_000_00, dueOn: dayIn(2) }])).toEqual(['tranches.0.amountPence']);
    expect(await field([{ amountPence: 1_000_00, dueOn: 'soon' }])).toEqual(['tranches.0.dueOn']);
    expect(await field([])).toEqual(['tranches']);
    expect(await count(`award_tranches WHERE award_id = $1`, [lunch.awardId])).toBe(0);

    // A manager of another fund may not schedule this fund's award, nor reach it through their own fund.
    const other = await fundWithMoney(t, 'Other Fund', ['BS5']);
    const otherManager = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: other.fundId }] }), ['funds:manage']);
    await as(otherManager).put(`${awardPath(lunch.awardId)}/tranches`, { tranches: [{ amountPence: 1_000_00, dueOn: dayIn(1) }] }).expect(403);
    await as(otherManager).put(`/api/v1/funds/${other.fundId}/awards/${lunch.awardId}/tranches`, { tranches: [{ amountPence: 1_000_00, dueOn: dayIn(1) }] }).expect(404);
    // Nor may the applicant, whatever their token.
    await as(applicant.token).put(`${awardPath(lunch.awardId)}/tranches`, { tranches: [{ amountPence: 1_000_00, dueOn: dayIn(1) }] }).expect(403);
    expect(await count(`award_tranches WHERE award_id = $1`, [lunch.awardId])).toBe(0);

    const tranches = [{ amountPence: 600_00, dueOn: dayIn(0) }, { amountPence: 400_00, dueOn: dayIn(90) }];
    const set = await schedule(lunch.awardId, tranches).expect(200);
    expect(set.body.tranches).toEqual([
      { seq: 1, amountPence: 600_00, dueOn: dayIn(0), onAcceptance: false },
      { seq: 2, amountPence: 400_00, dueOn: dayIn(90), onAcceptance: false },
    ]);
    // The same schedule again is the same answer; a different one is refused: a schedule is never replaced.
    expect((await schedule(lunch.awardId, tranches).expect(200)).body).toEqual(set.body);
    expect((await schedule(lunch.awardId, [{ amountPence: 1_000_00, dueOn: dayIn(1) }]).expect(409)).body.details).toEqual([expect.objectContaining({ field: 'tranches' })]);
    expect(await count(`award_tranches WHERE award_id = $1`, [lunch.awardId])).toBe(2);
    expect(await count(`audit_log WHERE action = 'ledger.schedule-tranches' AND entity_id = $1`, [lunch.awardId])).toBe(1);
  });

  it('pays nothing before the offer is accepted', async () => {
    const refused = await pay(lunch.awardId, { amountPence: 600_00, reference: 'EARLY-1', trancheSeq: 1 }).expect(409);
    expect(refused.body.details).toEqual([{ field: 'award', problem: 'The grantee has not accepted the grant offer yet: no payment can be recorded until they do' }]);
    await pay(lunch.awardId, { amountPence: 100_00, reference: 'EARLY-2' }).expect(409);
    expect(await count(`ledger_transactions WHERE kind = 'payment' AND memo->>'awardId' = $1`, [lunch.awardId])).toBe(0);
  });

  it('lets a member of the organisation accept the offer on its page, with a plain form, once', async () => {
    const web = new WebSession(t);
    await web.signIn(applicant.account.email, applicant.account.password);
    const offerPath = `/applications/${lunch.applicationId}/offer`;
    expect((await web.get(`/applications/${lunch.applicationId}`).expect(200)).text).toContain(`href="${offerPath}"`);

    const page = await web.get(offerPath).expect(200);
    const lines = offerLinesIn(page.text);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Lunch club group is offered a grant of £1,000 for the project “Lunch club”.',
        'Who the money comes from',
        'Council',
        expect.stringMatching(/^£600, due on \d{1,2} \w+ \d{4}$/),
        expect.stringMatching(/^£400, due on \d{1,2} \w+ \d{4}$/),
        'The conditions of the grant (version 1)',
        'Give back any of the money that is not spent on the project.',
      ]),
    );
    expect(page.text).toContain('I accept this offer and its conditions on behalf of Lunch club group');
    expect(page.text).toMatch(new RegExp(`<form method="post" action="${offerPath}"`));
    // What is accepted is the hash of exactly the text on the page.
    const shownSha256 = page.text.match(/name="offerSha256" value="([0-9a-f]{64})"/)![1];
    expect(createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex')).toBe(shownSha256);

    // Without the box ticked, the page comes back with the GOV.UK error summary; without the CSRF token, the post is refused.
    const unticked = await web.agent.post(offerPath).type('form').send({ offerSha256: shownSha256, _csrf: csrfTokenIn(page.text) }).expect(400);
    expect(unticked.text).toContain('govuk-error-summary');
    expect(unticked.text).toContain('href="#accept"');
    await web.agent.post(offerPath).type('form').send({ offerSha256: shownSha256, accept: 'yes' }).expect(403);
    expect(await count(`award_acceptances WHERE award_id = $1`, [lunch.awardId])).toBe(0);

    const accepted = await web.submit(offerPath, { offerSha256: shownSha256, accept: 'yes' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(`${offerPath}?accepted=1`);
    const after = await web.get(accepted.headers.location).expect(200);
    expect(after.text).toMatch(/Accepted by Ada Applicant on \d{1,2} \w+ \d{4}/);
    expect(after.text).not.toContain('name="accept"');

    const [row] = await query<{ accepted_by: string; conditions_sha256: string; conditions_version: number; language: string }>(t.db.url, `SELECT accepted_by, conditions_sha256, conditions_version, language FROM award_acceptances WHERE award_id = $1`, [lunch.awardId]);
    expect(row).toEqual({ accepted_by: applicant.account.id, conditions_sha256: shownSha256, conditions_version: 1, language: 'en' });
    const [audit] = await query<{ actor_id: string; after: { conditionsSha256: string } }>(t.db.url, `SELECT actor_id, after FROM audit_log WHERE action = 'ledger.accept-award' AND entity_id = $1`, [lunch.awardId]);
    expect(audit).toMatchObject({ actor_id: applicant.account.id, after: { conditionsSha256: shownSha256 } });

    // The JSON API tells the same story, and a second acceptance is refused naming the offer.
    const offer = (await as(applicant.token).get(`/api/v1/applications/${lunch.applicationId}/offer`).expect(200)).body;
    expect(offer).toMatchObject({ awardId: lunch.awardId, amountPence: 1_000_00, funders: ['Council'], offerSha256: shownSha256, acceptance: { acceptedBy: 'Ada Applicant', conditionsSha256: shownSha256 } });
    const again = await as(applicant.token).post(`/api/v1/applications/${lunch.applicationId}/offer`, { accept: true, offerSha256: shownSha256 }).expect(409);
    expect(again.body.details).toEqual([{ field: 'offer', problem: 'This offer has already been accepted' }]);
    const standing = (await as(fund.manager).get(awardPath(lunch.awardId)).expect(200)).body;
    expect(standing.acceptedAt).toEqual(expect.any(String));
    expect(await count(`award_acceptances WHERE award_id = $1`, [lunch.awardId])).toBe(1);
    expect(await count(`audit_log WHERE action = 'ledger.accept-award' AND entity_id = $1`, [lunch.awardId])).toBe(1);
  });

  it('refuses anyone outside the organisation, and an offer that changed since it was read', async () => {
    const stranger = await createAccount(t.db.url, { postcode: 'BS5 6AA' });
    const token = await accessToken(t, stranger, ['applications:apply']);
    await as(token).get(`/api/v1/applications/${music.applicationId}/offer`).expect(403);
    const read = (await as(applicant.token).get(`/api/v1/applications/${music.applicationId}/offer`).expect(200)).body;
    expect(read.tranches).toEqual([{ seq: 1, amountPence: 2_000_00, dueOn: null, onAcceptance: true, paid: false }]);
    await as(token).post(`/api/v1/applications/${music.applicationId}/offer`, { accept: true, offerSha256: read.offerSha256 }).expect(403);
    const web = new WebSession(t);
    await web.signIn(stranger.email, stranger.password);
    await web.get(`/applications/${music.applicationId}/offer`).expect(403);

    // The fund manager sets a schedule after the applicant read the offer: what they read is no longer the offer.
    await schedule(music.awardId, [{ amountPence: 1_500_00, dueOn: dayIn(0) }, { amountPence: 500_00, dueOn: dayIn(60) }]).expect(200);
    const stale = await as(applicant.token).post(`/api/v1/applications/${music.applicationId}/offer`, { accept: true, offerSha256: read.offerSha256 }).expect(409);
    expect(stale.body.details).toEqual([expect.objectContaining({ field: 'offer' })]);
    expect((await as(applicant.token).post(`/api/v1/applications/${music.applicationId}/offer`, { accept: false, offerSha256: read.offerSha256 }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'accept' })]);
    expect(await count(`award_acceptances WHERE award_id = $1`, [music.awardId])).toBe(0);

    // Read again, in Welsh this time, and accepted on the page; the schedule is then part of the agreement and stays.
    const member = new WebSession(t);
    await member.signIn(applicant.account.email, applicant.account.password);
    const welsh = await member.get(`/applications/${music.applicationId}/offer?lang=cy`).expect(200);
    expect(welsh.text).toContain('Rwy’n derbyn y cynnig hwn a’i amodau ar ran Youth music group');
    const welshSha256 = welsh.text.match(/name="offerSha256" value="([0-9a-f]{64})"/)![1];
    expect(welshSha256).not.toBe(read.offerSha256);
    expect((await member.agent.post(`/applications/${music.applicationId}/offer`).type('form').send({ offerSha256: welshSha256, accept: 'yes', _csrf: csrfTokenIn(welsh.text) })).status).toBe(303);
    const [row] = await query<{ language: string; conditions_sha256: string }>(t.db.url, `SELECT language, conditions_sha256 FROM award_acceptances WHERE award_id = $1`, [music.awardId]);
    expect(row).toEqual({ language: 'cy', conditions_sha256: welshSha256 });
    expect((await schedule(music.awardId, [{ amountPence: 2_000_00, dueOn: dayIn(5) }]).expect(409)).body.details).toEqual([expect.objectContaining({ field: 'tranches' })]);
  });

  it('pays each tranche once and for exactly its amount, refusing the rest without writing anything', async () => {
    const payments = () => count(`ledger_transactions WHERE kind = 'payment' AND memo->>'awardId' = $1`, [lunch.awardId]);
    const wrong = await pay(lunch.awardId, { amountPence: 500_00, reference: 'T1-WRONG', trancheSeq: 1 }).expect(400);
    expect(wrong.body.details).toEqual([{ field: 'amount', problem: 'Tranche 1 is £600: record its payment for exactly that amount' }]);
    expect((await pay(lunch.awardId, { amountPence: 600_00, reference: 'T3', trancheSeq: 3 }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'trancheSeq' })]);
    expect((await pay(lunch.awardId, { amountPence: 600_00, reference: 'T0', trancheSeq: 0 }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'trancheSeq' })]);
    expect(await payments()).toBe(0);

    const first = await pay(lunch.awardId, { amountPence: 600_00, reference: 'BACS-T1', trancheSeq: 1 }).expect(201);
    expect((await pay(lunch.awardId, { amountPence: 600_00, reference: 'BACS-T1', trancheSeq: 1 }).expect(201)).body).toMatchObject({ id: first.body.id, replayed: true });
    // The same reference for another tranche is another payment, and so refused.
    await pay(lunch.awardId, { amountPence: 400_00, reference: 'BACS-T1', trancheSeq: 2 }).expect(409);
    const twice = await pay(lunch.awardId, { amountPence: 600_00, reference: 'BACS-T1-AGAIN', trancheSeq: 1 }).expect(409);
    expect(twice.body.details).toEqual([{ field: 'trancheSeq', problem: 'Tranche 1 has already been paid (reference BACS-T1)' }]);
    expect(await payments()).toBe(1);
    expect(await count(`audit_log WHERE action = 'ledger.record-payment' AND entity_id = $1`, [lunch.awardId])).toBe(1);

    const standing = (await as(fund.manager).get(awardPath(lunch.awardId)).expect(200)).body;
    expect(standing).toMatchObject({ paidPence: 600_00, committedPence: 400_00 });
    expect(standing.tranches.map((x: { seq: number; paid: boolean }) => [x.seq, x.paid])).toEqual([
      [1, true],
      [2, false],
    ]);
    await pay(lunch.awardId, { amountPence: 400_00, reference: 'BACS-T2', trancheSeq: 2 }).expect(201);
    expect((await as(fund.manager).get(awardPath(lunch.awardId)).expect(200)).body).toMatchObject({ paidPence: 1_000_00, committedPence: 0 });
    expect((await as(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/verification`).expect(200)).body).toMatchObject({ chainBreak: null, reconciles: true, negativeAccounts: [] });
  });

  it('keeps schedules and acceptances append-only in the database itself', async () => {
    for (const sql of [`UPDATE award_acceptances SET language = 'cy'`, `DELETE FROM award_acceptances`, `UPDATE award_tranches SET amount_pence = 1`, `DELETE FROM award_tranches`, `TRUNCATE award_tranches`]) {
      await expect(query(t.db.url, sql)).rejects.toThrow(/append-only/);
    }
  });
});
