import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { fundWithMoney } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * Co-design through the JSON API: residents of the area propose, comment and place their dots;
 * the fund manager merges duplicates and adopts priorities into criteria; the trail is public.
 */
describe('co-design with residents', () => {
  let t: TestApp;
  let manager: string;
  let fundId: string;
  const residents: Array<TestAccount & { token: string }> = [];

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    ({ manager, fundId } = await fundWithMoney(t, 'Co-design Fund', ['BS5'], { scopes: ['codesign:participate'] }));
    for (let i = 0; i < 3; i++) {
      const resident = await createAccount(t.db.url, { postcode: 'BS5 6XX' });
      residents.push({ ...resident, token: await accessToken(t, resident, ['codesign:participate', 'account:read']) });
    }
  });
  afterAll(() => t.close());

  const api = (token: string) => ({
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => t.http().delete(path).auth(token, { type: 'bearer' }),
  });

  /** A round whose co-design is open now (or as the phases given say). */
  async function round(name: string, extra: Record<string, unknown> = {}, phases = [
    { phase: 'co-design', opensAt: at(-1), closesAt: at(10) },
    { phase: 'applications', opensAt: at(10), closesAt: at(20) },
    { phase: 'public-vote', opensAt: at(20), closesAt: at(30) },
  ]): Promise<string> {
    const created = await api(manager).post(`/api/v1/funds/${fundId}/rounds`, { name, budgetPence: 10_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, phases, ...extra }).expect(201);
    return `/api/v1/funds/${fundId}/rounds/${created.body.id}`;
  }

  const propose = (base: string, token: string, title: string) => api(token).post(`${base}/priorities`, { title, description: `Why ${title} matters`, whoItHelps: 'Neighbours' });

  it('takes priorities, comments and dots from residents, and ranks priorities by endorsements', async () => {
    const base = await round('Ranked', { endorsementDots: 3 });
    const [a, b, c] = residents;
    const warm = (await propose(base, a.token, 'Warm spaces').expect(201)).body.id;
    const food = (await propose(base, b.token, 'Food sharing').expect(201)).body.id;
    await api(b.token).post(`${base}/priorities/${warm}/comments`, { body: 'Yes, <b>especially</b> in January' }).expect(201);
    expect((await api(a.token).post(`${base}/priorities/${food}/endorsements`).expect(201)).body).toEqual({ used: 1, allowance: 3 });
    await api(b.token).post(`${base}/priorities/${food}/endorsements`).expect(201);
    await api(c.token).post(`${base}/priorities/${food}/endorsements`).expect(201);
    await api(c.token).post(`${base}/priorities/${warm}/endorsements`).expect(201);

    const list = await t.http().get(`${base}/priorities`).expect(200);
    expect(list.body.map((p: { title: string; endorsements: number }) => [p.title, p.endorsements])).toEqual([
      ['Food sharing', 3],
      ['Warm spaces', 1],
    ]);
    const detail = await t.http().get(`${base}/priorities/${warm}`).expect(200);
    expect(detail.body.commentList).toEqual([expect.objectContaining({ by: 'resident', body: 'Yes, <b>especially</b> in January' })]);

    // Residents' names are never published; comments are shown escaped.
    const page = await t.http().get(`/funds/co-design-fund/rounds/ranked/priorities/${warm}`).expect(200);
    expect(page.text).toContain('Yes, &lt;b&gt;especially&lt;/b&gt; in January');
    expect(page.text).not.toContain(a.displayName);
    expect(page.text).toContain('A resident');

    const activity = await t.http().get('/api/v1/me/co-design').auth(c.token, { type: 'bearer' }).expect(200);
    expect(activity.body.map((x: { kind: string; title: string }) => `${x.kind}:${x.title}`).sort()).toEqual(['endorsed:Food sharing', 'endorsed:Warm spaces']);
  });

  it('refuses a dot beyond the allowance, and never lets parallel requests exceed it', async () => {
    const base = await round('Allowance', { endorsementDots: 3 });
    const [a] = residents;
    const id = (await propose(base, a.token, 'Street trees').expect(201)).body.id;
    const responses = await Promise.all(Array.from({ length: 10 }, () => api(a.token).post(`${base}/priorities/${id}/endorsements`)));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    const refused = responses.find((r) => r.status === 409)!;
    expect(refused.body.message).toContain('placed all your endorsement dots');
    const [{ n }] = await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM priority_endorsements WHERE priority_id = $1`, [id]);
    expect(n).toBe(3);

    // A dot taken back can be placed again; taking back what is not there is refused.
    expect((await api(a.token).delete(`${base}/priorities/${id}/endorsements`).expect(200)).body).toEqual({ used: 2, allowance: 3 });
    await api(a.token).post(`${base}/priorities/${id}/endorsements`).expect(201);
    const other = (await propose(base, a.token, 'Benches').expect(201)).body.id;
    const nothing = await api(a.token).delete(`${base}/priorities/${other}/endorsements`).expect(400);
    expect(nothing.body.details).toEqual([{ field: 'priorityId', problem: 'You have no dots on this priority to take back' }]);
  });

  it.each([
    ['a resident outside the area', { postcode: 'CF10 1AA' }, 'outside it'],
    ['a resident with no postcode', {}, 'Add your postcode'],
    ['an account whose email is not confirmed', { postcode: 'BS5 6XX', verified: false }, 'Confirm your email address'],
  ])('refuses %s with the reason, and stores nothing', async (_label, options, message) => {
    const base = await round(`Outsider ${message.slice(0, 5)}`);
    const person = await createAccount(t.db.url, options);
    // Unconfirmed accounts cannot sign in to make a token, so their token is made while confirmed.
    if ('verified' in options) await query(t.db.url, `UPDATE accounts SET email_verified_at = now() WHERE id = $1`, [person.id]);
    const token = await accessToken(t, person, ['codesign:participate']);
    if ('verified' in options) await query(t.db.url, `UPDATE accounts SET email_verified_at = NULL WHERE id = $1`, [person.id]);
    const refused = await propose(base, token, 'Mine').expect(403);
    expect(refused.body.message).toContain(message);
    expect(await query(t.db.url, `SELECT id FROM priorities WHERE author_id = $1`, [person.id])).toEqual([]);
  });

  it('refuses co-design before it opens and after it closes, naming the phase', async () => {
    const before = await round('Not yet', {}, [
      { phase: 'co-design', opensAt: at(2), closesAt: at(10) },
      { phase: 'applications', opensAt: at(10), closesAt: at(20) },
      { phase: 'public-vote', opensAt: at(20), closesAt: at(30) },
    ]);
    const early = await propose(before, residents[0].token, 'Too early').expect(409);
    expect(early.body).toMatchObject({ message: 'Priorities can only be proposed while co-design is open', details: [{ field: 'phase' }] });

    const base = await round('Closing');
    const id = (await propose(base, residents[0].token, 'Just in time').expect(201)).body.id;
    await api(manager).post(`${base}/advance`, { expectedFrom: 'co-design' }).expect(200);
    await propose(base, residents[0].token, 'Too late').expect(409);
    const dot = await api(residents[1].token).post(`${base}/priorities/${id}/endorsements`).expect(409);
    expect(dot.body.message).toBe('Endorsement dots can only be placed or taken back while co-design is open');
    await api(residents[1].token).post(`${base}/priorities/${id}/comments`, { body: 'late' }).expect(409);
  });

  it('merges a duplicate keeping every endorsement, adopts priorities into criteria, and publishes the trail', async () => {
    const base = await round('Trail');
    const [a, b, c] = residents;
    const play = (await propose(base, a.token, 'Play streets').expect(201)).body.id;
    const copy = (await propose(base, b.token, 'Streets for children to play').expect(201)).body.id;
    const green = (await propose(base, c.token, 'Greener streets').expect(201)).body.id;
    await api(a.token).post(`${base}/priorities/${play}/endorsements`).expect(201);
    await api(b.token).post(`${base}/priorities/${copy}/endorsements`).expect(201);
    await api(c.token).post(`${base}/priorities/${copy}/endorsements`).expect(201);
    await api(c.token).post(`${base}/priorities/${green}/endorsements`).expect(201);

    const merged = await api(manager).post(`${base}/priorities/${copy}/merge`, { targetId: play }).expect(200);
    expect(merged.body).toMatchObject({ id: play, endorsements: 3 });
    await api(manager).post(`${base}/priorities/${play}/merge`, { targetId: play }).expect(400);
    await api(manager).post(`${base}/priorities/${copy}/merge`, { targetId: green }).expect(400);
    // The duplicate's dots moved: its supporters can take them back from the priority it joined.
    await api(b.token).delete(`${base}/priorities/${play}/endorsements`).expect(200);
    await api(b.token).post(`${base}/priorities/${play}/endorsements`).expect(201);
    expect((await t.http().get(`${base}/priorities`).expect(200)).body.map((p: { id: string }) => p.id)).toEqual([play, green]);

    const criterion = await api(manager).post(`${base}/criteria`, { title: 'Streets for play', description: 'Projects that let children play safely outside', weight: 2, priorityIds: [play] }).expect(201);
    await api(manager).post(`${base}/criteria`, { title: 'Greener neighbourhoods', description: 'Trees, planting and wildlife', weight: 1, priorityIds: [green] }).expect(201);
    await api(manager).post(`${base}/criteria`, { title: 'Nothing behind it', description: 'd', weight: 1, priorityIds: [] }).expect(400);
    await api(manager).post(`${base}/criteria`, { title: 'Heavy', description: 'd', weight: 101, priorityIds: [green] }).expect(400);

    const view = await t.http().get(base).expect(200);
    expect(view.body.participants).toBe(3);
    const streets = view.body.criteria.find((x: { id: string }) => x.id === criterion.body.id);
    expect(streets).toMatchObject({ title: 'Streets for play', share: 67, residents: 3 });
    expect(streets.priorities.map((p: { title: string; mergedInto: string | null }) => [p.title, p.mergedInto])).toEqual([
      ['Play streets', null],
      ['Streets for children to play', play],
    ]);
    const page = await t.http().get('/funds/co-design-fund/rounds/trail').expect(200);
    for (const text of ['Streets for play', 'Greener neighbourhoods', '67% of the panel’s score', 'Co-designed with residents: 3 so far.', `/priorities/${play}`, `/priorities/${copy}`]) expect(page.text).toContain(text);

    const audited = await query<{ action: string }>(t.db.url, `SELECT action FROM audit_log WHERE action IN ('funds.merge-priorities', 'funds.adopt-criterion') ORDER BY id`);
    expect(audited.map((r) => r.action)).toEqual(['funds.merge-priorities', 'funds.adopt-criterion', 'funds.adopt-criterion']);
  });

  it('puts questions to residents, counts one answer each, and publishes "you said, we did" once co-design closes', async () => {
    const base = await round('Polls');
    const poll = await api(manager).post(`${base}/polls`, { question: 'What is the right largest grant?', options: ['£2,000', '£5,000'] }).expect(201);
    await api(manager).post(`${base}/polls`, { question: 'One option', options: ['only', 'only'] }).expect(400);
    await api(residents[0].token).post(`${base}/polls/${poll.body.id}/answer`, { option: 0 }).expect(204);
    await api(residents[0].token).post(`${base}/polls/${poll.body.id}/answer`, { option: 1 }).expect(204);
    await api(residents[1].token).post(`${base}/polls/${poll.body.id}/answer`, { option: 1 }).expect(204);
    await api(residents[1].token).post(`${base}/polls/${poll.body.id}/answer`, { option: 2 }).expect(400);
    expect((await t.http().get(`${base}/polls`).expect(200)).body).toEqual([expect.objectContaining({ counts: [0, 2] })]);

    const early = await t.http().put(`${base}/you-said-we-did`).auth(manager, { type: 'bearer' }).send({ text: 'You said £5,000; we set it.' }).expect(409);
    expect(early.body.message).toContain('once co-design has closed');
    await api(manager).post(`${base}/advance`, { expectedFrom: 'co-design' }).expect(200);
    await t.http().put(`${base}/you-said-we-did`).auth(manager, { type: 'bearer' }).send({ text: 'You said £5,000; we set it.' }).expect(204);
    expect((await t.http().get(base).expect(200)).body.youSaidWeDid).toBe('You said £5,000; we set it.');
    await api(manager).post(`${base}/polls`, { question: 'Too late?', options: ['yes', 'no'] }).expect(409);
  });

  it('lets the fund manager take down a priority or comment with a reason, giving the dots back and keeping the words out of sight', async () => {
    const base = await round('Moderated');
    const [a, b] = residents;
    const spam = (await propose(base, a.token, 'Buy cheap watches at example.com').expect(201)).body.id;
    const fine = (await propose(base, b.token, 'Community garden').expect(201)).body.id;
    await api(b.token).post(`${base}/priorities/${spam}/endorsements`).expect(201);
    const comment = (await api(a.token).post(`${base}/priorities/${fine}/comments`, { body: 'My neighbour Jo Bloggs at number 4 never helps' }).expect(201)).body.id;

    await api(a.token).post(`${base}/priorities/${spam}/removal`, { reason: 'Advertising' }).expect(403);
    await api(manager).post(`${base}/priorities/${spam}/removal`, { reason: '  ' }).expect(400);
    expect((await api(manager).post(`${base}/priorities/${spam}/removal`, { reason: 'Advertising' }).expect(200)).body).toEqual({ dotsReturned: 1 });
    await api(manager).post(`${base}/comments/${comment}/removal`, { reason: 'It named a private person' }).expect(204);
    await api(manager).post(`${base}/comments/${comment}/removal`, { reason: 'again' }).expect(400);

    expect((await t.http().get(`${base}/priorities`).expect(200)).body.map((p: { id: string }) => p.id)).toEqual([fine]);
    const gone = await t.http().get(`${base}/priorities/${spam}`).expect(200);
    expect(gone.body).toMatchObject({ title: '', description: '', removedReason: 'Advertising', endorsements: 0 });
    const page = await t.http().get(`/funds/co-design-fund/rounds/moderated/priorities/${spam}`).expect(200);
    expect(page.text).toContain('The fund manager took this down: Advertising');
    expect(page.text).not.toContain('cheap watches');
    const withComment = await t.http().get(`/funds/co-design-fund/rounds/moderated/priorities/${fine}`).expect(200);
    expect(withComment.text).toContain('The fund manager took this comment down: It named a private person');
    expect(withComment.text).not.toContain('Jo Bloggs');
    await api(b.token).post(`${base}/priorities/${spam}/endorsements`).expect(400);
    expect((await api(b.token).post(`${base}/priorities/${fine}/endorsements`).expect(201)).body.used).toBe(1); // the dot came back

    const [audit] = await query<{ before: { title: string } }>(t.db.url, `SELECT before FROM audit_log WHERE action = 'funds.remove-priority' AND entity_id = $1`, [spam]);
    expect(audit.before.title).toBe('Buy cheap watches at example.com');
    await api(manager).post(`${base}/criteria`, { title: 'Gardens', description: 'd', weight: 1, priorityIds: [fine] }).expect(201);
    const adopted = await api(manager).post(`${base}/priorities/${fine}/removal`, { reason: 'x' }).expect(400);
    expect(adopted.body.message).toContain('remove it from the criterion first');
    await api(manager).post(`${base}/criteria`, { title: 'Spam', description: 'd', weight: 1, priorityIds: [spam] }).expect(400);
  });

  it('documents the round and co-design API in OpenAPI', async () => {
    const { paths } = (await t.http().get('/api/docs-json').expect(200)).body;
    const round = '/api/v1/funds/{fundId}/rounds/{roundId}';
    for (const [path, method] of [
      [round, 'patch'],
      [`${round}/timeline`, 'put'],
      [`${round}/advance`, 'post'],
      [`${round}/lots`, 'put'],
      [`${round}/questions`, 'post'],
      [`${round}/priorities`, 'post'],
      [`${round}/priorities/{priorityId}/endorsements`, 'delete'],
      [`${round}/priorities/{priorityId}/merge`, 'post'],
      [`${round}/criteria`, 'post'],
      [`${round}/polls/{pollId}/answer`, 'post'],
      [`${round}/you-said-we-did`, 'put'],
      ['/api/v1/me/co-design', 'get'],
    ]) {
      expect({ path, method, documented: !!paths[path]?.[method] }).toEqual({ path, method, documented: true });
    }
  });

  it('keeps a manager of another fund out of this fund’s rounds, whatever ids the address mixes', async () => {
    const base = await round('Other fund’s reach');
    const id = (await propose(base, residents[0].token, 'Ours').expect(201)).body.id;
    // A manager of that fund only (a council-wide fund manager rightly manages every fund).
    const otherFund = await fundWithMoney(t, 'Another Fund', ['BS5']);
    const scoped = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: otherFund.fundId }] });
    const other = { fundId: otherFund.fundId, manager: await accessToken(t, scoped, ['funds:manage']) };
    await api(other.manager).post(`/api/v1/funds/${other.fundId}/rounds`, { name: 'Theirs', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases: [{ phase: 'applications', opensAt: at(1), closesAt: at(2) }, { phase: 'public-vote', opensAt: at(3), closesAt: at(4) }] }).expect(201);
    for (const [, path, body] of [
      ['post', `${base}/criteria`, { title: 'x', description: 'y', weight: 1, priorityIds: [id] }],
      ['post', `${base}/priorities/${id}/merge`, { targetId: id }],
      ['post', `${base}/priorities/${id}/removal`, { reason: 'mine now' }],
      ['post', `${base}/polls`, { question: 'q', options: ['a', 'b'] }],
      ['post', `${base}/advance`, { expectedFrom: 'co-design' }],
    ] as const) {
      const response = await api(other.manager).post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    // Its own fund's id with this round's id: no such round there.
    const mixed = base.replace(fundId, other.fundId);
    expect((await api(other.manager).post(`${mixed}/priorities/${id}/removal`, { reason: 'x' })).status).toBe(404);
    expect((await api(other.manager).post(`${mixed}/advance`, { expectedFrom: 'co-design' })).status).toBe(404);
    expect((await t.http().get(base).expect(200)).body.currentPhase).toBe('co-design');
  });

  it('refuses text that is only spaces, naming the field', async () => {
    const base = await round('Blank words');
    const blank = await propose(base, residents[0].token, '   ').expect(400);
    expect(blank.body.details).toContainEqual({ field: 'title', problem: 'Enter your priority in a few words' });
    const id = (await propose(base, residents[0].token, 'Real').expect(201)).body.id;
    await api(residents[0].token).post(`${base}/priorities/${id}/comments`, { body: '  ' }).expect(400);
  });

  it('will not merge away a priority that is behind an adopted criterion', async () => {
    const base = await round('Adopted stays');
    const kept = (await propose(base, residents[0].token, 'Adopted one').expect(201)).body.id;
    const other = (await propose(base, residents[1].token, 'Another').expect(201)).body.id;
    await api(manager).post(`${base}/criteria`, { title: 'C', description: 'd', weight: 1, priorityIds: [kept] }).expect(201);
    const refused = await api(manager).post(`${base}/priorities/${kept}/merge`, { targetId: other }).expect(400);
    expect(refused.body.message).toContain('take it out of the criterion first');
  });

  it('keeps co-design management to the fund’s managers', async () => {
    const base = await round('Managers only');
    const id = (await propose(base, residents[0].token, 'Mine').expect(201)).body.id;
    const residentWithManageScope = residents[1].token;
    await api(residentWithManageScope).post(`${base}/criteria`, { title: 'x', description: 'y', weight: 1, priorityIds: [id] }).expect(403);
    await api(residentWithManageScope).post(`${base}/priorities/${id}/merge`, { targetId: id }).expect(403);
    await api(residentWithManageScope).post(`${base}/polls`, { question: 'q', options: ['a', 'b'] }).expect(403);
  });
});
