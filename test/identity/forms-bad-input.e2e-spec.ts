import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

/**
 * Every form, given bad input, answers 400 with the GOV.UK error summary linking to each bad
 * field, keeps what was typed, and writes nothing.
 */
describe('forms refuse bad input clearly', () => {
  let t: TestApp;
  let account: TestAccount;
  beforeAll(async () => {
    t = await startTestApp();
    account = await createAccount(t.db.url, { displayName: 'Form Person' });
  });
  afterAll(() => t.close());

  const anonymous: Array<[string, string, Record<string, string>, Record<string, string>]> = [
    ['sign in, empty', '/sign-in', { email: '', password: '' }, { email: 'Enter your email address', password: 'Enter your password' }],
    ['register, bad email and short password', '/register', { displayName: 'Sam', email: 'sam@', password: 'short' }, { email: 'Enter an email address in the correct format' }],
    ['register, name too long', '/register', { displayName: 'x'.repeat(101), email: 'long@example.org', password: 'a long enough passphrase' }, { displayName: 'Full name must be 100 characters or fewer' }],
    ['forgotten password, not an email', '/forgotten-password', { email: 'nope' }, { email: 'Enter an email address in the correct format' }],
    ['resend verification, empty', '/verify-email/resend', { email: '' }, { email: 'Enter your email address' }],
    ['reset password, no token', '/reset-password', { token: '', password: 'a long enough passphrase' }, { token: 'This reset link has expired or has already been used' }],
    ['reset password, unknown token', '/reset-password', { token: 'made-up', password: 'a long enough passphrase' }, { token: 'This reset link has expired or has already been used' }],
  ];

  it.each(anonymous)('%s', async (_label, path, fields, expected) => {
    const before = await query(t.db.url, 'SELECT (SELECT count(*) FROM accounts)::int AS a, (SELECT count(*) FROM email_tokens)::int AS e');
    const response = await new WebSession(t).submit(path, fields);
    expect(response.status).toBe(400);
    expect(response.text).toContain('govuk-error-summary');
    for (const [field, message] of Object.entries(expected)) {
      expect(response.text).toContain(`href="#${field}"`);
      expect(response.text).toContain(message);
    }
    expect(await query(t.db.url, 'SELECT (SELECT count(*) FROM accounts)::int AS a, (SELECT count(*) FROM email_tokens)::int AS e')).toEqual(before);
  });

  it('keeps what was typed (but never the password)', async () => {
    const response = await new WebSession(t).submit('/register', { displayName: 'Keep Me', email: 'keep@', password: 'short secret' });
    expect(response.text).toContain('value="Keep Me"');
    expect(response.text).toContain('value="keep@"');
    expect(response.text).not.toContain('short secret');
  });

  const signedIn: Array<[string, string, Record<string, string | string[]>, Record<string, string>]> = [
    ['preferences, empty name and no language', '/account/preferences', { displayName: '', language: 'fr' }, { displayName: 'Enter your full name', language: 'Select a language' }],
    ['token, no name and no expiry', '/account/tokens', { name: '', scopes: 'account:read', expiry: 'forever' }, { name: 'Enter a name for the token', expiry: 'Select when the token expires' }],
    ['token, no permissions', '/account/tokens', { name: 'none', expiry: '30' }, { scopes: 'Select at least one permission your account has' }],
  ];

  it.each(signedIn)('%s', async (_label, path, fields, expected) => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const response = await web.submit(path, fields);
    expect(response.status).toBe(400);
    for (const [field, message] of Object.entries(expected)) {
      expect(response.text).toContain(`href="#${field}"`);
      expect(response.text).toContain(message);
    }
    const rows = await query(t.db.url, 'SELECT display_name, language, (SELECT count(*) FROM personal_access_tokens)::int AS tokens FROM accounts WHERE id = $1', [account.id]);
    expect(rows).toEqual([{ display_name: 'Form Person', language: 'en', tokens: 0 }]);
  });

  it('answers 400, not 500, for a malformed token id in a URL', async () => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const response = await web.submit('/account/tokens', {}, '/account/tokens/not-a-uuid/revoke');
    expect(response.status).toBe(400);
  });

  it('answers 404 for revoking a token that is not yours', async () => {
    const web = new WebSession(t);
    await web.signIn(account.email, account.password);
    const response = await web.submit('/account/tokens', {}, '/account/tokens/00000000-0000-4000-8000-000000000000/revoke');
    expect(response.status).toBe(404);
  });
});
