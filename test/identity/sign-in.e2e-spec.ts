import { createAccount, query, uniqueEmail } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession, linkIn } from '../support/web-session';

describe('registration, verification and sign-in (web)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, emails a working verification link, then signs in and out', async () => {
    const web = new WebSession(t);
    const email = uniqueEmail('newcomer');
    const registered = await web.submit('/register', { displayName: 'Nia Newcomer', email, password: 'a long enough passphrase' });
    expect(registered.status).toBe(200);
    expect(registered.text).toContain('Check your email');

    // Not yet verified: sign-in is refused with the reason.
    const early = await web.submit('/sign-in', { email, password: 'a long enough passphrase' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('You need to confirm your email address');

    const mail = await t.mail.waitFor(email, (m) => m.subject === 'Confirm your email address');
    expect(mail.text).toContain('Dear Nia Newcomer');
    expect(mail.html).toContain('Confirm your email address for Commonpurse');
    const verify = await web.get(new URL(linkIn(mail.text, '/verify-email')).pathname + new URL(linkIn(mail.text, '/verify-email')).search);
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('Email address confirmed');

    const signedIn = await web.submit('/sign-in', { email: email.toUpperCase(), password: 'a long enough passphrase' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/account');
    const account = await web.get('/account').expect(200);
    expect(account.text).toContain('Nia Newcomer');
    expect(account.text).toContain('Resident');

    const out = await web.submit('/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    await web.get('/account').expect(303).expect('location', '/sign-in?returnTo=%2Faccount');
  });

  it('uses a verification link only once', async () => {
    const web = new WebSession(t);
    const email = uniqueEmail('twice');
    await web.submit('/register', { displayName: 'Twice', email, password: 'a long enough passphrase' });
    const mail = await t.mail.waitFor(email);
    const link = new URL(linkIn(mail.text, '/verify-email'));
    await web.get(link.pathname + link.search).expect(200);
    const again = await web.get(link.pathname + link.search);
    expect(again.status).toBe(410);
    expect(again.text).toContain('Get a new confirmation link');
  });

  it('does not reveal that an email is registered, and tells its owner instead', async () => {
    const owner = await createAccount(t.db.url);
    const web = new WebSession(t);
    const response = await web.submit('/register', { displayName: 'Someone Else', email: owner.email, password: 'another long passphrase' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Check your email');
    const mail = await t.mail.waitFor(owner.email);
    expect(mail.subject).toBe('You already have a Commonpurse account');
    const rows = await query(t.db.url, 'SELECT count(*)::int AS n FROM accounts WHERE email = $1', [owner.email]);
    expect(rows[0].n).toBe(1);
  });

  it('re-renders the form with the GOV.UK error summary naming each bad field, and stores nothing', async () => {
    const web = new WebSession(t);
    const before = await query(t.db.url, 'SELECT count(*)::int AS n FROM accounts');
    const response = await web.submit('/register', { displayName: '', email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('govuk-error-summary');
    expect(response.text).toContain('href="#displayName"');
    expect(response.text).toContain('Enter your full name');
    expect(response.text).toContain('Enter an email address in the correct format');
    expect(response.text).toMatch(/<title>Error: Create an account/);
    const weak = await web.submit('/register', { displayName: 'Weak', email: uniqueEmail(), password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Password must be 10 characters or more');
    const after = await query(t.db.url, 'SELECT count(*)::int AS n FROM accounts');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    const wrong = await web.submit('/sign-in', { email: account.email, password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Enter a correct email address and password');
    const unknown = await web.submit('/sign-in', { email: uniqueEmail('nobody'), password: 'not the password' });
    expect(unknown.text).toContain('Enter a correct email address and password');
  });

  it('locks sign-in for an email after five wrong passwords, even with the right one', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    for (let i = 0; i < 5; i++) await web.submit('/sign-in', { email: account.email, password: `wrong ${i}` });
    const locked = await web.submit('/sign-in', { email: account.email, password: account.password });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('too many times');
  });

  it('refuses a form post without the CSRF token', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    await web.get('/sign-in').expect(200);
    const forged = await web.agent.post('/sign-in').type('form').send({ email: account.email, password: account.password });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
  });

  it('starts a new session id on sign-in (no session fixation)', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    const page = await web.get('/sign-in');
    const before = page.headers['set-cookie']?.[0]?.split(';')[0];
    const signedIn = await web.signIn(account.email, account.password);
    const after = signedIn.headers['set-cookie']?.[0]?.split(';')[0];
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('resets a forgotten password by email and signs out every other session', async () => {
    const account = await createAccount(t.db.url);
    const elsewhere = new WebSession(t);
    await elsewhere.signIn(account.email, account.password);
    await elsewhere.get('/account').expect(200);

    const web = new WebSession(t);
    const requested = await web.submit('/forgotten-password', { email: account.email });
    expect(requested.text).toContain('we have sent it a link');
    const mail = await t.mail.waitFor(account.email, (m) => m.subject === 'Reset your Commonpurse password');
    const link = new URL(linkIn(mail.text, '/reset-password'));
    const changed = await web.submit(link.pathname + link.search, { token: link.searchParams.get('token')!, password: 'a brand new passphrase' });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('Password changed');

    await elsewhere.get('/account').expect(303);
    await web.signIn(account.email, 'a brand new passphrase');
    const reused = await web.submit(link.pathname + link.search, { token: link.searchParams.get('token')!, password: 'yet another passphrase' });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('This reset link has expired or has already been used');
  });
});
