import { createAccount, query } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

describe('where a resident lives, and whether a fund is open to them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    const manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    const web = new WebSession(t);
    await web.signIn(manager.email, manager.password);
    await web.submit('/manage/funds/new', { name: 'Easton Fund', purpose: 'p', postcodeDistricts: 'BS5' }, '/manage/funds');
  });
  afterAll(() => t.close());

  it('takes a postcode in the account, written the standard way, and tells the resident whether they can take part', async () => {
    const resident = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(resident.email, resident.password);
    expect((await web.get('/funds/easton-fund').expect(200)).text).toContain('Add your postcode');

    expect((await web.submit('/account/preferences', { displayName: 'Rita', language: 'en', postcode: 'bs5 6aa' })).status).toBe(303);
    expect(await query(t.db.url, 'SELECT postcode FROM accounts WHERE id = $1', [resident.id])).toEqual([{ postcode: 'BS5 6AA' }]);
    expect((await web.get('/funds/easton-fund').expect(200)).text).toContain('You told us you live at BS5 6AA: you can take part');

    await web.submit('/account/preferences', { displayName: 'Rita', language: 'en', postcode: 'BS1 5TR' });
    expect((await web.get('/funds/easton-fund').expect(200)).text).toContain('outside this fund’s area');
  });

  it('refuses a postcode that is not one, naming the field, and keeps the old one', async () => {
    const resident = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(resident.email, resident.password);
    await web.submit('/account/preferences', { displayName: 'Rob', language: 'en', postcode: 'BS5 6AA' });
    const refused = await web.submit('/account/preferences', { displayName: 'Rob', language: 'en', postcode: 'BS5' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#postcode"');
    expect(refused.text).toContain('Enter a real postcode');
    expect(await query(t.db.url, 'SELECT postcode FROM accounts WHERE id = $1', [resident.id])).toEqual([{ postcode: 'BS5 6AA' }]);
  });

  it('takes and clears the postcode through the API, refusing a bad one with a 400 naming it', async () => {
    const resident = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(resident.email, resident.password);
    const secret = (await web.submit('/account/tokens', { name: 'me', scopes: ['account:read', 'account:write'], expiry: '30' })).text.match(/id="new-token">(cp_[\w-]+)</)![1];
    const set = await t.http().patch('/api/v1/me').auth(secret, { type: 'bearer' }).send({ postcode: 'cf10 1ep' }).expect(200);
    expect(set.body.postcode).toBe('CF10 1EP');
    const bad = await t.http().patch('/api/v1/me').auth(secret, { type: 'bearer' }).send({ postcode: 'nowhere' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'postcode', problem: 'Enter a real postcode, like BS1 5TR' }]);
    const cleared = await t.http().patch('/api/v1/me').auth(secret, { type: 'bearer' }).send({ postcode: null }).expect(200);
    expect(cleared.body.postcode).toBeNull();
  });
});
