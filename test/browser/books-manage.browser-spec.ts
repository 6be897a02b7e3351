import { follow, signInThroughBrowser } from '@commonpurse/testing';
import { seedDemoInto } from '../../apps/cli/src/commands/seed.command';
import { browserJourney } from '../support/browser-journey';

jest.setTimeout(240_000);

/**
 * A fund manager's visit to the books, in a real Chromium, on the demo data `npm start` makes (its
 * first award accepted and half paid): opens the books and that award, sends the payment form
 * empty (and reads the problems), records the rest of the payment, and sees the award paid in
 * full. Every page is scanned with axe; the journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('a fund manager pays the rest of an award (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  it('opens the books and the part-paid award, records the rest of its payment and sees it paid', async () => {
    const seeded = await seedDemoInto(journey.t.app);
    const manager = seeded.accounts.find((a) => a.role === 'fund_manager')!;
    const page = await newPage();
    await signInThroughBrowser(page, { email: manager.email, password: seeded.password });
    await page.goto('/books');
    await accessible(page);
    await follow(page, 'main a:text-is("Bristol Neighbourhood Fund")');
    await accessible(page);

    await follow(page, 'main table tr:has-text("Part paid") a');
    await accessible(page);
    const unpaid = (await page.locator('.govuk-summary-list__row:has-text("Still to pay") .govuk-summary-list__value').textContent())!.trim();
    expect(unpaid).toMatch(/^£[\d,]+(\.\d\d)?$/);

    // Sent empty, the form comes back with the error summary, each problem beside its box.
    await follow(page, '#payment-submit');
    await accessible(page);
    await expect(page.locator('.govuk-error-summary a').allTextContents()).resolves.toEqual(['Enter the amount, in pounds', 'Enter the date, with a day, a month and a year', 'Enter the payment reference, in 100 characters or fewer']);

    const today = new Date();
    await page.fill('#amount', unpaid);
    await page.fill('#paidOn-day', String(today.getUTCDate()));
    await page.fill('#paidOn-month', String(today.getUTCMonth() + 1));
    await page.fill('#paidOn-year', String(today.getUTCFullYear()));
    await page.fill('#reference', 'DEMO-BACS-0002');
    await follow(page, '#payment-submit');
    await accessible(page);
    await expect(page.locator('.govuk-notification-banner--success').textContent()).resolves.toContain('Payment recorded');
    await expect(page.locator('.govuk-summary-list__row:has-text("Status") .govuk-summary-list__value').textContent()).resolves.toContain('Paid in full');
    await expect(page.locator('main table').last().textContent()).resolves.toContain('DEMO-BACS-0002');
    // Nothing is left to pay, so there is no payment form.
    await expect(page.locator('#payment-submit').count()).resolves.toBe(0);

    await follow(page, 'a.govuk-back-link');
    await accessible(page);
    await expect(page.locator('main table tr:has-text("Paid in full")').count()).resolves.toBe(1);
  });
});
