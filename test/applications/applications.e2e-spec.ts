import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

const organisation = {
  name: 'Easton Community Garden',
  type: 'charity',
  registrationNumber: '1123456',
  addressLine1: '1 Chelsea Road',
  town: 'Bristol',
  postcode: 'bs5 6ah',
  contactName: 'Jo Gardener',
  contactEmail: 'jo@example.org',
};

/**
 * Applying through the JSON API: organisations, drafts saved section by section (never lost,
 * never overwritten unseen), the budget, the round's questions, files, submission to the second,
 * and every bad input refused with the field named and nothing half-saved.
 */
describe('applications', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: TestAccount & { token: string };
  let coEditor: TestAccount & { token: string };

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Apply Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, {
      name: 'Summer Grants 2027',
      postcode: 'BS5 6XY',
      criteria: ['Growing food', 'Young people'],
      questions: [
        { type: 'yes-no', label: 'Is your group run by volunteers?', required: true },
        { type: 'long-text', label: 'Who will take part?', required: true, wordLimit: 50 },
        { type: 'file', label: 'Your constitution', required: false },
      ],
    });
    const person = async (label: string) => {
      const account = await createAccount(t.db.url, { email: `${label}-${Date.now()}@example.org` });
      return { ...account, token: await accessToken(t, account, ['applications:apply']) };
    };
    [applicant, coEditor] = [await person('applicant'), await person('co-editor')];
  });
  afterAll(() => t.close());

  const as = (who: { token: string }) => ({
    get: (path: string) => t.http().get(path).auth(who.token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http().post(path).auth(who.token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http().put(path).auth(who.token, { type: 'bearer' }).send(body),
  });

  async function draft(who = applicant): Promise<{ id: string; path: string; version: (section: string) => Promise<number> }> {
    const id = (await as(who).post(`${round.base}/applications`).expect(201)).body.id;
    const path = `/api/v1/applications/${id}`;
    return { id, path, version: async (section) => (await as(who).get(path).expect(200)).body.sections[section].version };
  }

  /** Every section complete, through the API, as an applicant would fill them in. */
  async function fillIn(app: Awaited<ReturnType<typeof draft>>, who = applicant, organisationId?: string): Promise<void> {
    const orgId = organisationId ?? (await as(who).post('/api/v1/organisations', organisation).expect(201)).body.id;
    await as(who).put(`${app.path}/sections/organisation`, { version: await app.version('organisation'), complete: true, organisationId: orgId }).expect(204);
    await as(who).put(`${app.path}/sections/project`, { version: await app.version('project'), complete: true, title: 'Raised beds for everyone', summary: 'Raised beds so people in wheelchairs can grow food.', description: 'We will build six raised beds.', startOn: '2027-09-01', endOn: '2028-03-31' }).expect(204);
    await as(who).put(`${app.path}/sections/where`, { version: await app.version('where'), complete: true, areaCode: 'BS5', criterionIds: [round.criterionIds[0]] }).expect(204);
    await as(who).put(`${app.path}/sections/budget`, { version: await app.version('budget'), complete: true, amountPence: 2_400_00, lines: [{ item: 'Timber', amountPence: 1_500_00 }, { item: 'Soil', amountPence: 900_00 }] }).expect(204);
    await as(who).put(`${app.path}/sections/questions`, { version: await app.version('questions'), complete: true, answers: { [round.questionIds[0]]: 'yes', [round.questionIds[1]]: 'Twenty neighbours' } }).expect(204);
    await as(who).put(`${app.path}/sections/documents`, { version: await app.version('documents'), complete: true }).expect(204);
  }

  it('saves a draft with what is there, and marks a section complete only when it is', async () => {
    const app = await draft();
    await as(applicant).put(`${app.path}/sections/project`, { version: 0, title: 'Half an idea', summary: '', description: '' }).expect(204);
    const saved = (await as(applicant).get(app.path).expect(200)).body;
    expect(saved).toMatchObject({ status: 'draft', title: 'Half an idea', reference: null, sections: { project: { version: 1, status: 'in-progress' }, budget: { version: 0, status: 'not-started' } } });
    const incomplete = await as(applicant).put(`${app.path}/sections/project`, { version: 1, complete: true, title: 'Half an idea', summary: '', description: '' }).expect(400);
    expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual(['summary', 'description', 'startOn', 'endOn']);
    expect((await as(applicant).get(app.path).expect(200)).body.sections.project).toEqual({ version: 1, status: 'in-progress' });
  });

  it.each([
    ['budget lines that do not add up', 'budget', { amountPence: 2_000_00, lines: [{ item: 'Timber', amountPence: 1_500_00 }] }, 'lines', 'must add up to the amount'],
    ['an amount above the largest grant', 'budget', { amountPence: 9_000_00, lines: [{ item: 'Everything', amountPence: 9_000_00 }] }, 'amount', 'more than the round’s largest grant'],
    ['an amount below the smallest grant', 'budget', { amountPence: 100_00, lines: [{ item: 'Seeds', amountPence: 100_00 }] }, 'amount', 'less than the round’s smallest grant'],
    ['an end before the start', 'project', { title: 'T', summary: 'S', description: 'D', startOn: '2027-09-01', endOn: '2027-08-01' }, 'endOn', 'must end on or after'],
    ['a summary over 140 characters', 'project', { title: 'T', summary: 'x'.repeat(141), description: 'D', startOn: '2027-09-01', endOn: '2027-10-01' }, 'summary', '140 characters or fewer'],
    ['an area outside the fund', 'where', { areaCode: 'CF10', criterionIds: [] }, 'areaCode', 'one of the fund’s areas'],
    ['no priority addressed', 'where', { areaCode: 'BS5', criterionIds: [] }, 'criterionIds', 'at least one priority'],
  ])('refuses %s, naming the field, and saves none of it', async (_label, section, body, field, message) => {
    const app = await draft();
    const before = (await as(applicant).get(app.path).expect(200)).body;
    const response = await as(applicant).put(`${app.path}/sections/${section}`, { version: 0, complete: true, ...body }).expect(400);
    expect((response.body.details as Array<{ field: string; problem: string }>).find((d) => d.field === field)?.problem).toContain(message);
    expect((await as(applicant).get(app.path).expect(200)).body).toEqual(before);
  });

  it('checks the round’s own questions: required answers, word limits, choices', async () => {
    const app = await draft();
    const save = (answers: object) => as(applicant).put(`${app.path}/sections/questions`, { version: 0, complete: true, answers });
    const missing = await save({}).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual([`q-${round.questionIds[0]}`, `q-${round.questionIds[1]}`]);
    const wrong = await save({ [round.questionIds[0]]: 'perhaps', [round.questionIds[1]]: 'word '.repeat(51) }).expect(400);
    expect(wrong.body.details.map((d: { problem: string }) => d.problem)).toEqual(['Select one of the answers', 'Your answer has more words than allowed']);
    const notMine = await save({ [round.questionIds[0]]: 'yes', [round.questionIds[1]]: 'us', [round.questionIds[2]]: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(notMine.body.details).toEqual([{ field: `q-${round.questionIds[2]}`, problem: 'Choose one of the files you uploaded' }]);
  });

  it('never lets two co-editors overwrite each other unseen: the second save of the same version is refused', async () => {
    const app = await draft();
    const orgId = (await as(applicant).post('/api/v1/organisations', organisation).expect(201)).body.id;
    await as(applicant).put(`${app.path}/sections/organisation`, { version: 0, complete: true, organisationId: orgId }).expect(204);
    await as(coEditor).get(app.path).expect(403);
    await as(applicant).post(`/api/v1/organisations/${orgId}/members`, { email: coEditor.email }).expect(204);
    const version = await app.version('project');
    const body = (title: string) => ({ version, title, summary: 's', description: 'd' });
    const [first, second] = await Promise.all([as(applicant).put(`${app.path}/sections/project`, body('Mine')), as(coEditor).put(`${app.path}/sections/project`, body('Theirs'))]);
    expect([first.status, second.status].sort()).toEqual([204, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.message).toContain('Someone else changed this section');
    const saved = (await as(coEditor).get(app.path).expect(200)).body;
    expect(saved.title).toBe(first.status === 204 ? 'Mine' : 'Theirs');
    expect(saved.sections.project.version).toBe(version + 1);
  });

  it('keeps other people out of an application: 403 to read or change it', async () => {
    const app = await draft();
    const stranger = await createAccount(t.db.url);
    const token = await accessToken(t, stranger, ['applications:apply']);
    await t.http().get(app.path).auth(token, { type: 'bearer' }).expect(403);
    await t.http().put(`${app.path}/sections/project`).auth(token, { type: 'bearer' }).send({ version: 0, title: 'Stolen', summary: '', description: '' }).expect(403);
    expect((await as(applicant).get(app.path).expect(200)).body.title).toBe('');
    await t.http().get('/api/v1/applications/00000000-0000-4000-8000-000000000000').auth(token, { type: 'bearer' }).expect(404);
  });

  it('refuses an organisation whose details are wrong, naming each field', async () => {
    const response = await as(applicant).post('/api/v1/organisations', { ...organisation, registrationNumber: '12', postcode: 'nowhere', contactEmail: 'jo' }).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['registrationNumber', 'postcode', 'contactEmail']);
    const group = await as(applicant).post('/api/v1/organisations', { ...organisation, type: 'unregistered-group', registrationNumber: '12' }).expect(201);
    expect(await query(t.db.url, `SELECT registration_number, postcode FROM applicant_organisations WHERE id = $1`, [group.body.id])).toEqual([{ registration_number: null, postcode: 'BS5 6AH' }]);
  });

  it('takes files by what they are, not what they are called', async () => {
    const app = await draft();
    const upload = (name: string, bytes: Buffer) => t.http().post(`${app.path}/files`).auth(applicant.token, { type: 'bearer' }).attach('file', bytes, name);
    const pdf = await upload('constitution.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n')).expect(201);
    const disguised = await upload('quote.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)])).expect(400);
    expect(disguised.body.details).toEqual([{ field: 'file', problem: expect.stringContaining('must be a PDF, Word') }]);
    const huge = await upload('big.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 1)])).expect(413);
    expect(huge.body.details).toEqual([{ field: 'file', problem: 'The file must be 10 MB or smaller' }]);
    const files = (await as(applicant).get(app.path).expect(200)).body.files;
    expect(files).toEqual([{ id: pdf.body.id, fileName: 'constitution.pdf', mimeType: 'application/pdf', sizeBytes: expect.any(Number) }]);
    const [{ stored_as }] = await query<{ stored_as: string }>(t.db.url, `SELECT stored_as FROM application_files WHERE id = $1`, [pdf.body.id]);
    expect(stored_as).toMatch(/^[0-9a-f-]{36}$/); // never the name it was uploaded with
  });

  it('submits a complete application once, with a reference, an email and the automatic checks', async () => {
    const app = await draft();
    const early = await as(applicant).post(`${app.path}/submit`, { declaration: true }).expect(400);
    expect(early.body.details.map((d: { field: string }) => d.field)).toEqual(['section-organisation', 'section-project', 'section-where', 'section-budget', 'section-questions', 'section-documents']);
    await fillIn(app);
    await as(applicant).post(`${app.path}/submit`, { declaration: false }).expect(400);
    const [first, again] = await Promise.all([as(applicant).post(`${app.path}/submit`, { declaration: true }), as(applicant).post(`${app.path}/submit`, { declaration: true })]);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.body.reference).toMatch(/^SG27-\d{4}$/);
    expect(again.body.reference).toBe(first.body.reference);
    const submitted = (await as(applicant).get(app.path).expect(200)).body;
    expect(submitted).toMatchObject({ status: 'submitted', reference: first.body.reference });
    expect(submitted.eligibility).toEqual([
      { rule: 'area', outcome: 'pass' },
      { rule: 'amount', outcome: 'pass' },
      { rule: 'applicantType', outcome: 'pass' },
      { rule: 'requiredAnswers', outcome: 'pass' },
    ]);
    expect(await query(t.db.url, `SELECT event_type, recipient_address FROM notification_outbox WHERE event_type = 'application-received' AND payload->>'reference' = $1`, [first.body.reference])).toEqual([
      { event_type: 'application-received', recipient_address: applicant.email },
    ]);
    // Still editable until the deadline, but only section by complete section.
    await as(applicant).put(`${app.path}/sections/project`, { version: submitted.sections.project.version, title: 'Raised beds', summary: '', description: '' }).expect(400);
  });

  it('gives applications submitted at the same moment distinct references', async () => {
    const apps = await Promise.all([1, 2, 3].map(() => draft()));
    for (const app of apps) await fillIn(app);
    const references = await Promise.all(apps.map((app) => as(applicant).post(`${app.path}/submit`, { declaration: true }).expect(200)));
    expect(new Set(references.map((r) => r.body.reference)).size).toBe(3);
  });

  it('refuses a submission after the deadline, by even a second of the server’s clock', async () => {
    const closing = await roundTakingApplications(t, fund, { name: 'Closing Soon', postcode: 'BS5 6XY' });
    const closesAt = new Date(Date.now() + 4_000).toISOString();
    const view = (await t.http().get(closing.base).expect(200)).body;
    const phases = view.phases.filter((p: { enabled: boolean }) => p.enabled).map((p: { phase: string; opensAt: string; closesAt: string }) => ({ phase: p.phase, opensAt: p.opensAt, closesAt: p.phase === 'applications' ? closesAt : p.closesAt }));
    await t.http().put(`${closing.base}/timeline`).auth(fund.manager, { type: 'bearer' }).send({ phases }).expect(200);
    const id = (await as(applicant).post(`${closing.base}/applications`).expect(201)).body.id;
    const app = { id, path: `/api/v1/applications/${id}`, version: async (section: string) => (await as(applicant).get(`/api/v1/applications/${id}`).expect(200)).body.sections[section].version };
    const orgId = (await as(applicant).post('/api/v1/organisations', organisation).expect(201)).body.id;
    await as(applicant).put(`${app.path}/sections/organisation`, { version: 0, complete: true, organisationId: orgId }).expect(204);
    await as(applicant).put(`${app.path}/sections/project`, { version: 0, complete: true, title: 'T', summary: 'S', description: 'D', startOn: '2027-09-01', endOn: '2027-10-01' }).expect(204);
    await as(applicant).put(`${app.path}/sections/where`, { version: 0, complete: true, areaCode: 'BS5', criterionIds: [] }).expect(204);
    await as(applicant).put(`${app.path}/sections/budget`, { version: 0, complete: true, amountPence: 600_00, lines: [{ item: 'Paint', amountPence: 600_00 }] }).expect(204);
    await as(applicant).put(`${app.path}/sections/documents`, { version: 0, complete: true }).expect(204);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(closesAt) - Date.now() + 50)));
    const late = await as(applicant).post(`${app.path}/submit`, { declaration: true }).expect(409);
    expect(late.body.message).toBe('Applications can only be submitted while applications are open');
    expect((await as(applicant).get(app.path).expect(200)).body).toMatchObject({ status: 'draft', reference: null });
    await as(applicant).post(`${closing.base}/applications`).expect(409);
  });

  it('lets an applicant withdraw, after which nothing changes', async () => {
    const app = await draft();
    await as(applicant).post(`${app.path}/withdraw`).expect(204);
    expect((await as(applicant).get(app.path).expect(200)).body.status).toBe('withdrawn');
    await as(applicant).put(`${app.path}/sections/project`, { version: 0, title: 'Back?', summary: '', description: '' }).expect(409);
    await as(applicant).post(`${app.path}/withdraw`).expect(409);
  });

  it('keeps working when many saves of one application arrive at once (none waits for ever)', async () => {
    const app = await draft();
    const saves = await Promise.all(Array.from({ length: 14 }, (_, i) => as(applicant).put(`${app.path}/sections/project`, { version: 0, title: `Try ${i}`, summary: '', description: '' })));
    expect(saves.filter((r) => r.status === 204)).toHaveLength(1);
    expect(saves.filter((r) => r.status === 409)).toHaveLength(13);
    await t.http().get('/health/ready').expect(200);
    expect((await as(applicant).get(app.path).expect(200)).body.sections.project.version).toBe(1);
  });

  it.each([
    ['a date that does not exist', 'project', { title: 'T', summary: 'S', description: 'D', startOn: '2027-02-30', endOn: '2027-03-01' }, 'startOn'],
    ['an amount no fund could hold', 'budget', { amountPence: 1e19, lines: [] }, 'amountPence'],
    ['a line no fund could hold', 'budget', { lines: [{ item: 'All', amountPence: 1e300 }] }, 'lines.0.amountPence'],
  ])('refuses %s with a 400 naming the field, not a 500', async (_label, section, body, field) => {
    const app = await draft();
    const response = await as(applicant).put(`${app.path}/sections/${section}`, { version: 0, ...body }).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses a date answer that does not exist, and a phone number longer than the column', async () => {
    const app = await draft();
    const dated = await roundTakingApplications(t, fund, { name: 'Dated Round', postcode: 'BS5 6XY', questions: [{ type: 'date', label: 'When did you start?', required: true }] });
    const id = (await as(applicant).post(`${dated.base}/applications`).expect(201)).body.id;
    const bad = await as(applicant).put(`/api/v1/applications/${id}/sections/questions`, { version: 0, answers: { [dated.questionIds[0]]: '2027-99-99' } }).expect(400);
    expect(bad.body.details).toEqual([{ field: `q-${dated.questionIds[0]}`, problem: 'Enter a real date' }]);
    const phone = await as(applicant).post('/api/v1/organisations', { ...organisation, contactPhone: '+' + '1'.repeat(20) }).expect(400);
    expect(phone.body.details.map((d: { field: string }) => d.field)).toEqual(['contactPhone']);
    expect(app.id).toBeTruthy();
  });

  it('screens what was submitted: a later change to the organisation does not reach the officer, a change to the application does', async () => {
    const app = await draft();
    const orgId = (await as(applicant).post('/api/v1/organisations', { ...organisation, name: 'Snapshot Garden' }).expect(201)).body.id;
    await fillIn(app, applicant, orgId);
    await as(applicant).post(`${app.path}/submit`, { declaration: true }).expect(200);
    const screen = (decision: string) => t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${app.id}/screening`).auth(fund.manager, { type: 'bearer' }).send({ decision, reason: 'Checked' });
    await screen('eligible').expect(204);
    const version = (await as(applicant).get(`/api/v1/applications/${app.id}`).expect(200)).body;
    // The organisation moves out of the area and changes its kind: the screened application still shows it as it was.
    const org = await query<{ version: number }>(t.db.url, `SELECT version FROM applicant_organisations WHERE id = $1`, [orgId]);
    await as(applicant).put(`/api/v1/organisations/${orgId}`, { ...organisation, name: 'Snapshot Garden', type: 'company', registrationNumber: '01234567', postcode: 'CF10 1AA', version: org[0].version }).expect(204);
    const officer = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${app.id}`).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(officer).toMatchObject({ status: 'eligible', eligibility: expect.arrayContaining([{ rule: 'area', outcome: 'pass' }]) });
    // A change to the application itself before the deadline sends it back to be screened, with the checks taken again.
    await as(applicant).put(`${app.path}/sections/budget`, { version: version.sections.budget.version, complete: true, amountPence: 2_500_00, lines: [{ item: 'Timber', amountPence: 2_500_00 }] }).expect(204);
    const again = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${app.id}`).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(again).toMatchObject({ status: 'submitted', amountPence: 2_500_00 });
    expect(again.eligibility).toContainEqual({ rule: 'area', outcome: 'fail' });
    // An officer deciding on what they read before that change is told to read it again.
    const stale = await t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${app.id}/screening`).auth(fund.manager, { type: 'bearer' }).send({ decision: 'eligible', reason: 'Checked', seenUpdatedAt: officer.updatedAt }).expect(409);
    expect(stale.body.message).toContain('changed after you opened it');
  });

  it('deletes a removed file’s bytes, and keeps files to their applicants and the fund’s managers', async () => {
    const app = await draft();
    const uploaded = await t.http().post(`${app.path}/files`).auth(applicant.token, { type: 'bearer' }).attach('file', Buffer.from('%PDF-1.4\nprivate\n%%EOF'), 'private.pdf').expect(201);
    const [{ stored_as }] = await query<{ stored_as: string }>(t.db.url, `SELECT stored_as FROM application_files WHERE id = $1`, [uploaded.body.id]);
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const onDisk = join(process.env.STORAGE_DIR!, stored_as);
    expect(existsSync(onDisk)).toBe(true);
    const stranger = await createAccount(t.db.url);
    const web = new (await import('../support/web-session')).WebSession(t);
    await web.signIn(stranger.email, stranger.password);
    await web.get(`/applications/${app.id}/files/${uploaded.body.id}`).expect(403);
    const otherFund = await fundWithMoney(t, 'Other Fund', ['BS5']);
    const scoped = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: otherFund.fundId }] });
    const otherManager = await accessToken(t, scoped, ['funds:manage']);
    await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications`).auth(otherManager, { type: 'bearer' }).expect(403);
    await t.http().get(`/api/v1/funds/${otherFund.fundId}/rounds/${round.roundId}/applications/${app.id}`).auth(otherManager, { type: 'bearer' }).expect(404);

    const page = await new (await import('../support/web-session')).WebSession(t);
    await page.signIn(applicant.email, applicant.password);
    const documents = await page.get(`/applications/${app.id}/sections/documents`).expect(200);
    const token = documents.text.match(/name="_csrf" value="([^"]+)"/)![1];
    await page.agent.post(`/applications/${app.id}/files/${uploaded.body.id}/remove`).type('form').send({ _csrf: token }).expect(303);
    expect(existsSync(onDisk)).toBe(false);
    expect(await query(t.db.url, `SELECT id FROM application_files WHERE id = $1`, [uploaded.body.id])).toEqual([]);
  });
});
