import type { Browser, Page } from 'playwright-core';
import { createAccount, follow, launchBrowser, query, seriousA11yViolations, signInThroughBrowser, type TestAccount } from '@commonpurse/testing';
import { deliveryStatus } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(180_000);

/**
 * An admin looks at undelivered messages and the queue dashboard; a resident changes which
 * emails they get and unsubscribes through the link in an email. Every page is scanned with axe.
 */
describe('notifications in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ NOTIFY_RETRY_BASE_MS: '100' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(account: TestAccount): Promise<Page> {
    const page = await (await browser.newContext({ baseURL: t.url })).newPage();
    await signInThroughBrowser(page, account);
    return page;
  }

  async function accessible(page: Page): Promise<void> {
    expect({ page: page.url(), violations: await seriousA11yViolations(page) }).toEqual({ page: page.url(), violations: [] });
  }

  it('shows an admin the undelivered messages and the queue dashboard', async () => {
    const victim = await createAccount(t.db.url);
    t.mail.refuse(victim.email, 550, 1);
    await new WebSession(t).submit('/forgotten-password', { email: victim.email });
    expect(await deliveryStatus(t.db.url, victim.email, 'failed')).toBe('failed');

    const admin = await createAccount(t.db.url, { roles: [{ role: 'admin' }] });
    const page = await signedIn(admin);
    await page.goto('/admin/notifications/failures');
    await expect(page.locator('h1').textContent()).resolves.toContain('Undelivered notifications');
    await expect(page.locator('table').textContent()).resolves.toContain(victim.email);
    await accessible(page);

    await follow(page, 'td form button[type=submit]');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('1 queued to be sent again');
    await accessible(page);
    await t.mail.waitFor(victim.email);

    await page.goto('/admin/notifications/templates');
    await accessible(page);
    await page.goto('/admin/notifications/templates/verify-email?lang=cy');
    await accessible(page);

    await page.goto('/admin/queues');
    await page.waitForSelector('text=notifications-email', { timeout: 20_000 });
    await accessible(page);
  });

  it('lets a resident choose their emails and unsubscribe through the link in one', async () => {
    const resident = await createAccount(t.db.url, { displayName: 'Rhys Resident' });
    const page = await signedIn(resident);
    await page.goto('/account');
    await follow(page, 'a[href="/account/notifications"]');
    await accessible(page);
    await page.uncheck('input[value="reminders"]');
    await follow(page, 'form button[type=submit]');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your choices have been saved');
    expect(await page.isChecked('input[value="reminders"]')).toBe(false);
    expect(await page.isChecked('input[value="news"]')).toBe(true);
    await accessible(page);

    // An optional ("news") email for this resident goes through the outbox like any other.
    await query(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_account_id, recipient_address, language, payload)
       VALUES ('browser-news:' || $1, 'browser-news', 'already-registered', 'news', 'email', $1::uuid, $2, 'en', '{"name": "Rhys Resident"}')`,
      [resident.id, resident.email],
    );
    const mail = await t.mail.waitFor(resident.email);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = mail.html.match(/href="([^"]+\/unsubscribe\/[^"]+)"/)![1];

    const anonymous = await (await browser.newContext()).newPage();
    await anonymous.goto(link);
    await expect(anonymous.locator('h1').textContent()).resolves.toContain('Unsubscribe from news of rounds near you');
    await accessible(anonymous);
    await follow(anonymous, 'form button[type=submit]');
    await expect(anonymous.locator('h1').textContent()).resolves.toContain('You have unsubscribed');
    await accessible(anonymous);

    await page.goto('/account/notifications');
    expect(await page.isChecked('input[value="news"]')).toBe(false);
  });
});
