import { startTestApp, type TestApp } from '../support/test-app';

describe('web shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(['/', '/sign-in', '/register', '/forgotten-password', '/accessibility', '/cookies', '/privacy', '/signed-out', '/verify-email/resend'])('serves %s as a GOV.UK page with the footer links', async (path) => {
    const response = await t.http().get(path).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('govuk-template');
    expect(response.text).toContain('href="/assets/commonpurse.css"');
    expect(response.text).toContain('href="/accessibility"');
    expect(response.text).toContain('href="/cookies"');
    expect(response.text).toContain('href="/privacy"');
    expect(response.text).toContain('govuk-phase-banner');
  });

  it('serves the GOV.UK Frontend assets it links to', async () => {
    const css = await t.http().get('/assets/commonpurse.css').expect(200).expect('content-type', /css/);
    // Not on GOV.UK, so never the GDS Transport typeface.
    expect(css.text).not.toContain('GDS Transport');
    expect(css.text).toContain('font-family:arial,sans-serif');
    await t.http().get('/assets/govuk-frontend.min.js').expect(200).expect('content-type', /javascript/);
    await t.http().get('/assets/init.js').expect(200);
    await t.http().get('/assets/favicon.svg').expect(200);
  });

  it('switches to Welsh and remembers the choice', async () => {
    const agent = t.http.bind(t);
    const welsh = await agent().get('/sign-in?lang=cy').expect(200);
    expect(welsh.text).toContain('<html lang="cy"');
    expect(welsh.text).toContain('Mewngofnodi');
    const cookie = welsh.headers['set-cookie'] as unknown as string[];
    const langCookie = cookie.find((c) => c.startsWith('lang=cy'));
    expect(langCookie).toBeDefined();
    const next = await agent().get('/register').set('Cookie', langCookie!.split(';')[0]).expect(200);
    expect(next.text).toContain('Creu cyfrif');
    const english = await agent().get('/register?lang=en').set('Cookie', langCookie!.split(';')[0]).expect(200);
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).toContain('Create an account');
  });

  it('offers the language switch as links to the same page', async () => {
    const response = await t.http().get('/privacy').expect(200);
    expect(response.text).toContain('href="/privacy?lang=cy"');
    expect(response.text).toContain('lang="cy"');
  });

  it('sends security headers, with a per-request script nonce', async () => {
    const first = await t.http().get('/').expect(200);
    const second = await t.http().get('/').expect(200);
    const csp = first.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(first.text).toContain(`nonce="${nonce}"`);
    expect(second.headers['content-security-policy']).not.toContain(nonce);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['x-powered-by']).toBeUndefined();
  });

  it('gives a reader of pages without forms no session at all', async () => {
    const response = await t.http().get('/privacy').expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('marks the session cookie HttpOnly and SameSite=Lax', async () => {
    const response = await t.http().get('/sign-in').expect(200);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('commonpurse.sid='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('escapes what people type when showing it back', async () => {
    const page = await t.http().get('/sign-in').expect(200);
    const token = page.text.match(/name="_csrf" value="([^"]+)"/)![1];
    const cookie = (page.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const response = await t.http().post('/register').set('Cookie', cookie).type('form').send({ _csrf: token, displayName: '<script>alert(1)</script>', email: 'bad', password: 'x' });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('<script>alert(1)</script>');
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
