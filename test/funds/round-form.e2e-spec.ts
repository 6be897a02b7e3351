import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

/** The round form's date fields for one phase, from YYYY-MM-DD dates. */
function phaseFields(phase: string, opens: string, closes: string): Record<string, string> {
  const [oy, om, od] = opens.split('-');
  const [cy, cm, cd] = closes.split('-');
  return {
    [`${phase}-enabled`]: 'yes',
    [`${phase}-opens-day`]: od, [`${phase}-opens-month`]: om, [`${phase}-opens-year`]: oy,
    [`${phase}-closes-day`]: cd, [`${phase}-closes-month`]: cm, [`${phase}-closes-year`]: cy,
  };
}

describe('the round form', () => {
  let t: TestApp;
  let manager: TestAccount;
  let web: WebSession;
  let fundId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    web = new WebSession(t);
    await web.signIn(manager.email, manager.password);
    const created = await web.submit('/manage/funds/new', { name: 'Form Fund', purpose: 'p', postcodeDistricts: 'BS1' }, '/manage/funds');
    fundId = created.headers.location.split('/').pop()!;
    await web.submit(`/manage/funds/${fundId}`, { organisationName: 'Council', organisationIdentifier: 'GB-LAE-BST', amount: '100000', 'receivedOn-day': '1', 'receivedOn-month': '1', 'receivedOn-year': '2026' }, `/manage/funds/${fundId}/contributions`);
  });
  afterAll(() => t.close());

  const submit = (fields: Record<string, string>) => web.submit(`/manage/funds/${fundId}/rounds/new`, fields, `/manage/funds/${fundId}/rounds`);
  const base = { name: 'Summer 2026', budget: '20,000', grantMin: '500', grantMax: '5000' };

  it('adds a round whose phases run from the start of their first day to the end of their last, UK time', async () => {
    const response = await submit({ ...base, ...phaseFields('applications', '2026-06-01', '2026-06-30'), ...phaseFields('public-vote', '2026-07-01', '2026-07-14') });
    expect(response.status).toBe(303);
    // On to the round's own management page, where its other rules are set.
    expect(response.headers.location).toMatch(new RegExp(`^/manage/funds/${fundId}/rounds/[0-9a-f-]{36}$`));
    const rows = await query(t.db.url, `SELECT p.phase, p.opens_at, p.closes_at FROM round_phases p JOIN rounds r ON r.id = p.round_id WHERE r.slug = 'summer-2026' AND p.enabled ORDER BY p.opens_at`);
    expect(rows).toEqual([
      { phase: 'applications', opens_at: new Date('2026-05-31T23:00:00Z'), closes_at: new Date('2026-06-30T23:00:00Z') },
      { phase: 'public-vote', opens_at: new Date('2026-06-30T23:00:00Z'), closes_at: new Date('2026-07-14T23:00:00Z') },
    ]);
    const page = await web.get(response.headers.location).expect(200);
    expect(page.text).toContain('£20,000');
    expect((await t.http().get('/funds/form-fund/rounds/summer-2026').expect(200)).text).toContain('£20,000');
  });

  it.each([
    ['no name', { ...base, name: '', ...phaseFields('applications', '2026-06-01', '2026-06-30') }, 'name', 'Enter the name of the round'],
    ['a budget that is not money', { ...base, budget: 'plenty', ...phaseFields('applications', '2026-06-01', '2026-06-30') }, 'budget', 'Enter an amount in pounds'],
    ['an impossible date', { ...base, ...phaseFields('applications', '2026-06-31', '2026-07-30') }, 'applications-opens', 'must be a real date'],
    ['no applications phase', { ...base, ...phaseFields('public-vote', '2026-06-01', '2026-06-30') }, 'applications-opens', 'A round must take applications'],
    ['overlapping phases', { ...base, ...phaseFields('applications', '2026-06-01', '2026-06-30'), ...phaseFields('public-vote', '2026-06-15', '2026-07-14') }, 'public-vote-opens', 'must open after the phase before it closes'],
    ['a largest grant below the smallest', { ...base, grantMin: '6000', ...phaseFields('applications', '2026-06-01', '2026-06-30') }, 'grantMax', 'at least the smallest grant'],
    ['more than the fund has', { ...base, budget: '200000', ...phaseFields('applications', '2026-06-01', '2026-06-30') }, 'budget', 'more than the fund has not yet given'],
  ])('refuses %s with the error summary, keeps what was typed, stores nothing', async (_label, fields, field, message) => {
    const before = await query(t.db.url, 'SELECT count(*)::int AS n FROM rounds');
    const response = await submit(fields);
    expect(response.status).toBe(400);
    expect(response.text).toContain('govuk-error-summary');
    expect(response.text).toContain(`href="#${field}"`);
    expect(response.text).toContain(message);
    expect(response.text).toContain(`value="${fields.grantMin}"`);
    expect(await query(t.db.url, 'SELECT count(*)::int AS n FROM rounds')).toEqual(before);
  });
});
