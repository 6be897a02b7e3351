import { SeedDemoApplications } from '@commonpurse/applications';
import { SeedDemoFund } from '@commonpurse/funds';
import { PrincipalService } from '@commonpurse/identity';
import { createAccount, query } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';

describe('demo applications seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('fills the demo round taking applications with applications in every state, once', async () => {
    const manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    const applicant = await createAccount(t.db.url, { displayName: 'Amal Applicant' });
    await t.app.get(SeedDemoFund).execute({ accountId: manager.id, email: manager.email });
    const principal = (await t.app.get(PrincipalService).forEmail(applicant.email))!;
    expect(await t.app.get(SeedDemoApplications).execute(principal, manager.id)).toEqual({ created: 10 });
    expect(await t.app.get(SeedDemoApplications).execute(principal, manager.id)).toEqual({ created: 0 });
    const statuses = await query<{ status: string; n: number }>(t.db.url, `SELECT status, count(*)::int AS n FROM applications GROUP BY status ORDER BY status`);
    expect(statuses).toEqual([
      { status: 'draft', n: 1 },
      { status: 'eligible', n: 4 },
      { status: 'ineligible', n: 1 },
      { status: 'needs-info', n: 1 },
      { status: 'submitted', n: 2 },
      { status: 'withdrawn', n: 1 },
    ]);
    const round = await t.http().get('/funds/bristol-neighbourhood-fund/rounds/small-grants-spring-2027').expect(200);
    expect(round.text).toContain('Open now');
  });
});
