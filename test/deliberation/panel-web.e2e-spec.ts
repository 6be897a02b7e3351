import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

/**
 * The panel's pages as plain form posts (no browser): the facilitator's pages for volunteers,
 * conflicts, who reviews what and meetings; a panellist's note and the edit window; the pages in
 * Welsh; and who may not see them (fund managers never see volunteers' answers).
 */
describe('the community panel’s pages', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  let facilitator: WebSession;
  let panellist: WebSession;
  let panellistId: string;
  const people: Array<{ id: string; email: string; password: string }> = [];
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Pages Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Autumn 2028', postcode: 'BS5 6XY' });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    base = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/panel`;
    const facilitatorAccount = await createAccount(t.db.url, { roles: [{ role: 'facilitator' }], displayName: 'Femi Facilitator' });
    facilitator = new WebSession(t);
    await facilitator.signIn(facilitatorAccount.email, facilitatorAccount.password);
    expect((await facilitator.submit(`${base}/settings`, { panelSize: '2', profileQuestions: ['age-band', 'tenure'], scoreMax: '5' })).status).toBe(303);
    for (const [i, age] of ['16-24', '75-plus'].entries()) {
      const account = await createAccount(t.db.url, { postcode: `BS5 ${i}ZZ`, displayName: `Resident <b>${i + 1}</b>` });
      people.push(account);
      const web = new WebSession(t);
      await web.signIn(account.email, account.password);
      const volunteerPage = `/funds/pages-fund/rounds/autumn-2028/panel`;
      expect((await web.submit(volunteerPage, { 'profile:age-band': 'forty', 'profile:tenure': 'owns' })).status).toBe(400);
      expect((await web.submit(volunteerPage, { 'profile:age-band': age, 'profile:tenure': 'owns' })).status).toBe(303);
    }
    expect((await facilitator.submit(base, { seed: 'pages' }, `${base}/draw`)).status).toBe(303);
    panellistId = people[0].id;
    panellist = new WebSession(t);
    await panellist.signIn(people[0].email, people[0].password);
    expect((await panellist.submit('/panel', { status: 'accepted' }, `/panel/rounds/${round.roundId}/response`)).status).toBe(303);
    for (const from of ['applications', 'screening']) await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
  });
  afterAll(() => t.close());

  it('shows volunteers’ answers to facilitators only, escaped, and totals on the overview', async () => {
    const volunteers = await facilitator.get(`${base}/volunteers`).expect(200);
    expect(volunteers.text).toContain('Resident &lt;b&gt;1&lt;/b&gt;');
    expect(volunteers.text).toContain('16 to 24');
    expect(volunteers.text).toContain('Owned (outright or with a mortgage)');
    const overview = await facilitator.get(base).expect(200);
    expect(overview.text).toContain('2 residents have volunteered.');
    const managerWeb = new WebSession(t);
    await managerWeb.signIn(fund.managerAccount.email, fund.managerAccount.password);
    for (const page of ['', '/volunteers', '/draw', '/scores']) expect((await managerWeb.get(`${base}${page}`)).status).toBe(403);
    // The round's manager sees the round, without a link to the panel's pages.
    expect((await managerWeb.get(`/manage/funds/${fund.fundId}/rounds/${round.roundId}`).expect(200)).text).not.toContain(`${base}"`);
    expect((await facilitator.get('/panel').expect(200)).text).toContain(`href="${base}"`);
  });

  it('serves the draw’s input exactly as its digest was taken', async () => {
    const record = await facilitator.get(`${base}/draw`).expect(200);
    const snapshot = await facilitator.get(`${base}/draw/snapshot.json`).expect(200);
    const { createHash } = await import('node:crypto');
    expect(record.text).toContain(createHash('sha256').update(snapshot.text).digest('hex'));
    expect(snapshot.text).not.toContain(people[0].email);
    expect(JSON.parse(snapshot.text).volunteers.map((v: { id: string }) => v.id)).toEqual(['V001', 'V002']);
  });

  it('lets the facilitator record a conflict, refusing a form that names nobody', async () => {
    expect((await facilitator.submit(`${base}/conflicts`, { accountId: '', applicationId: '', kind: 'member' })).status).toBe(400);
    const recorded = await facilitator.submit(`${base}/conflicts`, { accountId: panellistId, applicationId: applicant.applicationIds[1], kind: 'business', detail: 'Supplies their instruments' });
    expect(recorded.status).toBe(303);
    const page = await facilitator.get(`${base}/conflicts`).expect(200);
    expect(page.text).toContain('Supplies their instruments');
    const home = await panellist.get(`/panel/rounds/${round.roundId}`).expect(200);
    expect(home.text).toContain('Conflict declared');
    expect((await panellist.get(`/panel/rounds/${round.roundId}/applications/${applicant.applicationIds[1]}`)).status).toBe(403);
  });

  it('shares applications out from the form and says when it cannot', async () => {
    expect((await facilitator.submit(`${base}/assignments`, { mode: 'subset', perApplication: 'two' })).status).toBe(400);
    const shared = await facilitator.submit(`${base}/assignments`, { mode: 'subset', perApplication: '1' });
    expect(shared.status).toBe(200);
    // The second application's only accepted panellist is conflicted on it.
    expect(shared.text).toContain('1 applications have fewer reviewers than asked for');
    expect((await facilitator.submit(`${base}/assignments`, { mode: 'everyone' })).text).toContain('The applications have been shared out');
  });

  it('keeps a panellist’s private note and lets them change a post only in its window', async () => {
    const page = `/panel/rounds/${round.roundId}/applications/${applicant.applicationIds[0]}`;
    // A declarations form with none in it is refused, saying so.
    expect((await panellist.submit(`/panel/rounds/${round.roundId}`, { conflict: 'none' }, `/panel/rounds/${round.roundId}/conflicts`)).status).toBe(400);
    expect((await panellist.submit(`/panel/rounds/${round.roundId}`, { [`conflict:${applicant.applicationIds[0]}`]: 'none' }, `/panel/rounds/${round.roundId}/conflicts`)).status).toBe(303);
    expect((await panellist.submit(page, { note: 'Ask about the hall' }, `${page}/note`)).status).toBe(303);
    expect((await panellist.get(page).expect(200)).text).toContain('Ask about the hall');
    expect((await panellist.submit(page, { body: 'First thoughts' }, `${page}/posts`)).status).toBe(303);
    const [post] = await query<{ id: string }>(t.db.url, `SELECT id FROM panel_posts`);
    expect((await panellist.submit(`${page}/posts/${post.id}/edit`, { body: 'Second thoughts' })).status).toBe(303);
    await query(t.db.url, `UPDATE panel_posts SET created_at = now() - interval '16 minutes'`);
    expect((await panellist.get(`${page}/posts/${post.id}/edit`)).status).toBe(403);
    expect((await panellist.get(page).expect(200)).text).toContain('Second thoughts');
    // Other residents cannot see the panel's pages at all.
    const stranger = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(stranger.email, stranger.password);
    expect((await web.get(page)).status).toBe(403);
    expect((await web.get(`/panel/rounds/${round.roundId}`)).status).toBe(403);
  });

  it('records meetings, refusing one in the future or with nobody there', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000);
    const day = (d: Date) => ({ 'heldOn-day': String(d.getUTCDate()), 'heldOn-month': String(d.getUTCMonth() + 1), 'heldOn-year': String(d.getUTCFullYear()) });
    expect((await facilitator.submit(`${base}/meetings`, { ...day(future), attendees: panellistId, decisions: 'x' })).status).toBe(400);
    expect((await facilitator.submit(`${base}/meetings`, { ...day(new Date(Date.now() - 86_400_000)), decisions: 'x' })).status).toBe(400);
    expect((await facilitator.submit(`${base}/meetings`, { ...day(new Date(Date.now() - 86_400_000)), attendees: panellistId, otherAttendees: 'An officer', decisions: 'Shortlist the lunch club', notes: '' })).status).toBe(303);
    const page = await facilitator.get(`${base}/meetings`).expect(200);
    expect(page.text).toContain('Shortlist the lunch club');
    expect(page.text).toContain('An officer');
  });

  it('shows every page in Welsh, without a key left untranslated', async () => {
    const pages = [base, `${base}/settings`, `${base}/volunteers`, `${base}/draw`, `${base}/conflicts`, `${base}/assignments`, `${base}/scores`, `${base}/meetings`, `${base}/applications/${applicant.applicationIds[0]}`];
    for (const page of pages) {
      const html = (await facilitator.get(`${page}?lang=cy`).expect(200)).text;
      expect({ page, keys: html.match(/deliberation\.[a-z][\w.-]+/g) ?? [] }).toEqual({ page, keys: [] });
      expect(html).toContain('lang="cy"');
    }
    for (const page of ['/panel', `/panel/rounds/${round.roundId}`, `/panel/rounds/${round.roundId}/applications/${applicant.applicationIds[0]}`, `/panel/rounds/${round.roundId}/applications/${applicant.applicationIds[0]}/scores`]) {
      const html = (await panellist.get(`${page}?lang=cy`).expect(200)).text;
      expect({ page, keys: html.match(/deliberation\.[a-z][\w.-]+/g) ?? [] }).toEqual({ page, keys: [] });
    }
  });
});
