import { createAccount } from '@commonpurse/testing';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

/** A two-stage round: a short expression of interest, an officer's invitation, then the full application, screened as any other. */
describe('two-stage rounds', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Two Stage Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Big Ideas 2027', postcode: 'BS5 6XY', rules: { twoStage: true }, questions: [{ type: 'yes-no', label: 'Volunteers?', required: true }] });
    applicant = await accessToken(t, await createAccount(t.db.url), ['applications:apply']);
  });
  afterAll(() => t.close());

  const as = (method: 'get' | 'post' | 'put', path: string, body: object = {}) => t.http()[method](path).auth(applicant, { type: 'bearer' }).send(body);
  const screen = (id: string, body: object) => t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${id}/screening`).auth(fund.manager, { type: 'bearer' }).send(body);

  it('asks first for who and what, then, once invited, for the rest', async () => {
    expect((await t.http().get(round.base).expect(200)).body.rules.twoStage).toBe(true);
    const id = (await as('post', `${round.base}/applications`).expect(201)).body.id;
    const path = `/api/v1/applications/${id}`;
    const interest = (await as('get', path).expect(200)).body;
    expect(interest).toMatchObject({ stage: 'interest', status: 'draft' });
    expect(Object.keys(interest.sections)).toEqual(['organisation', 'project']);
    await as('put', `${path}/sections/budget`, { version: 0, amountPence: 100_00, lines: [] }).expect(404);

    const orgId = (await as('post', '/api/v1/organisations', { name: 'Ideas Group', type: 'charity', registrationNumber: '1123456', addressLine1: '1 Road', town: 'Bristol', postcode: 'BS5 6AH', contactName: 'Jo', contactEmail: 'jo@example.org' }).expect(201)).body.id;
    await as('put', `${path}/sections/organisation`, { version: 0, complete: true, organisationId: orgId }).expect(204);
    await as('put', `${path}/sections/project`, { version: 0, complete: true, title: 'A big idea', summary: 'In brief', description: 'What we would do', startOn: '2027-09-01', endOn: '2028-03-01' }).expect(204);
    const sent = await as('post', `${path}/submit`, { declaration: true }).expect(200);
    const screened = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/applications/${id}`).auth(fund.manager, { type: 'bearer' }).expect(200)).body;
    expect(screened.eligibility.map((c: { rule: string }) => c.rule)).toEqual(['area', 'applicantType']);

    const wrong = await screen(id, { decision: 'eligible', reason: 'Looks good' }).expect(400);
    expect(wrong.body.details).toEqual([{ field: 'decision', problem: expect.stringContaining('invited to a full application or not') }]);
    await screen(id, { decision: 'invited', reason: 'We would like to hear more' }).expect(204);
    const invited = (await as('get', path).expect(200)).body;
    expect(invited).toMatchObject({ stage: 'full', status: 'invited', reference: sent.body.reference, title: 'A big idea' });
    expect(Object.keys(invited.sections)).toEqual(['organisation', 'project', 'where', 'budget', 'questions', 'documents']);
    expect(invited.sections.project.status).toBe('completed');
    // Invited, it is drafted again section by section, and screened as a full application.
    await as('put', `${path}/sections/budget`, { version: 0, amountPence: 1_000_00, lines: [] }).expect(204);
    await as('post', `${path}/submit`, { declaration: true }).expect(400);
    await as('put', `${path}/sections/where`, { version: 0, complete: true, areaCode: 'BS5', criterionIds: [] }).expect(204);
    await as('put', `${path}/sections/budget`, { version: 1, complete: true, amountPence: 1_000_00, lines: [{ item: 'All of it', amountPence: 1_000_00 }] }).expect(204);
    await as('put', `${path}/sections/questions`, { version: 0, complete: true, answers: { [round.questionIds[0]]: 'yes' } }).expect(204);
    await as('put', `${path}/sections/documents`, { version: 0, complete: true }).expect(204);
    expect((await as('post', `${path}/submit`, { declaration: true }).expect(200)).body.reference).toBe(sent.body.reference);
    await screen(id, { decision: 'invited', reason: 'Again?' }).expect(400);
    await screen(id, { decision: 'eligible', reason: 'A strong application' }).expect(204);
    expect((await as('get', path).expect(200)).body).toMatchObject({ stage: 'full', status: 'eligible' });
  });
});
