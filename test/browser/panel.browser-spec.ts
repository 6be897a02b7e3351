import type { Page } from 'playwright-core';
import { createAccount, follow, query, signInThroughBrowser } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { browserJourney } from '../support/browser-journey';
import { fundWithMoney, roundTakingApplications } from '../support/funds';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(240_000);

/**
 * The community panel in a real Chromium: residents volunteer with their profile answers; the
 * facilitator sets the panel's size and quotas and draws it; the two drawn accept; one declares
 * a conflict on an application and is then refused its scores; both score; the facilitator reads
 * the scores table and shortlists an application with a rationale. The fund, round and eligible
 * applications are set up through the API (their own journeys are tested elsewhere). Every page is
 * scanned with axe; the whole journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('the community panel, from volunteers to the shortlist (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  async function submit(page: Page, selector = 'main form button[type=submit]'): Promise<void> {
    await follow(page, selector);
    await accessible(page);
  }

  it('draws a panel that meets its quotas, keeps a conflicted panellist out, and shortlists on the panel’s scores', async () => {
    const { t } = journey;
    const fund = await fundWithMoney(t, 'Eastside Fund', ['BS5']);
    const round = await roundTakingApplications(t, fund, { name: 'Summer 2028', postcode: 'BS5 6XY', criteria: ['Warm spaces'] });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    const facilitatorAccount = await createAccount(t.db.url, { roles: [{ role: 'facilitator', scopeType: 'fund', scopeId: fund.fundId }], displayName: 'Femi Facilitator' });

    // The facilitator sets the panel up: two members, asked their age.
    const facilitator = await newPage();
    await signInThroughBrowser(facilitator, facilitatorAccount);
    await facilitator.goto('/panel');
    await accessible(facilitator);
    await follow(facilitator, 'main a:has-text("Summer 2028")');
    await accessible(facilitator);
    await follow(facilitator, 'nav a:has-text("Settings and quotas")');
    await accessible(facilitator);
    await facilitator.fill('#panelSize', '2');
    await facilitator.check('input[name=profileQuestions][value=age-band]');
    await submit(facilitator);
    await expect(facilitator.locator('main').textContent()).resolves.toContain('Your age');

    // Three residents volunteer, from the round's page.
    const ages = ['16-24', '45-54', '65-74'];
    const residents: Array<{ id: string; email: string; password: string }> = [];
    for (const [i, age] of ages.entries()) {
      const account = await createAccount(t.db.url, { postcode: `BS5 ${i + 1}AB`, displayName: `Resident ${i + 1}` });
      residents.push(account);
      const page = await newPage();
      await signInThroughBrowser(page, account);
      await page.goto('/funds');
      await follow(page, 'a:has-text("Eastside Fund")');
      await follow(page, 'a:has-text("Summer 2028")');
      await follow(page, 'a:has-text("Volunteer for the panel")');
      await accessible(page);
      await page.check(`input[name="profile:age-band"][value="${age}"]`);
      await submit(page);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('you have volunteered');
      await page.context().close();
    }

    // Quotas: at least one aged 16 to 24. First a quota that cannot be met, refused with the reason.
    await facilitator.goto(`/manage/funds/${fund.fundId}/rounds/${round.roundId}/panel/settings`);
    await facilitator.fill('[name="min:age-band:16-24"]', '2');
    await submit(facilitator);
    await facilitator.fill('#seed', '12345-67890');
    await submit(facilitator);
    await expect(facilitator.locator('.govuk-error-summary').textContent()).resolves.toContain('needs at least 2, but only 1 volunteers gave that answer');
    await facilitator.goto(`/manage/funds/${fund.fundId}/rounds/${round.roundId}/panel/settings`);
    await facilitator.fill('[name="min:age-band:16-24"]', '1');
    await submit(facilitator);
    await expect(facilitator.locator('main').textContent()).resolves.toContain('16 to 24 – 1 to 2');
    await facilitator.fill('#seed', '12345-67890');
    await submit(facilitator);
    await expect(facilitator.locator('h1').textContent()).resolves.toBe('The draw’s record');
    await expect(facilitator.locator('main').textContent()).resolves.toContain('12345-67890');

    const drawn = await query<{ account_id: string }>(t.db.url, `SELECT account_id FROM panel_members ORDER BY account_id`);
    expect(drawn).toHaveLength(2);
    const panellists = residents.filter((r) => drawn.some((d) => d.account_id === r.id));
    expect(panellists.map((p) => ages[residents.indexOf(p)])).toContain('16-24');

    // Review opens.
    for (const from of ['applications', 'screening']) await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);

    // Each panellist accepts, declares, and scores what they may.
    for (const [i, account] of panellists.entries()) {
      const page = await newPage();
      await signInThroughBrowser(page, account);
      await page.goto('/panel');
      await accessible(page);
      await page.check('input[name=status][value=accepted]');
      await submit(page);
      await expect(page.locator('h1').textContent()).resolves.toBe('The panel’s applications');
      // The first is a member of the lunch club's group.
      await page.check(`input[name="conflict:${applicationIds[0]}"][value=${i === 0 ? 'member' : 'none'}]`);
      await page.check(`input[name="conflict:${applicationIds[1]}"][value=none]`);
      if (i === 0) await page.fill(`#detail-${applicationIds[0]}`, 'I help run the lunch club');
      await submit(page, '#declarations-submit');
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your declarations have been saved');
      if (i === 0) {
        await expect(page.locator(`main a[href$="${applicationIds[0]}"]`).count()).resolves.toBe(0);
        const refused = await page.goto(`/panel/rounds/${round.roundId}/applications/${applicationIds[0]}/scores`);
        expect(refused?.status()).toBe(403);
        await expect(page.locator('main').textContent()).resolves.toContain('You have declared a conflict with this application');
        await accessible(page);
        await page.goBack();
      }
      for (const id of i === 0 ? [applicationIds[1]] : applicationIds) {
        await page.goto(`/panel/rounds/${round.roundId}`);
        await follow(page, `main a[href$="/applications/${id}"]`);
        await accessible(page);
        await page.check(`input[name="score:${round.criterionIds[0]}"][value="${id === applicationIds[0] ? 5 : 2 + i}"]`);
        await page.fill('#comment', `Panellist ${i + 1} on this one`);
        await submit(page, '#scores');
        await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your score has been saved');
      }
      await page.context().close();
    }

    // The facilitator reads the scores and shortlists the lunch club.
    await facilitator.goto(`/manage/funds/${fund.fundId}/rounds/${round.roundId}/panel/scores`);
    await accessible(facilitator);
    const firstRow = await facilitator.locator('main table tbody tr').first().textContent();
    expect(firstRow).toContain('Lunch club');
    expect(firstRow).toContain('5.00');
    await follow(facilitator, 'main a:has-text("Lunch club")');
    await accessible(facilitator);
    await expect(facilitator.locator('main').textContent()).resolves.toContain('Left out because of a conflict');
    await facilitator.check('input[name=outcome][value=shortlisted]');
    await facilitator.fill('#rationale', 'A warm space every week, well run and good value.');
    await submit(facilitator);
    await expect(facilitator.locator('.govuk-notification-banner').textContent()).resolves.toContain('The decision has been saved');
    expect(await query(t.db.url, `SELECT outcome, rationale FROM panel_decisions`)).toEqual([{ outcome: 'shortlisted', rationale: 'A warm space every week, well run and good value.' }]);
  });
});
