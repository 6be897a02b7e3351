import type { Browser, Page } from 'playwright-core';
import { follow, launchBrowser, seriousA11yViolations, uniqueEmail } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { linkIn } from '../support/web-session';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(180_000);

/**
 * A resident's first visit, in a real Chromium: register, open the verification link from
 * the email, sign in, sign out. Every page on the way is scanned with axe, and a serious or
 * critical accessibility problem fails the journey. The journey runs again with JavaScript
 * off, to prove every page works without it (axe itself needs JavaScript, so that run only walks).
 */
describe.each([
  { language: 'en', javaScript: true, text: { register: 'Create an account', checkEmail: 'Check your email', verified: 'Email address confirmed', account: 'Your account', signOut: 'Sign out', signedOut: 'You have signed out', errorSummary: 'There is a problem' } },
  { language: 'cy', javaScript: true, text: { register: 'Creu cyfrif', checkEmail: 'Gwiriwch eich e-bost', verified: 'Cyfeiriad e-bost wedi’i gadarnhau', account: 'Eich cyfrif', signOut: 'Allgofnodi', signedOut: 'Rydych wedi allgofnodi', errorSummary: 'Mae problem wedi codi' } },
  { language: 'cy', javaScript: false, text: { register: 'Creu cyfrif', checkEmail: 'Gwiriwch eich e-bost', verified: 'Cyfeiriad e-bost wedi’i gadarnhau', account: 'Eich cyfrif', signOut: 'Allgofnodi', signedOut: 'Rydych wedi allgofnodi', errorSummary: 'Mae problem wedi codi' } },
])('account journey in $language (JavaScript $javaScript)', ({ language, javaScript, text }) => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const visited: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL: t.url });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Checks the page just reached: right language, no serious accessibility problem. */
  async function arrive(heading: string): Promise<void> {
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await expect(page.locator('h1, .govuk-panel__title').first().textContent()).resolves.toContain(heading);
    visited.push(new URL(page.url()).pathname);
    if (javaScript) expect({ page: page.url(), violations: await seriousA11yViolations(page) }).toEqual({ page: page.url(), violations: [] });
  }

  it('registers, verifies by email, signs in and signs out', async () => {
    const email = uniqueEmail(`journey-${language}`);
    const password = 'three random words here';

    await page.goto(`/?lang=${language}`);
    await arrive('');

    await follow(page, `.govuk-service-navigation a[href="/register"]`);
    await arrive(text.register);

    // Submitting the empty form shows the error summary, which must be accessible too.
    await follow(page, 'form button[type=submit]');
    await arrive(text.register);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(text.errorSummary);

    await page.fill('#displayName', 'Journey Person');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await follow(page, 'form button[type=submit]');
    await arrive(text.checkEmail);

    const mail = await t.mail.waitFor(email);
    await page.goto(linkIn(mail.text, '/verify-email'));
    await arrive(text.verified);

    await follow(page, 'a.govuk-button[href="/sign-in"]');
    await arrive('');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await follow(page, 'form button[type=submit]');
    await arrive(text.account);
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(email);

    await follow(page, `.govuk-service-navigation a[href="/sign-out"]`);
    await arrive('');
    await follow(page, 'form button[type=submit]');
    await arrive(text.signedOut);

    await page.goto('/account');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(visited).toEqual(['/', '/register', '/register', '/register', '/verify-email', '/sign-in', '/account', '/sign-out', '/signed-out']);
  });

  it('shows the statement pages accessibly', async () => {
    for (const path of ['/accessibility', '/cookies', '/privacy', '/forgotten-password', '/funds', '/nothing-here']) {
      await page.goto(path);
      if (javaScript) expect({ path, violations: await seriousA11yViolations(page) }).toEqual({ path, violations: [] });
      expect(await page.getAttribute('html', 'lang')).toBe(language);
    }
  });
});

describe('the accessibility check itself', () => {
  it('reports a serious violation when there is one', async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a></main></body></html>');
      const ids = (await seriousA11yViolations(page)).map((v) => v.id);
      expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang']));
    } finally {
      await browser.close();
    }
  });
});
