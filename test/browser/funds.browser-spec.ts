import type { Browser, Page } from 'playwright-core';
import { createAccount, follow, launchBrowser, seriousA11yViolations, signInThroughBrowser } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(180_000);

/**
 * A fund manager creates a fund and records two contributions (one refused first), then the
 * public sees it: in a real Chromium, every page scanned with axe; once more with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('a fund manager sets up a fund (JavaScript $javaScript)', ({ javaScript }) => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    browser = await launchBrowser();
    page = await (await browser.newContext({ baseURL: t.url, javaScriptEnabled: javaScript })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function accessible(): Promise<void> {
    if (javaScript) expect({ page: page.url(), violations: await seriousA11yViolations(page) }).toEqual({ page: page.url(), violations: [] });
  }

  it('creates the fund, records the money, adds a round, and the public pages show them', async () => {
    const manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    await signInThroughBrowser(page, manager);

    await page.goto('/funds');
    await accessible();
    await follow(page, 'a[href="/manage/funds/new"]');
    await accessible();
    await page.fill('#name', 'Riverside Fund');
    await page.fill('#purpose', 'Grants for groups that look after the riverside.');
    await page.fill('#postcodeDistricts', 'BS1, BS3');
    await follow(page, 'form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toContain('Riverside Fund');
    await accessible();

    const record = async (name: string, identifier: string, amount: string, day: string) => {
      await page.fill('#organisationName', name);
      await page.fill('#organisationIdentifier', identifier);
      await page.fill('#amount', amount);
      await page.fill('#receivedOn-day', day);
      await page.fill('#receivedOn-month', '4');
      await page.fill('#receivedOn-year', '2026');
      await follow(page, 'form button[type=submit]');
    };
    await record('Bristol City Council', 'GB-LAE-BST', 'forty thousand', '1');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter an amount in pounds');
    await accessible();
    await record('Bristol City Council', 'GB-LAE-BST', '40000', '1');
    await record('Riverside Trust', 'GB-CHC-1234567', '10000', '2');
    await expect(page.locator('#contributions ~ table').first().textContent()).resolves.toContain('Riverside Trust');
    await accessible();

    await follow(page, 'a[href$="/rounds/new"]');
    await accessible();
    await page.fill('#name', 'Summer 2027');
    await page.fill('#budget', '20000');
    await page.fill('#grantMin', '500');
    await page.fill('#grantMax', '5000');
    const phase = async (name: string, opens: [string, string, string], closes: [string, string, string]) => {
      await page.check(`#${name}-enabled`);
      for (const [i, part] of ['day', 'month', 'year'].entries()) {
        await page.fill(`#${name}-opens-${part}`, opens[i]);
        await page.fill(`#${name}-closes-${part}`, closes[i]);
      }
    };
    await phase('applications', ['1', '6', '2027'], ['30', '6', '2027']);
    await phase('public-vote', ['1', '7', '2027'], ['14', '7', '2027']);
    await follow(page, 'form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toContain('Summer 2027');
    await expect(page.locator('main').textContent()).resolves.toContain('Public vote');
    await accessible();

    await page.goto('/funds/riverside-fund');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('£50,000 in total');
    expect(text).toContain('Summer 2027');
    expect(text).toContain('Bristol City Council');
    expect(text).toContain('Postcode district BS3');
    await accessible();
  });
});
