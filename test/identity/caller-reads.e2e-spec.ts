import { createAccount, query } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

/**
 * Who is calling is read on every request, so it is read cheaply: a session's expiry and a
 * token's "last used" are written at most once a minute, not on every request. What the caller
 * may do is still read fresh each time: a role granted a moment ago counts at once.
 */
describe('reading the caller on every request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('moves a signed-in session’s expiry on once, not on every page view', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const expiry = async () => (await query<{ expire: Date }>(t.db.url, `SELECT expire FROM sessions WHERE sess::text LIKE $1`, [`%${account.id}%`]))[0].expire.getTime();
    // Expiry as if set an hour ago: a touch moves it on to two hours from now.
    const rewind = () => query(t.db.url, `UPDATE sessions SET expire = now() + interval '1 hour' WHERE sess::text LIKE $1`, [`%${account.id}%`]);
    await rewind();
    const rewound = await expiry();
    await web.get('/account').expect(200);
    expect(await expiry()).toBeGreaterThan(rewound + 30 * 60_000);
    await rewind();
    const again = await expiry();
    for (let i = 0; i < 3; i++) await web.get('/account').expect(200);
    expect(await expiry()).toBe(again);
  });

  it('records when a token was last used once a minute, and reads its owner’s roles fresh', async () => {
    const account = await createAccount(t.db.url);
    const token = await accessToken(t, account, ['account:read']);
    const lastUsed = async () => (await query<{ last_used_at: Date | null }>(t.db.url, `SELECT last_used_at FROM personal_access_tokens WHERE account_id = $1`, [account.id]))[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    const me = () => t.http().get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    expect((await me()).body.roles).toEqual([{ role: 'resident', scopeType: 'global', scopeId: null }]);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await me();
    await me();
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    // Used a minute ago (as far as the token knows): this use is recorded.
    await query(t.db.url, `UPDATE personal_access_tokens SET last_used_at = now() - interval '61 seconds' WHERE account_id = $1`, [account.id]);
    const before = (await lastUsed())!.getTime();
    await query(t.db.url, `INSERT INTO role_assignments (account_id, role, scope_type, scope_id) VALUES ($1, 'auditor', 'global', NULL)`, [account.id]);
    expect((await me()).body.roles).toEqual([
      { role: 'resident', scopeType: 'global', scopeId: null },
      { role: 'auditor', scopeType: 'global', scopeId: null },
    ]);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(before);
  });
});
