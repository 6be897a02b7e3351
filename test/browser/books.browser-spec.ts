import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { validateGrantSchema } from '@commonpurse/exports';
import { follow, signInThroughBrowser } from '@commonpurse/testing';
import { seedDemoInto } from '../../apps/cli/src/commands/seed.command';
import { browserJourney } from '../support/browser-journey';

jest.setTimeout(240_000);

/**
 * An auditor's visit, in a real Chromium, on the demo data `npm start` makes: signs in, finds the
 * fund's books, reads where the money is and the verification report, and downloads the ledger
 * (CSV) and the awards as 360Giving data (JSON). Every page is scanned with axe; the journey runs
 * again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('an auditor reads and exports the books (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  async function download(page: Page, selector: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return readFile((await file.path())!, 'utf8');
  }

  it('signs in, views the books and the verification report, and downloads the ledger CSV and the 360Giving JSON', async () => {
    const seeded = await seedDemoInto(journey.t.app);
    const auditor = seeded.accounts.find((a) => a.role === 'auditor')!;
    const page = await newPage();
    await signInThroughBrowser(page, { email: auditor.email, password: seeded.password });
    await page.goto('/');
    await follow(page, 'main a:text-is("Funds’ books: for fund managers and auditors")');
    await accessible(page);
    await follow(page, 'main a:text-is("Bristol Neighbourhood Fund")');
    await accessible(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('The fund’s books');
    const table = await page.locator('table').first().textContent();
    expect(table).toContain('£75,000');
    await expect(page.locator('main').textContent()).resolves.toContain('Warm welcome mornings');

    await follow(page, 'main a:text-is("Open the verification report")');
    await accessible(page);
    await expect(page.locator('.govuk-panel__title').textContent()).resolves.toContain('The books hold');
    await follow(page, 'a.govuk-back-link');

    const csv = await download(page, 'main a:text-is("Ledger entries (CSV)")');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(8);
    expect(lines[0].toLowerCase()).toContain('debit');

    const pkg = JSON.parse(await download(page, 'main a:text-is("Awards as 360Giving data (JSON)")'));
    expect(pkg.grants).toHaveLength(2);
    for (const grant of pkg.grants) expect(validateGrantSchema(grant)).toEqual([]);
  });
});
