import { createAccount, query } from '@commonpurse/testing';
import { fundWithMoney } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * Co-design and round management through the web forms alone (no JavaScript): every page
 * renders, every refusal comes back as the GOV.UK error summary with the right status.
 */
describe('co-design and round pages on the web', () => {
  let t: TestApp;
  let managerAccount: { email: string; password: string };
  let manager: WebSession;
  let resident: WebSession;
  let fundId: string;
  let roundId: string;
  const board = '/funds/web-fund/rounds/web-round/priorities';

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    const setUp = await fundWithMoney(t, 'Web Fund', ['BS3']);
    const token = setUp.manager;
    fundId = setUp.fundId;
    managerAccount = setUp.managerAccount;
    const round = await t
      .http()
      .post(`/api/v1/funds/${fundId}/rounds`)
      .auth(token, { type: 'bearer' })
      .send({ name: 'Web round', budgetPence: 20_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, endorsementDots: 2, phases: [
        { phase: 'co-design', opensAt: at(-1), closesAt: at(10) },
        { phase: 'applications', opensAt: at(10), closesAt: at(20) },
        { phase: 'public-vote', opensAt: at(20), closesAt: at(30) },
      ] })
      .expect(201);
    roundId = round.body.id;
    manager = new WebSession(t);
    await manager.signIn(managerAccount.email, managerAccount.password);
    resident = new WebSession(t);
    const person = await createAccount(t.db.url, { postcode: 'BS3 1AA', displayName: 'Rhiannon Resident' });
    await resident.signIn(person.email, person.password);
  });
  afterAll(() => t.close());

  const manage = (path = '') => `/manage/funds/${fundId}/rounds/${roundId}${path}`;

  it('lets a resident propose, comment and place dots with plain forms, refusing a dot past the allowance', async () => {
    const anonymous = await t.http().get(board).expect(200);
    expect(anonymous.text).toContain('Sign in</a> to propose priorities');

    const empty = await resident.submit(`${board}/new`, { title: '', description: '' }, board);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('href="#title"');

    const proposed = await resident.submit(`${board}/new`, { title: 'A safe crossing by the school', description: 'Children cross a busy road.\nEvery day.', whoItHelps: 'Families' }, board);
    expect(proposed.status).toBe(303);
    const priorityPath = proposed.headers.location;
    const priorityId = priorityPath.split('/').pop()!;

    const page = await resident.get(priorityPath).expect(200);
    expect(page.text).toContain('You have 2 of your 2 endorsement dots left.');
    const dot = (fields: Record<string, string>) => resident.submit(priorityPath, { returnTo: priorityPath, ...fields }, `${priorityPath}/dots`);
    expect((await dot({ action: 'endorse' })).status).toBe(303);
    expect((await dot({ action: 'endorse' })).status).toBe(303);
    // The page no longer offers a third dot; a hand-made request for one is refused with the reason.
    const full = await resident.get(priorityPath).expect(200);
    expect(full.text).not.toContain('value="endorse"');
    const tooMany = await dot({ action: 'endorse' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.text).toContain('You have placed all your endorsement dots');
    expect(tooMany.text).toContain(`href="#priority-${priorityId}"`);
    expect((await dot({ action: 'withdraw' })).status).toBe(303);

    const comment = await resident.submit(priorityPath, { body: 'Please near the <script>alert(1)</script> gate' }, `${priorityPath}/comments`);
    expect(comment.status).toBe(303);
    const withComment = await t.http().get(priorityPath).expect(200);
    expect(withComment.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(withComment.text).not.toContain('Rhiannon');

    const mine = await resident.get('/account/co-design').expect(200);
    expect(mine.text).toContain('A safe crossing by the school');
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM priority_endorsements WHERE priority_id = $1`, [priorityId])).toEqual([{ n: 1 }]);
  });

  it('walks the fund manager through the round’s pages: rules, dates, lots, questions, co-design and moving on', async () => {
    for (const path of ['', '/rules', '/timeline', '/lots', '/questions', '/co-design', '/advance']) {
      const page = await manager.get(manage(path));
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
    }
    const rules = await manager.submit(manage('/rules'), { name: 'Web round', budget: '20000', grantMin: '500', grantMax: '5000', applicantTypesShown: 'yes', applicantTypes: ['charity', 'school'], votingMethod: 'approval', allocationRule: 'equalshares/add1', panelWeightPercent: '0', minimumVoterAge: '12' });
    expect(rules.status).toBe(303);
    const frozenDots = (await manager.get(manage('/rules')).expect(200)).text;
    expect(frozenDots).toContain('co-design has started');
    expect(frozenDots).not.toContain('name="endorsementDots"');
    const badRules = await manager.submit(manage('/rules'), { name: 'Web round', budget: '20000', grantMin: '500', grantMax: '5000', applicantTypesShown: 'yes', votingMethod: 'ranked', allocationRule: 'equalshares', panelWeightPercent: 'half', minimumVoterAge: '12' });
    expect(badRules.status).toBe(400);
    expect(badRules.text).toContain('href="#panelWeightPercent"');

    const lots = await manager.submit(manage('/lots'), { rows: '2', 'lot-0-name': 'North', 'lot-0-budget': '12000', 'lot-0-basis': 'area:BS3', 'lot-1-name': 'South', 'lot-1-budget': '7000', 'lot-1-basis': '' });
    expect(lots.status).toBe(400);
    expect(lots.text).toContain('href="#lot-1-basis"');

    const question = await manager.submit(manage('/questions'), { label: 'How many people will take part?', type: 'number', required: 'yes', hint: '', wordLimit: '', options: '' });
    expect(question.status).toBe(303);
    const badQuestion = await manager.submit(manage('/questions'), { label: 'Pick one', type: 'single-choice', required: 'yes', hint: '', wordLimit: '', options: 'only one' });
    expect(badQuestion.status).toBe(400);
    expect(badQuestion.text).toContain('href="#options"');

    const poll = await manager.submit(manage('/co-design'), { question: 'Largest grant?', options: '£2,000\n£5,000' }, manage('/co-design/polls'));
    expect(poll.status).toBe(303);
    const priorityId = (await query<{ id: string }>(t.db.url, `SELECT id FROM priorities WHERE round_id = $1`, [roundId]))[0].id;
    const adoptForm = await manager.get(manage(`/co-design/criteria/new?priority=${priorityId}`)).expect(200);
    expect(adoptForm.text).toContain('A safe crossing by the school');
    const adopted = await manager.submit(manage(`/co-design/criteria/new?priority=${priorityId}`), { title: 'Safer streets', description: 'Projects that make streets safer to cross', weight: '3', priorityIds: priorityId }, manage('/co-design/criteria'));
    expect(adopted.status).toBe(303);
    const noTrail = await manager.submit(manage('/co-design/criteria/new'), { title: 'From nowhere', description: 'd', weight: '1' }, manage('/co-design/criteria'));
    expect(noTrail.status).toBe(400);

    const notAnId = await manager.submit(manage('/co-design'), { targetId: 'abc' }, manage(`/co-design/priorities/${priorityId}/merge`));
    expect(notAnId.status).toBe(400);
    expect(notAnId.text).toContain('href="#targetId"');
    const commentId = (await query<{ id: string }>(t.db.url, `SELECT id FROM priority_comments LIMIT 1`))[0].id;
    const removePage = manage(`/co-design/priorities/${priorityId}/remove`);
    const noReason = await manager.submit(removePage, { commentId, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain(`href="#reason-${commentId}"`);
    expect((await manager.submit(removePage, { commentId, reason: 'Off topic' })).status).toBe(303);
    expect((await t.http().get(`${board}/${priorityId}`).expect(200)).text).toContain('The fund manager took this comment down: Off topic');

    const advance = await manager.submit(manage('/advance'), { from: 'co-design' });
    expect(advance.status).toBe(303);
    const stale = await manager.submit(manage('/advance'), { from: 'co-design' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('moved on since you opened this page');
    const history = (await manager.get(manage()).expect(200)).text;
    expect(history).toContain('A fund manager');
    const summary = await manager.submit(manage('/co-design'), { text: 'You said safer crossings; we made it a criterion.' }, manage('/co-design/you-said-we-did'));
    expect(summary.status).toBe(303);

    const published = (await t.http().get('/funds/web-fund/rounds/web-round').expect(200)).text;
    for (const text of ['Safer streets', 'A safe crossing by the school', 'You said safer crossings; we made it a criterion.', 'How many people will take part?', 'Method of Equal Shares, completed']) expect(published).toContain(text);
  });

  it('keeps the round’s management pages to its fund’s managers', async () => {
    const other = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: '00000000-0000-4000-8000-000000000001' }] });
    const web = new WebSession(t);
    await web.signIn(other.email, other.password);
    for (const path of ['', '/rules', '/co-design']) await web.get(manage(path)).expect(403);
    await resident.get(manage()).expect(403);
  });
});
