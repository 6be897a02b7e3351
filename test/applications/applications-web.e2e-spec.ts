import { createAccount, query } from '@commonpurse/testing';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, WebSession } from '../support/web-session';

/** Applying through the web forms alone: every page renders, refusals come back on the page with the field named, uploads carry their form token. */
describe('applying on the web', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let web: WebSession;
  let applicationPath: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Web Apply Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, {
      name: 'Web Round 2027',
      postcode: 'BS5 6XY',
      criteria: ['Growing food'],
      questions: [
        { type: 'single-choice', label: 'How big is your group?', required: true, options: ['Under 10', '10 to 50', 'Over 50'] },
        { type: 'multiple-choice', label: 'Who will benefit?', required: false, options: ['Children', 'Older people'] },
        { type: 'date', label: 'When did your group start?', required: false },
        { type: 'number', label: 'How many volunteers?', required: false },
        { type: 'file', label: 'Your constitution', required: false },
      ],
    });
    const person = await createAccount(t.db.url);
    web = new WebSession(t);
    await web.signIn(person.email, person.password);
  });
  afterAll(() => t.close());

  it('starts an application, creates the organisation on the way, and fills every section with plain forms', async () => {
    const start = await web.get('/funds/web-apply-fund/rounds/web-round-2027/apply').expect(200);
    expect(start.text).toContain('Start an application');
    const started = await web.submit('/funds/web-apply-fund/rounds/web-round-2027/apply', {});
    expect(started.status).toBe(303);
    applicationPath = started.headers.location;
    const list = await web.get(applicationPath).expect(200);
    expect(list.text).toContain('Not yet started');

    const badOrg = await web.submit(`/organisations/new?application=${applicationPath.split('/').pop()}`, { name: '', type: 'charity', registrationNumber: 'abc', addressLine1: '1 Road', town: 'Bristol', postcode: 'BS5 6AH', contactName: 'Jo', contactEmail: 'jo@example.org', application: applicationPath.split('/').pop()! }, '/organisations');
    expect(badOrg.status).toBe(400);
    expect(badOrg.text).toContain('href="#name"');
    expect(badOrg.text).toContain('href="#registrationNumber"');
    const org = await web.submit(`/organisations/new?application=${applicationPath.split('/').pop()}`, { name: 'Easton <Growers>', type: 'unregistered-group', addressLine1: '1 Road', town: 'Bristol', postcode: 'BS5 6AH', contactName: 'Jo', contactEmail: 'jo@example.org', application: applicationPath.split('/').pop()! }, '/organisations');
    expect(org.status).toBe(303);
    const chosenPage = await web.get(org.headers.location).expect(200);
    expect(chosenPage.text).toContain('Easton &lt;Growers&gt;');
    const orgId = org.headers.location.match(/chosen=([0-9a-f-]+)/)![1];

    // As a browser would: the form's page gives the section's version and the form token.
    const section = async (name: string, fields: Record<string, string | string[]>) => {
      const page = await web.get(`${applicationPath}/sections/${name}`).expect(200);
      const version = page.text.match(/name="version" value="(\d+)"/)![1];
      return web.agent.post(`${applicationPath}/sections/${name}`).type('form').send({ action: 'complete', ...fields, version, _csrf: csrfTokenIn(page.text) });
    };
    const notAnId = await section('organisation', { organisationId: 'abc' });
    expect(notAnId.status).toBe(400);
    expect(notAnId.text).toContain('href="#organisationId"');
    expect((await section('organisation', { organisationId: orgId })).status).toBe(303);
    const badProject = await section('project', { title: 'Grow', summary: 'x'.repeat(141), description: 'd', 'startOn-day': '31', 'startOn-month': '2', 'startOn-year': '2027', 'endOn-day': '', 'endOn-month': '', 'endOn-year': '' });
    expect(badProject.status).toBe(400);
    expect(badProject.text).toContain('href="#summary"');
    expect(badProject.text).toContain('href="#startOn"');
    expect(badProject.text).toContain('value="Grow"'); // what was typed is still there
    expect((await section('project', { title: 'Grow <em>together</em>', summary: 'Growing food together', description: 'Beds and seeds.', 'startOn-day': '1', 'startOn-month': '9', 'startOn-year': '2027', 'endOn-day': '31', 'endOn-month': '3', 'endOn-year': '2028' })).status).toBe(303);
    expect((await section('where', { areaCode: 'BS5', criterionIds: round.criterionIds[0] })).status).toBe(303);
    const budgetPage = await web.get(`${applicationPath}/sections/budget`).expect(200);
    expect(budgetPage.text).toContain('From £500 to £5,000');
    const badBudget = await section('budget', { amount: '1000', rows: '3', 'line-0-item': 'Seeds', 'line-0-amount': '400', 'line-1-item': 'Tools', 'line-1-amount': 'lots' });
    expect(badBudget.status).toBe(400);
    expect(badBudget.text).toContain('href="#line-1-amount"');
    // Saved as a draft, the lines need not add up yet.
    expect((await web.submit(`${applicationPath}/sections/budget`, { action: 'draft', version: '0', amount: '1000', rows: '3', 'line-0-item': 'Seeds', 'line-0-amount': '400' })).status).toBe(303);
    const notAddingUp = await web.submit(`${applicationPath}/sections/budget`, { action: 'complete', version: '1', amount: '1000', rows: '3', 'line-0-item': 'Seeds', 'line-0-amount': '400' });
    expect(notAddingUp.status).toBe(400);
    expect(notAddingUp.text).toContain('must add up to the amount');
    expect((await web.submit(`${applicationPath}/sections/budget`, { action: 'complete', version: '1', amount: '1000', rows: '3', 'line-0-item': 'Seeds', 'line-0-amount': '400', 'line-1-item': 'Tools', 'line-1-amount': '600' })).status).toBe(303);
    const stale = await web.submit(`${applicationPath}/sections/budget`, { action: 'complete', version: '1', amount: '900', rows: '1', 'line-0-item': 'Seeds', 'line-0-amount': '900' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this section');

    const [size, who, started2, volunteers] = round.questionIds.map((id) => `q-${id}`);
    const badAnswers = await section('questions', { [size]: 'Huge', [`${started2}-day`]: '40', [`${started2}-month`]: '1', [`${started2}-year`]: '2020', [volunteers]: 'ten' });
    expect(badAnswers.status).toBe(400);
    for (const field of [size, started2, volunteers]) expect(badAnswers.text).toContain(`href="#${field}"`);
    expect((await section('questions', { [size]: '10 to 50', [who]: ['Children', 'Older people'], [`${started2}-day`]: '4', [`${started2}-month`]: '5', [`${started2}-year`]: '2019', [volunteers]: '12' })).status).toBe(303);
    const answers = await query<{ value: unknown }>(t.db.url, `SELECT value FROM application_answers ORDER BY value::text`);
    expect(answers.map((a) => a.value)).toEqual(expect.arrayContaining(['10 to 50', ['Children', 'Older people'], '2019-05-04', 12]));
  });

  it('uploads through the form with its token, refuses what is not a document, and lists what was uploaded', async () => {
    const documents = await web.get(`${applicationPath}/sections/documents`).expect(200);
    const token = csrfTokenIn(documents.text);
    const upload = (name: string, bytes: Buffer) => web.agent.post(`${applicationPath}/files`).field('_csrf', token).field('returnTo', 'documents').attach('file', bytes, name);
    expect((await upload('quote.pdf', Buffer.from('%PDF-1.4\nhello\n%%EOF'))).status).toBe(303);
    const exe = await upload('quote.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]));
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('href="#file"');
    const big = await upload('big.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The file must be 10 MB or smaller');
    const noToken = await web.agent.post(`${applicationPath}/files`).attach('file', Buffer.from('%PDF-1.4\n'), 'sneaky.pdf');
    expect(noToken.status).toBe(403);
    const listed = await web.get(`${applicationPath}/sections/documents`).expect(200);
    expect(listed.text).toContain('quote.pdf');
    expect(listed.text).not.toContain('sneaky.pdf');
    const fileId = listed.text.match(/\/files\/([0-9a-f-]{36})"/)![1];
    const download = await web.get(`${applicationPath}/files/${fileId}`).expect(200);
    expect(download.headers['content-disposition']).toContain('attachment; filename="quote.pdf"');
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((await web.submit(`${applicationPath}/sections/documents`, { action: 'complete', version: '0' })).status).toBe(303);
  });

  it('shows the answers escaped for checking, needs the declaration, and confirms with the reference', async () => {
    const check = await web.get(`${applicationPath}/check`).expect(200);
    expect(check.text).toContain('Grow &lt;em&gt;together&lt;/em&gt;');
    expect(check.text).toContain('Children, Older people');
    const noDeclaration = await web.submit(`${applicationPath}/check`, {}, `${applicationPath}/submit`);
    expect(noDeclaration.status).toBe(400);
    expect(noDeclaration.text).toContain('href="#declaration"');
    const submitted = await web.submit(`${applicationPath}/check`, { declaration: 'yes' }, `${applicationPath}/submit`);
    expect(submitted.status).toBe(303);
    const confirmation = await web.get(submitted.headers.location).expect(200);
    expect(confirmation.text).toMatch(/WR27-0001/);
    const mine = await web.get('/applications').expect(200);
    expect(mine.text).toContain('WR27-0001');
    expect(mine.text).toContain('Submitted');
  });
});
