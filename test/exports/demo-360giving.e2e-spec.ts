import { check360Giving, validateGrantSchema, validatePackageMetadata } from '@commonpurse/exports';
import { seedDemoInto } from '../../apps/cli/src/commands/seed.command';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

/** What `npm start` shows an auditor: the demo fund's awards, published as 360Giving data that passes the shipped schema. */
describe('the demo data’s 360Giving export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('validates against the shipped schema and passes every critical data-quality check, and the demo books verify', async () => {
    const seeded = await seedDemoInto(t.app);
    const auditor = seeded.accounts.find((a) => a.role === 'auditor')!;
    const token = await accessToken(t, { email: auditor.email, password: seeded.password }, ['ledger:read']);
    const funds = (await t.http().get('/api/v1/funds').expect(200)).body;
    const fund = (Array.isArray(funds) ? funds : funds.funds).find((f: { slug: string }) => f.slug === 'bristol-neighbourhood-fund');

    const file = await t.http().get(`/api/v1/funds/${fund.id}/360giving?format=json`).auth(token, { type: 'bearer' }).expect(200);
    const pkg = JSON.parse(file.text);
    expect(pkg.grants.map((g: { title: string }) => g.title).sort()).toEqual(['Draught-proofing with neighbours', 'Warm welcome mornings']);
    for (const grant of pkg.grants) expect(validateGrantSchema(grant)).toEqual([]);
    expect(validatePackageMetadata(pkg)).toEqual([]);
    expect(check360Giving(pkg.grants, { today: new Date().toISOString().slice(0, 10) }).problems.filter((p) => p.critical)).toEqual([]);
    expect(pkg.grants.every((g: { id: string }) => g.id.startsWith('360G-commonpurse-demo-'))).toBe(true);
    // The charity's number becomes its org-id; the unregistered group gets the publisher's own id for it.
    const kitchen = pkg.grants.find((g: { title: string }) => g.title === 'Warm welcome mornings');
    expect(kitchen.recipientOrganization[0]).toMatchObject({ id: 'GB-CHC-1187654', name: 'Stapleton Road Community Kitchen', postalCode: 'BS5 0PR' });
    expect(pkg.grants.reduce((sum: number, g: { amountDisbursed: number }) => sum + g.amountDisbursed, 0)).toBeGreaterThan(0);

    const report = (await t.http().get(`/api/v1/funds/${fund.id}/books/verification`).auth(token, { type: 'bearer' }).expect(200)).body;
    expect(report).toMatchObject({ ok: true, chainBreak: null, reconciles: true });
    expect(report.awards).toHaveLength(2);
  });
});
