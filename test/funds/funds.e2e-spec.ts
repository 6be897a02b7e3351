import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

describe('funds and pooled contributions', () => {
  let t: TestApp;
  let manager: TestAccount;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await createAccount(t.db.url, { displayName: 'Morgan Manager', roles: [{ role: 'fund_manager' }] });
  });
  afterAll(() => t.close());

  async function managerSession(account = manager): Promise<WebSession> {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    return web;
  }

  async function createFund(web: WebSession, name: string): Promise<string> {
    const response = await web.submit('/manage/funds/new', { name, purpose: 'Small grants for groups that bring neighbours together.', wards: 'E05001979 Ashley\nE05001980 Avonmouth', postcodeDistricts: 'BS1, BS2' }, '/manage/funds');
    expect(response.status).toBe(303);
    return response.headers.location.split('/').pop()!;
  }

  it('lets a fund manager create a fund with its area and pooled contributions, and publishes it', async () => {
    const web = await managerSession();
    const fundId = await createFund(web, 'Bristol Neighbourhood Fund');
    const contribute = (fields: Record<string, string>) => web.submit(`/manage/funds/${fundId}`, fields, `/manage/funds/${fundId}/contributions`);
    expect((await contribute({ organisationName: 'Bristol City Council', organisationIdentifier: 'gb-lae-bst', amount: '£50,000', 'receivedOn-day': '1', 'receivedOn-month': '4', 'receivedOn-year': '2026' })).status).toBe(303);
    expect((await contribute({ organisationName: 'Quartet Community Foundation', organisationIdentifier: 'GB-CHC-1080418', amount: '12500.50', 'receivedOn-day': '15', 'receivedOn-month': '5', 'receivedOn-year': '2026', condition: 'Only for projects for young people' })).status).toBe(303);

    const listed = await t.http().get('/funds').expect(200);
    expect(listed.text).toContain('Bristol Neighbourhood Fund');
    expect(listed.text).toContain('£62,500.50 pooled from 2 funders');
    const page = await t.http().get('/funds/bristol-neighbourhood-fund').expect(200);
    for (const expected of ['Ashley ward (E05001979)', 'Postcode district BS2', 'Bristol City Council', 'GB-LAE-BST', 'Condition: Only for projects for young people', '£62,500.50 in total']) {
      expect(page.text).toContain(expected);
    }
    // Money is whole pence, never floating point.
    expect(await query(t.db.url, `SELECT amount_pence::text AS p FROM fund_contributions WHERE fund_id = $1 ORDER BY received_on`, [fundId])).toEqual([{ p: '5000000' }, { p: '1250050' }]);
    // Whoever creates a fund manages it; every change is audited with who, what and after.
    expect(await query(t.db.url, `SELECT role, scope_type FROM role_assignments WHERE account_id = $1 AND scope_id = $2`, [manager.id, fundId])).toEqual([{ role: 'fund_manager', scope_type: 'fund' }]);
    expect(await query(t.db.url, `SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY id`, [fundId])).toEqual([
      { action: 'funds.create', actor_id: manager.id },
      { action: 'funds.record-contribution', actor_id: manager.id },
      { action: 'funds.record-contribution', actor_id: manager.id },
    ]);
  });

  it('shows fund managers where to create and manage funds, and nobody else', async () => {
    const web = await managerSession();
    expect((await web.get('/funds').expect(200)).text).toContain('href="/manage/funds/new"');
    const fundId = await createFund(web, 'Linked Fund');
    expect((await web.get('/funds/linked-fund').expect(200)).text).toContain(`href="/manage/funds/${fundId}"`);
    expect((await t.http().get('/funds').expect(200)).text).not.toContain('/manage/funds/new');
    expect((await t.http().get('/funds/linked-fund').expect(200)).text).not.toContain('/manage/funds/');
  });

  it('gives a second fund of the same name its own address', async () => {
    const web = await managerSession();
    await createFund(web, 'Same Name Fund');
    const second = await createFund(web, 'Same Name Fund');
    expect(await query(t.db.url, `SELECT slug FROM funds WHERE id = $1`, [second])).toEqual([{ slug: 'same-name-fund-2' }]);
  });

  it.each([
    ['no name', { name: '', purpose: 'x', wards: 'E05001979', postcodeDistricts: '' }, 'name', 'Enter the name of the fund'],
    ['no purpose', { name: 'A', purpose: '', wards: 'E05001979', postcodeDistricts: '' }, 'purpose', 'Enter what the fund is for'],
    ['a bad ward code', { name: 'A', purpose: 'x', wards: 'Ashley', postcodeDistricts: '' }, 'wards', 'Enter ward codes as ONS codes'],
    ['a bad postcode district', { name: 'A', purpose: 'x', wards: '', postcodeDistricts: 'Bristol' }, 'postcodeDistricts', 'Enter postcode districts like BS1'],
    ['no area at all', { name: 'A', purpose: 'x', wards: '', postcodeDistricts: '' }, 'wards', 'Enter at least one ward or postcode district'],
  ])('refuses a fund with %s, and stores nothing', async (_label, fields, field, message) => {
    const web = await managerSession();
    const before = await query(t.db.url, 'SELECT count(*)::int AS n FROM funds');
    const response = await web.submit('/manage/funds/new', fields, '/manage/funds');
    expect(response.status).toBe(400);
    expect(response.text).toContain(`href="#${field}"`);
    expect(response.text).toContain(message);
    expect(await query(t.db.url, 'SELECT count(*)::int AS n FROM funds')).toEqual(before);
  });

  it.each([
    ['an unknown registry', { organisationIdentifier: 'XX-123' }, 'organisationIdentifier', 'starting with a registry prefix'],
    ['a number the registry does not use', { organisationIdentifier: 'GB-CHC-12' }, 'organisationIdentifier', 'does not look right'],
    ['an amount that is not money', { amount: 'lots' }, 'amount', 'Enter an amount in pounds'],
    ['fractions of a penny', { amount: '10.005' }, 'amount', 'nearest penny'],
    ['nothing', { amount: '0' }, 'amount', 'more than £0'],
    ['an impossible date', { 'receivedOn-day': '31', 'receivedOn-month': '2' }, 'receivedOn', 'must be a real date'],
    ['a date in the future', { 'receivedOn-year': '2999' }, 'receivedOn', 'today or in the past'],
  ])('refuses a contribution with %s, and stores nothing', async (_label, change, field, message) => {
    const web = await managerSession();
    const fundId = await createFund(web, `Refusals ${field} ${Date.now()}`);
    const fields = { organisationName: 'Council', organisationIdentifier: 'GB-LAE-BST', amount: '100', 'receivedOn-day': '1', 'receivedOn-month': '4', 'receivedOn-year': '2026', ...change };
    const response = await web.submit(`/manage/funds/${fundId}`, fields, `/manage/funds/${fundId}/contributions`);
    expect(response.status).toBe(400);
    expect(response.text).toContain(`href="#${field}"`);
    expect(response.text).toContain(message);
    expect(await query(t.db.url, 'SELECT count(*)::int AS n FROM fund_contributions WHERE fund_id = $1', [fundId])).toEqual([{ n: 0 }]);
  });

  it('keeps fund management to fund managers, and each scoped manager to their own fund', async () => {
    const web = await managerSession();
    const fundA = await createFund(web, 'Fund A');
    const fundB = await createFund(web, 'Fund B');
    const resident = await createAccount(t.db.url);
    const asResident = await managerSession(resident);
    await asResident.get('/manage/funds/new').expect(403);
    await asResident.get(`/manage/funds/${fundA}`).expect(403);
    const scoped = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: fundA }] });
    const asScoped = await managerSession(scoped);
    await asScoped.get(`/manage/funds/${fundA}`).expect(200);
    await asScoped.get(`/manage/funds/${fundB}`).expect(403);
    await asScoped.get('/manage/funds/new').expect(403);
    await t.http().get(`/manage/funds/${fundA}`).expect(303);
    await t.http().get('/funds/no-such-fund').expect(404);
  });

  describe('JSON API', () => {
    async function token(account: TestAccount, scopes: string[]): Promise<string> {
      const web = await managerSession(account);
      const page = await web.submit('/account/tokens', { name: 'api', scopes, expiry: '30' });
      return page.text.match(/id="new-token">(cp_[\w-]+)</)![1];
    }

    it('creates a fund and records a contribution, and lists funds publicly', async () => {
      const secret = await token(manager, ['funds:create', 'funds:manage']);
      const created = await t.http().post('/api/v1/funds').auth(secret, { type: 'bearer' }).send({ name: 'API Fund', purpose: 'Made through the API', areas: [{ kind: 'postcode_district', code: 'cf10' }] }).expect(201);
      expect(created.body).toMatchObject({ slug: 'api-fund', currency: 'GBP', totalPence: 0, areas: [{ kind: 'postcode_district', code: 'CF10', name: null }] });
      const funded = await t.http().post(`/api/v1/funds/${created.body.id}/contributions`).auth(secret, { type: 'bearer' }).send({ organisationIdentifier: 'GB-PLA-CRF', organisationName: 'Cardiff Council', amountPence: 2500000, receivedOn: '2026-03-31' }).expect(201);
      expect(funded.body.totalPence).toBe(2500000);
      const listed = await t.http().get('/api/v1/funds').expect(200);
      expect(listed.body.map((f: { slug: string }) => f.slug)).toContain('api-fund');
      await t.http().get(`/api/v1/funds/${created.body.id}`).expect(200);
    });

    it.each([
      ['an unknown field', { name: 'X', purpose: 'Y', areas: [{ kind: 'ward', code: 'E05001979' }], budget: 5 }, 'budget'],
      ['no areas', { name: 'X', purpose: 'Y', areas: [] }, 'areas'],
      ['a bad area kind', { name: 'X', purpose: 'Y', areas: [{ kind: 'city', code: 'BS1' }] }, 'areas.0.kind'],
      ['a bad ward code', { name: 'X', purpose: 'Y', areas: [{ kind: 'ward', code: 'BS1' }] }, 'areas'],
    ])('refuses a fund with %s, naming the field', async (_label, body, field) => {
      const secret = await token(manager, ['funds:create']);
      const response = await t.http().post('/api/v1/funds').auth(secret, { type: 'bearer' }).send(body);
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it.each([['2026-04'], ['2026-02-30'], ['20260401']])('refuses a contribution received on %s with a 400 naming receivedOn', async (receivedOn) => {
      const secret = await token(manager, ['funds:create', 'funds:manage']);
      const created = await t.http().post('/api/v1/funds').auth(secret, { type: 'bearer' }).send({ name: `Date Fund ${receivedOn}`, purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS3' }] }).expect(201);
      const response = await t.http().post(`/api/v1/funds/${created.body.id}/contributions`).auth(secret, { type: 'bearer' }).send({ organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 100, receivedOn });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain('receivedOn');
    });

    it('refuses a contribution in floating-point pounds', async () => {
      const secret = await token(manager, ['funds:create', 'funds:manage']);
      const created = await t.http().post('/api/v1/funds').auth(secret, { type: 'bearer' }).send({ name: 'Pence Fund', purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS3' }] }).expect(201);
      const response = await t.http().post(`/api/v1/funds/${created.body.id}/contributions`).auth(secret, { type: 'bearer' }).send({ organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 10.5, receivedOn: '2026-03-31' });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain('amountPence');
    });
  });
});
