import { createAccount, query } from '@commonpurse/testing';
import { drawPanel } from '../../libs/deliberation/src/domain/sortition';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

/**
 * The community panel through the API, against the real database: settings and quotas, residents
 * volunteering, the draw (refused when it cannot be made, made once when two facilitators draw at
 * once, reproducible from its record), members and reserves, conflicts of interest enforced on
 * every read and write, scoring with its aggregates, the discussion, questions to the applicant
 * and the panel's decisions.
 */
describe('the community panel', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  let facilitator: string;
  let otherFacilitator: string;
  const volunteers: Array<{ id: string; token: string; email: string; password: string }> = [];

  const manage = (path = '') => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel${path}`;
  const seat = (path = '') => `/api/v1/panel/rounds/${round.roundId}${path}`;
  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    put: (path: string, body: object = {}) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => t.http().delete(path).auth(token, { type: 'bearer' }),
  });
  const AGES = ['16-24', '16-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-plus'];

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Panel Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Spring 2028', postcode: 'BS5 6XY', criteria: ['Warmth', 'Youth'] });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
    for (const [i, scopeId] of [fund.fundId, fund.fundId].entries()) {
      const account = await createAccount(t.db.url, { roles: [{ role: 'facilitator', scopeType: 'fund', scopeId }], displayName: `Facilitator ${i + 1}` });
      const token = await accessToken(t, account, ['panel:facilitate']);
      if (i === 0) facilitator = token;
      else otherFacilitator = token;
    }
    for (const [i] of AGES.entries()) {
      const account = await createAccount(t.db.url, { postcode: `BS5 ${i}AA`, displayName: `Volunteer ${i + 1}` });
      volunteers.push({ ...account, token: await accessToken(t, account, ['panel:take-part']) });
    }
  });
  afterAll(() => t.close());

  it('refuses settings it cannot use, naming the field', async () => {
    const ok = { panelSize: 4, profileQuestions: ['age-band'], quotas: [{ category: 'age-band', value: '16-24', min: 1, max: 2 }], scoreMax: 5 };
    expect((await as(facilitator).put(manage(), { ...ok, panelSize: 0 }).expect(400)).body.details).toContainEqual({ field: 'panelSize', problem: 'The panel size must be a whole number from 1 to 200' });
    expect((await as(facilitator).put(manage(), { ...ok, quotas: [{ category: 'age-band', value: '16-24', min: 3, max: 2 }] }).expect(400)).body.details).toContainEqual({ field: 'quota-age-band-16-24', problem: 'The least must not be more than the most' });
    expect((await as(facilitator).put(manage(), { ...ok, quotas: [{ category: 'gender', value: 'woman', min: 1, max: 2 }] }).expect(400)).body.details[0].problem).toBe('A quota can only be on a question volunteers are asked');
    expect((await as(facilitator).put(manage(), { ...ok, quotas: [{ category: 'age-band', value: '16-24', min: 5, max: 5 }] }).expect(400)).body.details[0].problem).toBe('The least cannot be more than the panel’s size');
    // Fund managers run the round but are not facilitators: volunteers' answers are not theirs to see.
    await as(fund.manager).get(manage()).expect(403);
    await as(facilitator).put(manage(), ok).expect(204);
    const stale = await as(otherFacilitator).put(manage(), { ...ok, panelSize: 5, version: 0 }).expect(409);
    expect(stale.body.message).toMatch(/Someone else changed the settings/);
    expect((await as(facilitator).get(manage()).expect(200)).body).toMatchObject({ panelSize: 4, profileQuestions: ['age-band'], version: 1, volunteers: 0 });
  });

  it('takes volunteers from the area, with their answers, and refuses answers it does not know', async () => {
    const bad = await as(volunteers[0].token).put(manage('/volunteers/me'), { answers: { 'age-band': '12-15' } }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'age-band', problem: 'Choose one of the answers given' }]);
    for (const [i, v] of volunteers.entries()) await as(v.token).put(manage('/volunteers/me'), { answers: { 'age-band': AGES[i] } }).expect(204);
    // Answering again changes the answers; withdrawing (before the draw) takes one out.
    await as(volunteers[7].token).put(manage('/volunteers/me'), { answers: {} }).expect(204);
    const outsider = await createAccount(t.db.url, { postcode: 'CF10 1AA' });
    const outsiderToken = await accessToken(t, outsider, ['panel:take-part']);
    await as(outsiderToken).put(manage('/volunteers/me'), { answers: {} }).expect(403);
    const overview = (await as(facilitator).get(manage()).expect(200)).body;
    expect(overview.volunteers).toBe(8);
    const ages = overview.totals[0].answers;
    expect(ages.find((a: { answer: string }) => a.answer === '16-24').volunteers).toBe(2);
    expect(ages.find((a: { answer: string }) => a.answer === 'prefer-not-to-say').volunteers).toBe(1);
    // Only facilitators see the answers; the audit trail records only that someone volunteered.
    const audit = await query<{ after: object }>(t.db.url, `SELECT after FROM audit_log WHERE action = 'deliberation.volunteer'`);
    expect(audit).toHaveLength(8);
    expect(JSON.stringify(audit)).not.toContain('16-24');
  });

  it('refuses a draw it cannot make, saying which quota or size is at fault, and draws nothing', async () => {
    const settings = (over: object) => ({ panelSize: 4, profileQuestions: ['age-band'], quotas: [{ category: 'age-band', value: '16-24', min: 1, max: 2 }], scoreMax: 5, ...over });
    await as(facilitator).put(manage(), settings({ panelSize: 20 })).expect(204);
    const tooBig = await as(facilitator).post(manage('/draw'), { seed: 'a' }).expect(400);
    expect(tooBig.body.details).toContainEqual({ field: 'panelSize', problem: 'The panel (20) is larger than the number of volunteers (8)' });
    await as(facilitator).put(manage(), settings({ quotas: [{ category: 'age-band', value: '16-24', min: 3, max: 4 }] })).expect(204);
    const quota = await as(facilitator).post(manage('/draw'), { seed: 'a' }).expect(400);
    expect(quota.body.details).toContainEqual({ field: 'quotas', problem: 'The quota on age-band 16-24 needs at least 3, but only 2 volunteers gave that answer' });
    await as(facilitator).get(manage('/draw')).expect(404);
    await as(facilitator).put(manage(), settings({})).expect(204);
  });

  it('draws once when two facilitators draw at once, telling the other who drew', async () => {
    const [first, second] = await Promise.all([as(facilitator).post(manage('/draw'), { seed: '31415-92653' }), as(otherFacilitator).post(manage('/draw'), { seed: '27182-81828' })]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.body.details[0].problem).toMatch(/^The panel has already been drawn, by Facilitator [12] at /);
    const draw = (await as(facilitator).get(manage('/draw')).expect(200)).body;
    expect(draw.panel).toHaveLength(4);
    expect(draw.reserves).toHaveLength(4);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM panel_draws`)).toEqual([{ n: 1 }]);
    // Every quota met: one or two aged 16 to 24.
    const young = draw.panel.filter((n: string) => draw.snapshot.volunteers.find((v: { id: string }) => v.id === n).profile['age-band'] === '16-24');
    expect(young.length).toBeGreaterThanOrEqual(1);
    expect(young.length).toBeLessThanOrEqual(2);
    // Anyone with the record can run it again and get the same panel.
    const again = drawPanel({ seed: draw.seed, ...draw.snapshot });
    expect(again).toMatchObject({ ok: true, panel: draw.panel, reserves: draw.reserves });
    const members = (await as(facilitator).get(manage()).expect(200)).body.members;
    expect(members.map((m: { status: string; source: string }) => [m.source, m.status])).toEqual(Array(4).fill(['drawn', 'invited']));
    const emails = await query(t.db.url, `SELECT count(*)::int AS n FROM notification_outbox WHERE event_type = 'panel-selected'`);
    expect(emails).toEqual([{ n: 4 }]);
    // The draw's input is fixed from now on.
    expect((await as(facilitator).put(manage(), { panelSize: 5, profileQuestions: ['age-band'], quotas: [{ category: 'age-band', value: '16-24', min: 1, max: 2 }] }).expect(409)).body.message).toBe('The panel has been drawn: its size, questions and quotas can no longer change.');
    await as(volunteers[0].token).delete(manage('/volunteers/me')).expect(409);
  });

  describe('once drawn', () => {
    let panellists: typeof volunteers;
    const app = (i: number, path = '') => seat(`/applications/${applicant.applicationIds[i]}${path}`);

    beforeAll(async () => {
      const draw = (await as(facilitator).get(manage('/draw')).expect(200)).body;
      const ids = (await query<{ volunteer_ids: string[] }>(t.db.url, `SELECT volunteer_ids FROM panel_draws`))[0].volunteer_ids;
      const accountOf = (n: string) => ids[Number(n.slice(1)) - 1];
      panellists = draw.panel.map((n: string) => volunteers.find((v) => v.id === accountOf(n))!);
    });

    it('lets members accept or decline, calls the next reserve in a decliner’s place, and adds members directly', async () => {
      const [a, b, c, d] = panellists;
      for (const p of [a, b, c]) await as(p.token).put(seat('/response'), { status: 'accepted' }).expect(204);
      await as(d.token).put(seat('/response'), { status: 'maybe' }).expect(400);
      await as(d.token).put(seat('/response'), { status: 'declined' }).expect(204);
      // Only a decliner's place is filled, and only once.
      await as(facilitator).post(manage(`/members/${a.id}/replacement`)).expect(400);
      const called = (await as(facilitator).post(manage(`/members/${d.id}/replacement`)).expect(201)).body.id;
      await as(facilitator).post(manage(`/members/${d.id}/replacement`)).expect(409);
      const overview = (await as(facilitator).get(manage()).expect(200)).body;
      expect(overview.members.find((m: { accountId: string }) => m.accountId === called)).toMatchObject({ source: 'reserve', status: 'invited', replaces: d.id });
      // The quota still holds with the reserve in the place of the one who declined.
      const seated = overview.members.filter((m: { status: string }) => m.status !== 'declined').map((m: { accountId: string }) => volunteers.findIndex((v) => v.id === m.accountId));
      const young = seated.filter((i: number) => AGES[i] === '16-24').length;
      expect(young).toBeGreaterThanOrEqual(1);
      expect(young).toBeLessThanOrEqual(2);
      const reserve = volunteers.find((v) => v.id === called)!;
      await as(reserve.token).put(seat('/response'), { status: 'accepted' }).expect(204);
      panellists = [a, b, c, reserve];

      const nominee = await createAccount(t.db.url, { postcode: 'BS5 9ZZ', displayName: 'Youth Club Nominee' });
      await as(facilitator).post(manage('/members'), { email: nominee.email, note: ' ' }).expect(400);
      await as(facilitator).post(manage('/members'), { email: 'nobody@example.org', note: 'Nominated' }).expect(400);
      await as(facilitator).post(manage('/members'), { email: nominee.email, note: 'Nominated by the youth club' }).expect(201);
      await as(facilitator).post(manage('/members'), { email: nominee.email, note: 'Again' }).expect(409);
      expect((await as(facilitator).get(manage()).expect(200)).body.members.find((m: { accountId: string }) => m.accountId === nominee.id)).toMatchObject({ source: 'direct', note: 'Nominated by the youth club' });
    });

    it('keeps every application shut to a panellist until they declare, and for good once they declare a conflict', async () => {
      const [a, b] = panellists;
      expect((await as(a.token).get(app(0)).expect(409)).body.message).toBe('Applications open to the panel when its review starts');
      for (const from of ['applications', 'screening']) await as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
      expect((await as(a.token).get(app(0)).expect(403)).body.message).toBe('Declare whether you have a conflict with this application before you open it');
      // A declaration names a real kind; "other" says what; all of a request's declarations stand or fall together.
      const bad = await as(a.token).put(seat('/conflicts'), { declarations: [{ applicationId: applicant.applicationIds[0], kind: 'none' }, { applicationId: applicant.applicationIds[1], kind: 'other', detail: ' ' }] }).expect(400);
      expect(bad.body.details).toEqual([{ field: `detail-${applicant.applicationIds[1]}`, problem: 'Say what the connection is' }]);
      expect(await query(t.db.url, `SELECT count(*)::int AS n FROM panel_conflicts`)).toEqual([{ n: 0 }]);
      await as(a.token).put(seat('/conflicts'), { declarations: [{ applicationId: applicant.applicationIds[0], kind: 'member', detail: 'I volunteer at the lunch club' }, { applicationId: applicant.applicationIds[1], kind: 'none' }, { applicationId: applicant.applicationIds[2], kind: 'none' }] }).expect(204);
      for (const p of panellists.slice(1)) await as(p.token).put(seat('/conflicts'), { declarations: applicant.applicationIds.map((applicationId) => ({ applicationId, kind: 'none' })) }).expect(204);

      // Conflicted: no application, no discussion, no scores, no scoring, no posting: through the API and the pages.
      const conflicted = 'You have declared a conflict with this application, so you cannot see its discussion or scores, or score it';
      expect((await as(a.token).get(app(0)).expect(403)).body.message).toBe(conflicted);
      expect((await as(a.token).get(app(0, '/scores')).expect(403)).body.message).toBe(conflicted);
      expect((await as(a.token).put(app(0, '/score'), { scores: { overall: 3 } }).expect(403)).body.message).toBe(conflicted);
      expect((await as(a.token).post(app(0, '/posts'), { body: 'Hello' }).expect(403)).body.message).toBe(conflicted);
      await as(a.token).post(app(0, '/questions'), { question: 'Why?' }).expect(403);
      const web = new WebSession(t);
      await web.signIn(a.email, a.password);
      const base = `/panel/rounds/${round.roundId}/applications/${applicant.applicationIds[0]}`;
      for (const page of ['', '/scores', '/posts/00000000-0000-4000-8000-000000000001/edit']) expect((await web.get(`${base}${page}`)).status).toBe(403);
      // Taking a conflict back is the facilitator's to do.
      expect((await as(a.token).put(seat('/conflicts'), { declarations: [{ applicationId: applicant.applicationIds[0], kind: 'none' }] }).expect(400)).body.details[0].problem).toBe('Only a facilitator can take back a conflict you have declared');
      // Not on the panel: nothing at all.
      const members = await query<{ account_id: string }>(t.db.url, `SELECT account_id FROM panel_members`);
      const never = volunteers.find((v) => !members.some((m) => m.account_id === v.id))!;
      expect((await as(never.token).get(seat()).expect(403)).body.message).toBe('You are not on this round’s community panel, or have not accepted your place yet');
      await as(never.token).get(app(1)).expect(403);
      expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'deliberation.declare-conflict'`)).toEqual([{ n: 12 }]);
    });

    it('takes scores on the rubric, refusing marks off the scale, and adds them up without the conflicted', async () => {
      const [a, b, c, d] = panellists;
      const [warmth, youth] = round.criterionIds;
      const score = (p: typeof a, i: number, scores: object, comment = '') => as(p.token).put(app(i, '/score'), { scores, comment });
      expect((await score(b, 0, { [warmth]: 6, [youth]: 2 }).expect(400)).body.details).toEqual([{ field: `scores.${warmth}`, problem: 'Marks must be from 0 to 5' }]);
      expect((await score(b, 0, { [warmth]: 2.5 }).expect(400)).body.details[0].problem).toBe('Marks must be whole numbers');
      expect((await score(b, 0, { overall: 3 }).expect(400)).body.details[0].problem).toBe('That is not one of the round’s priorities');
      // Part of a score saves, but does not count until finished.
      expect((await score(b, 0, { [warmth]: 4 }).expect(200)).body).toEqual({ complete: false });
      expect((await score(b, 0, { [warmth]: 4, [youth]: 2 }, 'Warm and welcoming').expect(200)).body).toEqual({ complete: true });
      await score(c, 0, { [warmth]: 5, [youth]: 5 }, 'Excellent').expect(200);
      await score(d, 0, { [warmth]: 1, [youth]: 1 }, 'Weak').expect(200);
      await score(a, 1, { [warmth]: 3, [youth]: 3 }).expect(200);
      await score(b, 1, { [warmth]: 4, [youth]: 5 }).expect(200);

      const own = (await as(b.token).get(app(0, '/scores')).expect(200)).body;
      // (3 + 5 + 1) / 3 with equal weights; spread is the population standard deviation.
      expect(own.count).toBe(3);
      expect(own.mean).toBeCloseTo(3);
      expect(own.spread).toBeCloseTo(Math.sqrt((0 + 4 + 4) / 3));
      const table = (await as(facilitator).get(manage('/scores')).expect(200)).body;
      // Highest first: (3 + 4.5) / 2 above (3 + 5 + 1) / 3.
      expect(table.map((r: { applicationId: string; count: number }) => [r.applicationId, r.count])).toEqual([[applicant.applicationIds[1], 2], [applicant.applicationIds[0], 3], [applicant.applicationIds[2], 0]]);
      expect(table[0]).toMatchObject({ mean: 3.75, conflicted: 0 });
      expect(table.find((r: { applicationId: string }) => r.applicationId === applicant.applicationIds[0])).toMatchObject({ conflicted: 1, count: 3 });

      // A conflict declared after scoring takes that score out of the totals.
      await as(d.token).put(seat('/conflicts'), { declarations: [{ applicationId: applicant.applicationIds[0], kind: 'family', detail: 'My cousin runs it' }] }).expect(204);
      const after = (await as(b.token).get(app(0, '/scores')).expect(200)).body;
      expect(after.count).toBe(2);
      expect(after.scores.map((s: { name: string }) => s.name)).not.toContain(d.email);

      // Closing scoring closes it for everyone.
      await as(facilitator).put(manage('/scoring'), { closed: true }).expect(204);
      expect((await score(b, 2, { [warmth]: 1, [youth]: 1 }).expect(409)).body.message).toBe('Scoring has closed');
      await as(facilitator).put(manage('/scoring'), { closed: false }).expect(204);
      await score(b, 2, { [warmth]: 1, [youth]: 1 }).expect(200);
    });

    it('holds the panel’s discussion, with replies, a short edit window and moderation, and questions the applicant answers', async () => {
      const [a, b, c] = panellists;
      const first = (await as(b.token).post(app(1, '/posts'), { body: 'Who is the music teacher?' }).expect(201)).body.id;
      await as(c.token).post(app(1, '/posts'), { body: 'A local musician, it says.', parentId: first }).expect(201);
      await as(c.token).post(app(1, '/posts'), { body: ' ' }).expect(400);
      await as(c.token).post(app(1, '/posts'), { body: 'Wrong thread', parentId: '00000000-0000-4000-8000-000000000001' }).expect(400);
      await as(b.token).put(app(1, `/posts/${first}`), { body: 'Who teaches the music?' }).expect(204);
      await as(c.token).put(app(1, `/posts/${first}`), { body: 'Not mine to change' }).expect(403);
      const removed = (await as(c.token).post(app(1, '/posts'), { body: 'Something rude' }).expect(201)).body.id;
      const web = new WebSession(t);
      const facilitatorAccount = (await query<{ email: string }>(t.db.url, `SELECT a.email FROM accounts a JOIN role_assignments r ON r.account_id = a.id WHERE r.role = 'facilitator' ORDER BY a.created_at LIMIT 1`))[0];
      await web.signIn(facilitatorAccount.email, 'correct horse battery staple');
      const page = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/panel/applications/${applicant.applicationIds[1]}`;
      expect((await web.submit(page, { reason: '' }, `${page}/posts/${removed}/remove`)).status).toBe(400);
      expect((await web.submit(page, { reason: 'Not kind' }, `${page}/posts/${removed}/remove`)).status).toBe(303);

      const question = (await as(a.token).post(app(1, '/questions'), { question: 'How many children will come?' }).expect(201)).body.id;
      const opened = (await as(a.token).get(app(1)).expect(200)).body;
      expect(opened.thread).toMatchObject([{ body: 'Who teaches the music?', replies: [{ body: 'A local musician, it says.' }] }, { body: null, removed: true }]);
      expect(opened.questions).toMatchObject([{ id: question, question: 'How many children will come?', answer: null }]);
      expect(await query(t.db.url, `SELECT count(*)::int AS n FROM notification_outbox WHERE event_type = 'panel-question'`)).toEqual([{ n: 1 }]);

      // The applicant answers through their application's pages; the answer comes back to the panel.
      const applicantWeb = new WebSession(t);
      await applicantWeb.signIn(applicant.account.email, applicant.account.password);
      const questions = `/applications/${applicant.applicationIds[1]}/questions`;
      expect((await applicantWeb.get(`/applications/${applicant.applicationIds[1]}`).expect(200)).text).toContain('Questions from the panel (1 to answer)');
      const token = csrfTokenIn((await applicantWeb.get(questions).expect(200)).text);
      const answer = (text: string) => applicantWeb.agent.post(`${questions}/${question}`).type('form').send({ answer: text, _csrf: token });
      expect((await answer('')).status).toBe(400);
      expect((await answer('About twenty, aged 8 to 14.')).status).toBe(303);
      // Answers are part of what the panel decided on: sent once, never changed.
      expect((await answer('Changed my mind')).status).toBe(409);
      expect((await as(a.token).get(app(1)).expect(200)).body.questions[0]).toMatchObject({ answer: 'About twenty, aged 8 to 14.' });
      // Someone else's application's questions are not theirs to answer.
      const stranger = await createAccount(t.db.url);
      const strangerWeb = new WebSession(t);
      await strangerWeb.signIn(stranger.email, stranger.password);
      expect((await strangerWeb.get(questions)).status).toBe(403);
    });

    it('records the panel’s decisions with their rationale, changed only with a reason, all audited', async () => {
      const decide = (i: number, body: object) => as(facilitator).put(manage(`/decisions/${applicant.applicationIds[i]}`), body);
      expect((await decide(0, { outcome: 'award', rationale: 'Good' }).expect(400)).body.details[0].problem).toBe('Choose the decision');
      expect((await decide(0, { outcome: 'shortlisted', rationale: ' ' }).expect(400)).body.details[0].problem).toBe('Say why the panel decided this');
      await decide(0, { outcome: 'shortlisted', rationale: 'Warm, welcoming and well planned', version: 0 }).expect(204);
      await decide(0, { outcome: 'not-shortlisted', rationale: 'On reflection, too costly', version: 0 }).expect(409);
      expect((await decide(0, { outcome: 'not-shortlisted', rationale: 'On reflection, too costly' }).expect(400)).body.details[0].problem).toBe('Say why the decision is changing');
      await decide(0, { outcome: 'not-shortlisted', rationale: 'On reflection, too costly', reason: 'The panel met again and reconsidered' }).expect(204);
      const audit = await query<{ after: { outcome: string; reason: string | null } }>(t.db.url, `SELECT after FROM audit_log WHERE action = 'deliberation.decide' ORDER BY id`);
      expect(audit.map((a) => [a.after.outcome, a.after.reason])).toEqual([['shortlisted', null], ['not-shortlisted', 'The panel met again and reconsidered']]);
      // Panellists do not decide.
      await as(panellists[1].token).put(manage(`/decisions/${applicant.applicationIds[0]}`), { outcome: 'shortlisted', rationale: 'x' }).expect(403);
    });

    it('shares applications out so each gets k reviewers, never a conflicted one', async () => {
      const result = (await as(facilitator).put(manage('/assignments'), { perApplication: 2 }).expect(200)).body;
      const conflicts = await query<{ application_id: string; account_id: string }>(t.db.url, `SELECT application_id, account_id FROM panel_conflicts WHERE kind <> 'none'`);
      for (const c of conflicts) expect(result.pairs).not.toContainEqual({ applicationId: c.application_id, accountId: c.account_id });
      for (const id of applicant.applicationIds) expect(result.pairs.filter((p: { applicationId: string }) => p.applicationId === id).length).toBeGreaterThanOrEqual(2);
      await as(facilitator).put(manage('/assignments'), { perApplication: 0 }).expect(400);
      await as(facilitator).put(manage('/assignments'), { perApplication: 50 }).expect(400);
    });
  });
});

