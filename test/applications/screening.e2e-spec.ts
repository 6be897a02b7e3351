import { createAccount, query } from '@commonpurse/testing';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

/**
 * Screening: officers see the automatic checks and decide eligible, ineligible or "needs more
 * information" (reopening it to the applicant until a date) with a reason the applicant sees; the
 * fund's managers list, filter and export the round's applications; every decision is audited.
 */
describe('screening applications', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: string;
  const applicationIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Screen Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Autumn 2027', postcode: 'BS5 6XY', criteria: ['Warmth'] });
    const account = await createAccount(t.db.url);
    applicant = await accessToken(t, account, ['applications:apply']);
    const as = (method: 'post' | 'put', path: string, body: object = {}) => t.http()[method](path).auth(applicant, { type: 'bearer' }).send(body);
    const orgs = [
      { name: 'Warm Hub', type: 'charity', registrationNumber: '1123456', postcode: 'BS5 6AH' },
      { name: 'Out of Town Trust', type: 'charity', registrationNumber: '1123457', postcode: 'CF10 1AA' },
      { name: 'Just Me', type: 'individual', postcode: 'BS5 6AJ' },
    ];
    for (const [i, org] of orgs.entries()) {
      const orgId = (await as('post', '/api/v1/organisations', { addressLine1: '1 Road', town: 'Bristol', contactName: 'Jo', contactEmail: 'jo@example.org', ...org }).expect(201)).body.id;
      const id = (await as('post', `${round.base}/applications`).expect(201)).body.id;
      const path = `/api/v1/applications/${id}`;
      await as('put', `${path}/sections/organisation`, { version: 0, complete: true, organisationId: orgId }).expect(204);
      await as('put', `${path}/sections/project`, { version: 0, complete: true, title: `Project ${i + 1}: <b>warm</b>`, summary: 'S', description: 'D', startOn: '2027-11-01', endOn: '2028-02-28' }).expect(204);
      await as('put', `${path}/sections/where`, { version: 0, complete: true, areaCode: 'BS5', criterionIds: round.criterionIds }).expect(204);
      await as('put', `${path}/sections/budget`, { version: 0, complete: true, amountPence: (i + 1) * 1_000_00, lines: [{ item: 'Heating', amountPence: (i + 1) * 1_000_00 }] }).expect(204);
      await as('put', `${path}/sections/documents`, { version: 0, complete: true }).expect(204);
      await as('post', `${path}/submit`, { declaration: true }).expect(200);
      applicationIds.push(id);
    }
    // A draft is never shown to officers.
    await as('post', `${round.base}/applications`).expect(201);
  });
  afterAll(() => t.close());

  const manage = (path = '') => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications${path}`;
  const decide = (id: string, body: object) => t.http().post(manage(`/${id}/screening`)).auth(fund.manager, { type: 'bearer' }).send(body);

  it('shows officers each application with the automatic checks', async () => {
    const list = (await t.http().get(manage()).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(list.map((a: { title: string }) => a.title)).toEqual(['Project 1: <b>warm</b>', 'Project 2: <b>warm</b>', 'Project 3: <b>warm</b>']);
    const outOfTown = (await t.http().get(manage(`/${applicationIds[1]}`)).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(outOfTown.eligibility).toContainEqual({ rule: 'area', outcome: 'fail' });
    const individual = (await t.http().get(manage(`/${applicationIds[2]}`)).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(individual.eligibility).toContainEqual({ rule: 'applicantType', outcome: 'fail' });
  });

  it('screens from when applications open, recording the decision with its reason, auditing it and telling the applicant', async () => {
    // Screening goes on while applications are still open: officers work through them as they come.
    await decide(applicationIds[0], { decision: 'eligible', reason: '  ' }).expect(400);
    await decide(applicationIds[0], { decision: 'eligible', reason: 'Meets every rule' }).expect(204);
    await decide(applicationIds[2], { decision: 'ineligible', reason: 'This round does not fund individuals' }).expect(204);
    expect((await t.http().get(`/api/v1/applications/${applicationIds[0]}`).auth(applicant, { type: 'bearer' }).expect(200)).body).toMatchObject({ status: 'eligible', decisions: [{ decision: 'eligible', reason: 'Meets every rule' }] });
    expect(await query(t.db.url, `SELECT after->>'status' AS status FROM audit_log WHERE action = 'applications.screen' AND entity_id = $1`, [applicationIds[2]])).toEqual([{ status: 'ineligible' }]);
    const emails = await query<{ payload: { decision: string } }>(t.db.url, `SELECT payload FROM notification_outbox WHERE event_type = 'screening-decision' ORDER BY created_at`);
    expect(emails.map((e) => e.payload.decision)).toEqual(['eligible', 'ineligible']);
    // Once screening is over, decisions are settled.
    await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: 'applications' }).expect(200);
  });

  it('sends one back for more information until a date, when the applicant can change it and send it again', async () => {
    const id = applicationIds[1];
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await decide(id, { decision: 'needs-info', reason: 'Where is the group based?' }).expect(400);
    await decide(id, { decision: 'needs-info', reason: 'Where is the group based?', infoUntil: new Date(Date.now() - 1000).toISOString() }).expect(400);
    await decide(id, { decision: 'needs-info', reason: 'Where is the group based?', infoUntil: new Date(Date.now() + 60 * 86_400_000).toISOString() }).expect(400);
    await decide(id, { decision: 'needs-info', reason: 'Where is the group based?', infoUntil: soon }).expect(204);
    const path = `/api/v1/applications/${id}`;
    const reopened = (await t.http().get(path).auth(applicant, { type: 'bearer' }).expect(200)).body;
    expect(reopened).toMatchObject({ status: 'needs-info', infoRequestedUntil: soon });
    // Applications have closed (screening is on), but this one is open to its applicant.
    await t.http().put(`${path}/sections/project`).auth(applicant, { type: 'bearer' }).send({ version: reopened.sections.project.version, complete: true, title: 'Project 2, based in Easton', summary: 'S', description: 'We meet in Easton.', startOn: '2027-11-01', endOn: '2028-02-28' }).expect(204);
    const again = await t.http().post(`${path}/submit`).auth(applicant, { type: 'bearer' }).send({ declaration: true }).expect(200);
    expect(again.body.reference).toBe(reopened.reference);
    expect((await t.http().get(path).auth(applicant, { type: 'bearer' }).expect(200)).body.status).toBe('submitted');
    await decide(id, { decision: 'eligible', reason: 'Based in Easton after all' }).expect(204);
  });

  it('settles decisions once screening is over, even for one sent back whose date has not come', async () => {
    const sentBack = applicationIds[2];
    await decide(sentBack, { decision: 'needs-info', reason: 'Could a group apply instead?', infoUntil: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(204);
    await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: 'screening' }).expect(200);
    const reopened = (await t.http().get(`/api/v1/applications/${sentBack}`).auth(applicant, { type: 'bearer' }).expect(200)).body;
    const tooLate = await t.http().put(`/api/v1/applications/${sentBack}/sections/documents`).auth(applicant, { type: 'bearer' }).send({ version: reopened.sections.documents.version, complete: true }).expect(409);
    expect(tooLate.body.message).toBe('Applications can be screened from the day applications open until screening closes');
    const late = await decide(applicationIds[0], { decision: 'ineligible', reason: 'Changed my mind' }).expect(409);
    expect(late.body.message).toBe('Applications can be screened from the day applications open until screening closes');
  });

  it('lists, filters, searches and exports the round’s applications for its managers only', async () => {
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const base = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/applications`;
    const eligible = await web.get(`${base}?status=eligible`).expect(200);
    expect(eligible.text).toContain('Applications found: 2.');
    expect(eligible.text).toContain('Project 1: &lt;b&gt;warm&lt;/b&gt;');
    const searched = await web.get(`${base}?q=A27-0003`).expect(200);
    expect(searched.text).toContain('Applications found: 1.');
    const csv = await web.get(`${base}.csv?status=eligible`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('Reference,Title,Organisation,Status,Stage,Amount (GBP),Lot,Area,Priorities addressed,Submitted,Summary');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['A27-0001', 'A27-0002']);
    expect(lines[1]).toContain('Warmth');
    const page = await web.get(`${base}/${applicationIds[1]}`).expect(200);
    expect(page.text).toContain('Where is the group based?');

    const stranger = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: '00000000-0000-4000-8000-000000000001' }] });
    const token = await accessToken(t, stranger, ['funds:manage']);
    await t.http().get(manage()).auth(token, { type: 'bearer' }).expect(403);
    await decide(applicationIds[0], { decision: 'ineligible', reason: 'x' }).auth(token, { type: 'bearer' }).expect(403);
  });
});
