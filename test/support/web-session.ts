import request from 'supertest';
import type { TestApp } from './test-app';

/** The CSRF token a page's form carries. */
export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error('The page has no form with a CSRF token');
  return match[1];
}

/** A browser-like client without a browser: keeps cookies, reads each form's CSRF token before posting it. */
export class WebSession {
  readonly agent: ReturnType<typeof request.agent>;

  constructor(testApp: TestApp) {
    this.agent = request.agent(testApp.app.getHttpServer());
  }

  get(path: string) {
    return this.agent.get(path);
  }

  /** Opens the page at `formPath` (to get its token), then posts the fields to `action` (the same page by default). */
  async submit(formPath: string, fields: Record<string, string | string[]>, action = formPath.split('?')[0]) {
    const page = await this.agent.get(formPath).expect(200);
    return this.agent.post(action).type('form').send({ ...fields, _csrf: csrfTokenIn(page.text) });
  }

  async signIn(email: string, password: string) {
    const response = await this.submit('/sign-in', { email, password });
    if (response.status !== 303) throw new Error(`Sign-in failed with ${response.status}`);
    return response;
  }
}

export function linkIn(text: string, path: string): string {
  const match = text.match(new RegExp(`https?://[^\\s"]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"]*`));
  if (!match) throw new Error(`No link to ${path} in:\n${text}`);
  return match[0];
}

/** A personal access token for the JSON API, made the way a person makes one: signed in, through the tokens page. */
export async function accessToken(testApp: TestApp, account: { email: string; password: string }, scopes: string[]): Promise<string> {
  const web = new WebSession(testApp);
  await web.signIn(account.email, account.password);
  const page = await web.submit('/account/tokens', { name: 'test', scopes, expiry: '30' });
  const match = page.text.match(/id="new-token">(cp_[\w-]+)</);
  if (!match) throw new Error(`No token was made (status ${page.status})`);
  return match[1];
}
