import type { Page } from 'playwright-core';
import { createAccount, follow, signInThroughBrowser } from '@commonpurse/testing';
import { browserJourney } from '../support/browser-journey';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(180_000);

/** The UK calendar day `offset` days from today, as the date boxes want it: [day, month, year]. */
function ukDay(offset: number): [string, string, string] {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.now() + offset * 86_400_000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return [part('day'), part('month'), part('year')];
}

/**
 * The co-design journey in a real Chromium: a fund manager sets up a fund pooled by two funders
 * and a round whose co-design opens today; two residents propose and endorse priorities; the
 * manager adopts two of them; the public round page shows the criteria with their trail.
 * Every page is scanned with axe; the whole journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('co-design from fund to published criteria (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  async function propose(page: Page, title: string, description: string): Promise<void> {
    await follow(page, 'a[href$="/priorities/new"]');
    await accessible(page);
    await page.fill('#title', title);
    await page.fill('#description', description);
    await follow(page, 'form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toContain(title);
    await accessible(page);
  }

  /** On the board: presses "Add a dot" on the priority with this title. */
  async function addDot(page: Page, title: string): Promise<void> {
    const item = page.locator('li', { has: page.locator(`h3:has-text("${title}")`) });
    await Promise.all([page.waitForEvent('framenavigated'), item.locator('button[value=endorse]').click()]);
    await page.waitForLoadState('load');
  }

  it('takes residents’ priorities into the round’s published criteria, with the trail back to them', async () => {
    const { t } = journey;
    // The fund manager sets up the fund and its round.
    const managerAccount = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    const manager = await newPage();
    await signInThroughBrowser(manager, managerAccount);
    await manager.goto('/manage/funds/new');
    await manager.fill('#name', 'Harbourside Fund');
    await manager.fill('#purpose', 'Grants for groups on and around the harbourside.');
    await manager.fill('#postcodeDistricts', 'BS1');
    await follow(manager, 'form button[type=submit]');
    for (const [name, identifier, amount] of [['Bristol City Council', 'GB-LAE-BST', '30000'], ['Harbour Trust', 'GB-CHC-1234567', '10000']]) {
      await manager.fill('#organisationName', name);
      await manager.fill('#organisationIdentifier', identifier);
      await manager.fill('#amount', amount);
      await manager.fill('#receivedOn-day', '1');
      await manager.fill('#receivedOn-month', '4');
      await manager.fill('#receivedOn-year', '2026');
      await follow(manager, 'form button[type=submit]');
    }
    await expect(manager.locator('main').textContent()).resolves.toContain('£40,000 in total');
    await accessible(manager);

    await follow(manager, 'a[href$="/rounds/new"]');
    await manager.fill('#name', 'Harbour 2027');
    await manager.fill('#budget', '30000');
    await manager.fill('#grantMin', '500');
    await manager.fill('#grantMax', '5000');
    const phase = async (name: string, opens: number, closes: number) => {
      await manager.check(`#${name}-enabled`);
      for (const [i, part] of ['day', 'month', 'year'].entries()) {
        await manager.fill(`#${name}-opens-${part}`, ukDay(opens)[i]);
        await manager.fill(`#${name}-closes-${part}`, ukDay(closes)[i]);
      }
    };
    await phase('co-design', 0, 14);
    await phase('applications', 15, 45);
    await phase('public-vote', 46, 60);
    await follow(manager, 'form button[type=submit]');
    await expect(manager.locator('main').textContent()).resolves.toContain('Co-design is open now');
    await accessible(manager);
    const manageRound = manager.url();

    // Two residents of BS1 propose priorities and place their dots.
    const [first, second] = await Promise.all([createAccount(t.db.url, { postcode: 'BS1 4DJ' }), createAccount(t.db.url, { postcode: 'BS1 5TR' })]);
    const one = await newPage();
    await signInThroughBrowser(one, first);
    await one.goto('/funds/harbourside-fund/rounds/harbour-2027');
    await accessible(one);
    await follow(one, 'a[href$="/priorities"]');
    await expect(one.locator('h1').textContent()).resolves.toContain('What should this money be for?');
    await accessible(one);
    await propose(one, 'Safe places to swim', 'Children jump off the harbour wall. A supervised swimming spot would keep them safe.');
    await one.goto('/funds/harbourside-fund/rounds/harbour-2027/priorities');
    await propose(one, 'Clean the harbour water', 'Litter and oil collect by the footbridge.');
    await one.goto('/funds/harbourside-fund/rounds/harbour-2027/priorities');
    await addDot(one, 'Safe places to swim');
    await expect(one.locator('#dots').textContent()).resolves.toContain('You have 4 of your 5 endorsement dots left.');
    await accessible(one);

    const two = await newPage();
    await signInThroughBrowser(two, second);
    await two.goto('/funds/harbourside-fund/rounds/harbour-2027/priorities');
    await propose(two, 'Swimming lessons for adults', 'Many adults here never learned to swim.');
    await two.goto('/funds/harbourside-fund/rounds/harbour-2027/priorities');
    await addDot(two, 'Safe places to swim');
    await addDot(two, 'Safe places to swim');
    await addDot(two, 'Clean the harbour water');
    const ranked = await two.locator('ol.app-priorities h3').allTextContents();
    expect(ranked.map((s) => s.trim())).toEqual(['Safe places to swim', 'Clean the harbour water', 'Swimming lessons for adults']);
    await expect(two.locator('main').textContent()).resolves.toContain('Endorsement dots: 3');
    await accessible(two);

    // The fund manager adopts two priorities, one with a second priority behind it.
    await manager.goto(manageRound);
    await follow(manager, 'a[href$="/co-design"]');
    await accessible(manager);
    const adopt = async (priority: string, title: string, description: string, weight: string, alsoBehind?: string) => {
      const row = manager.locator('tr', { has: manager.locator(`a:text-is("${priority}")`) });
      await Promise.all([manager.waitForEvent('framenavigated'), row.locator('a[href*="/criteria/new"]').click()]);
      await manager.waitForLoadState('load');
      await accessible(manager);
      await manager.fill('#title', title);
      await manager.fill('#description', description);
      await manager.fill('#weight', weight);
      if (alsoBehind) await manager.locator('label', { hasText: alsoBehind }).click();
      await follow(manager, 'form button[value=save]');
      await expect(manager.locator('#criteria ~ .app-criterion').first().textContent()).resolves.toBeTruthy();
    };
    await adopt('Safe places to swim', 'Safe swimming', 'Projects that help people swim safely in and around the harbour.', '2', 'Swimming lessons for adults');
    await adopt('Clean the harbour water', 'A cleaner harbour', 'Projects that keep the water and its banks clean.', '1');
    await accessible(manager);

    // Anyone can see the criteria and the residents' priorities behind them.
    const visitor = await newPage();
    await visitor.goto('/funds/harbourside-fund/rounds/harbour-2027');
    const criteria = visitor.locator('.app-criterion');
    await expect(criteria.count()).resolves.toBe(2);
    const safe = (await criteria.nth(0).textContent()) ?? '';
    expect(safe).toContain('Safe swimming');
    expect(safe).toContain('67% of the panel’s score');
    expect(safe).toContain('Safe places to swim');
    expect(safe).toContain('Swimming lessons for adults');
    expect(safe).toContain('residents behind it: 2');
    expect((await criteria.nth(1).textContent()) ?? '').toContain('Clean the harbour water');
    await expect(visitor.locator('main').textContent()).resolves.toContain('Co-designed with residents: 2 so far.');
    await accessible(visitor);
    await follow(visitor, '.app-criterion a:text-is("Swimming lessons for adults")');
    await expect(visitor.locator('main').textContent()).resolves.toContain('Adopted into the round’s criteria as');
    await accessible(visitor);
  });
});
