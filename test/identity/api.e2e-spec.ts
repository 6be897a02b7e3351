import { createAccount, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

/** Creates a token through the account pages, as a person would, and returns its secret. */
async function createToken(t: TestApp, account: TestAccount, scopes: string[], name = 'script'): Promise<string> {
  const web = new WebSession(t);
  await web.signIn(account.email, account.password);
  const page = await web.submit('/account/tokens', { name, scopes, expiry: '30' });
  expect(page.status).toBe(200);
  const match = page.text.match(/id="new-token">(cp_[\w-]+)</);
  if (!match) throw new Error('no token on the page');
  return match[1];
}

describe('JSON API: bearer tokens and the one error shape', () => {
  let t: TestApp;
  let account: TestAccount;
  let readWrite: string;
  beforeAll(async () => {
    t = await startTestApp();
    account = await createAccount(t.db.url, { displayName: 'Api Person' });
    readWrite = await createToken(t, account, ['account:read', 'account:write']);
  });
  afterAll(() => t.close());

  it('answers 401 in the error shape, with the request id as correlation id, when no token is sent', async () => {
    const response = await t.http().get('/api/v1/me').set('X-Request-Id', 'test-request-0001');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), details: [], correlationId: 'test-request-0001' });
  });

  it('identifies the caller by token', async () => {
    const response = await t.http().get('/api/v1/me').auth(readWrite, { type: 'bearer' }).expect(200);
    expect(response.body).toMatchObject({ email: account.email, displayName: 'Api Person', roles: [{ role: 'resident', scopeType: 'global', scopeId: null }] });
    expect(response.body.tokenScopes.sort()).toEqual(['account:read', 'account:write']);
    expect(response.body).not.toHaveProperty('passwordHash');
  });

  it('never takes the session cookie as API credentials, however the path is written', async () => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    await web.get('/api/v1/me').expect(401);
    await web.get('/API/v1/me').expect(401);
    await web.get('/Api/V1/Me').expect(401);
  });

  it('revokes every access token when the password is reset', async () => {
    const victim = await createAccount(t.db.url);
    const secret = await createToken(t, victim, ['account:read'], 'taken over');
    await t.http().get('/api/v1/me').auth(secret, { type: 'bearer' }).expect(200);
    const web = new WebSession(t);
    await web.submit('/forgotten-password', { email: victim.email });
    const mail = await t.mail.waitFor(victim.email, (m) => m.subject === 'Reset your Commonpurse password');
    const link = new URL(mail.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)![0]);
    await web.submit(link.pathname + link.search, { token: link.searchParams.get('token')!, password: 'an entirely new passphrase' });
    await t.http().get('/api/v1/me').auth(secret, { type: 'bearer' }).expect(401);
  });

  it('refuses a token outside its scopes with 403', async () => {
    const readOnly = await createToken(t, account, ['account:read'], 'read only');
    const response = await t.http().patch('/api/v1/me').auth(readOnly, { type: 'bearer' }).send({ displayName: 'Changed' });
    expect(response.status).toBe(403);
    expect(response.body.statusCode).toBe(403);
  });

  it('refuses to issue a token with a permission the account does not hold', async () => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const page = await web.submit('/account/tokens', { name: 'greedy', scopes: ['admin:accounts'], expiry: '30' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('Select at least one permission your account has');
  });

  it('stops a revoked token at once', async () => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const created = await web.submit('/account/tokens', { name: 'to revoke', scopes: 'account:read', expiry: 'never' });
    const secret = created.text.match(/id="new-token">(cp_[\w-]+)</)![1];
    await t.http().get('/api/v1/me').auth(secret, { type: 'bearer' }).expect(200);
    const id = created.text.match(/action="\/account\/tokens\/([0-9a-f-]+)\/revoke"/)![1];
    const revoked = await web.submit('/account/tokens', {}, `/account/tokens/${id}/revoke`);
    expect(revoked.status).toBe(303);
    await t.http().get('/api/v1/me').auth(secret, { type: 'bearer' }).expect(401);
  });

  it('updates the account with a valid body', async () => {
    const response = await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).send({ language: 'cy' }).expect(200);
    expect(response.body.language).toBe('cy');
    await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).send({ language: 'en' }).expect(200);
  });

  describe('bad input gets a 400 naming the field, and changes nothing', () => {
    const cases: Array<[string, () => Record<string, unknown> | string, string]> = [
      ['an unknown field', () => ({ isAdmin: true }), 'isAdmin'],
      ['a wrong type', () => ({ displayName: 42 }), 'displayName'],
      ['a value outside the list', () => ({ language: 'fr' }), 'language'],
      ['an empty name', () => ({ displayName: '' }), 'displayName'],
      ['a name too long', () => ({ displayName: 'x'.repeat(101) }), 'displayName'],
    ];
    it.each(cases)('%s', async (_label, body, field) => {
      const response = await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).send(body());
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(response.body.correlationId).toEqual(expect.any(String));
      const me = await t.http().get('/api/v1/me').auth(readWrite, { type: 'bearer' }).expect(200);
      expect(me.body.displayName).toBe('Api Person');
    });

    it('malformed JSON', async () => {
      const response = await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).set('Content-Type', 'application/json').send('{"displayName": ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, details: [{ field: 'body', problem: 'is not valid JSON' }] });
    });

    it('an oversized body', async () => {
      const response = await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).send({ displayName: 'x'.repeat(200_000) });
      expect(response.status).toBe(413);
      expect(response.body.details[0].field).toBe('body');
    });

    it('a body that is not an object', async () => {
      const response = await t.http().patch('/api/v1/me').auth(readWrite, { type: 'bearer' }).set('Content-Type', 'application/json').send('[1,2]');
      expect(response.status).toBe(400);
    });
  });

  it('publishes the OpenAPI document with the bearer scheme', async () => {
    const response = await t.http().get('/api/docs-json').expect(200);
    expect(response.body.paths['/api/v1/me']).toHaveProperty('get');
    expect(response.body.paths['/api/v1/me']).toHaveProperty('patch');
    expect(response.body.components.securitySchemes).toHaveProperty('bearer');
    expect(Object.keys(response.body.paths).some((p: string) => p.startsWith('/sign-in'))).toBe(false);
  });

  it('answers an unknown API path with a JSON 404 and a web path with the 404 page', async () => {
    const api = await t.http().get('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body.statusCode).toBe(404);
    const web = await t.http().get('/nothing-here');
    expect(web.status).toBe(404);
    expect(web.text).toContain('Page not found');
  });
});
