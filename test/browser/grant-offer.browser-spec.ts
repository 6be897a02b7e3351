import { follow, signInThroughBrowser } from '@commonpurse/testing';
import { seedDemoInto } from '../../apps/cli/src/commands/seed.command';
import { browserJourney } from '../support/browser-journey';

jest.setTimeout(240_000);

/**
 * The grantee's side of an award, in a real Chromium on a phone-sized screen, on the demo data: the
 * demo applicant opens the application the panel awarded, reads the offer and its conditions,
 * forgets the box (and is told), then accepts. Every page scanned with axe; JavaScript on and off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('a grantee accepts a grant offer (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  it('reads the offer, is told to tick the box, accepts, and sees who accepted and when', async () => {
    const seeded = await seedDemoInto(journey.t.app);
    const applicant = seeded.accounts.find((a) => a.role === 'applicant')!;
    const page = await newPage({ phone: true });
    await signInThroughBrowser(page, { email: applicant.email, password: seeded.password });
    await page.goto('/applications');
    await accessible(page);
    await follow(page, 'main a:has-text("Draught-proofing with neighbours")');
    await accessible(page);
    await follow(page, 'main a:has-text("You have been offered a grant of £1,500")');
    await accessible(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your grant offer');
    await expect(page.locator('main').textContent()).resolves.toContain('Bristol City Council');

    await follow(page, 'main form button');
    await accessible(page);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select the box to accept the offer');

    await page.check('input[name=accept]');
    await follow(page, 'main form button');
    await accessible(page);
    await expect(page.locator('main').textContent()).resolves.toContain('You have accepted the offer');
    await expect(page.locator('main').textContent()).resolves.toMatch(/Accepted by .+ on /);
    expect(await page.locator('main form button').count()).toBe(0);
  });
});
