import type { Page } from 'playwright-core';
import { createAccount, follow, query, signInThroughBrowser } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { browserJourney } from '../support/browser-journey';
import { fundWithMoney, roundTakingApplications } from '../support/funds';
import { accessToken } from '../support/web-session';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(240_000);

/**
 * The public vote in a real Chromium, on a phone-sized screen: an eligible resident declares their
 * date of birth, votes, changes the ballot, confirms and is given a receipt; staff type in a paper
 * ballot; the vote closes; the fund manager counts and publishes; the results page explains every
 * project; the receipt finds the resident's ballot in the downloaded ballot file. The round's set-up
 * (fund, applications, shortlist) goes through the API. Every page is scanned with axe; the whole
 * journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('the public vote, from ballot to published results (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  async function submit(page: Page, selector = 'main form button[type=submit]'): Promise<void> {
    await follow(page, selector);
    await accessible(page);
  }

  it('takes a resident’s vote and a paper ballot into published, explained results their receipt can check', async () => {
    const { t } = journey;
    const fund = await fundWithMoney(t, 'Riverside Fund', ['BS5']);
    const round = await roundTakingApplications(t, fund, { name: 'Autumn 2029', postcode: 'BS5 6XY', rules: { budgetPence: 4_000_00, grantMaxPence: 3_000_00 } });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    const advance = (from: string) => t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
    await advance('applications');
    await advance('screening');
    for (const id of applicationIds) await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Well planned and good value' }).expect(204);
    await advance('panel-review');

    // A resident votes on their phone.
    const resident = await createAccount(t.db.url, { postcode: 'BS5 7QT', displayName: 'Rhian Resident' });
    const phone = await newPage({ phone: true });
    await signInThroughBrowser(phone, resident);
    await phone.goto('/funds/riverside-fund/rounds/autumn-2029');
    await accessible(phone);
    await follow(phone, 'main a:text-is("Vote")');
    await accessible(phone);
    await phone.fill('#dateOfBirth-day', '12');
    await phone.fill('#dateOfBirth-month', '3');
    await phone.fill('#dateOfBirth-year', '1991');
    await submit(phone);
    await phone.check(`input[name=choice][value="${applicationIds[0]}"]`);
    await phone.check(`input[name=choice][value="${applicationIds[1]}"]`);
    await submit(phone);
    await expect(phone.locator('h1').textContent()).resolves.toBe('Check your vote');
    // A change of mind before confirming: back to the ballot.
    await follow(phone, 'main a:has-text("Change your choices")');
    await accessible(phone);
    await phone.uncheck(`input[name=choice][value="${applicationIds[1]}"]`);
    await phone.check(`input[name=choice][value="${applicationIds[2]}"]`);
    await submit(phone);
    const check = (await phone.locator('main').textContent())!;
    expect(check).toContain('Street trees');
    expect(check).not.toContain('Youth music');
    await submit(phone);
    expect((await phone.locator('h1').textContent())!.trim()).toBe('Vote confirmed');
    const receipt = (await phone.locator('#receipt').textContent())!.trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    // Staff type in a paper ballot from the community centre.
    const paperVoter = await createAccount(t.db.url, { postcode: 'BS5 8LS' });
    await t.http().put('/api/v1/voter/date-of-birth').auth(await accessToken(t, paperVoter, ['voting:vote']), { type: 'bearer' }).send({ dateOfBirth: '1950-06-01' }).expect(204);
    const manager = await newPage();
    await signInThroughBrowser(manager, fund.managerAccount);
    await manager.goto(`/manage/funds/${fund.fundId}/rounds/${round.roundId}`);
    await follow(manager, 'main a:text-is("The public vote")');
    await accessible(manager);
    await manager.fill('#voterEmail', paperVoter.email);
    await manager.check(`form[action$="/vote/paper"] input[name=choice][value="${applicationIds[0]}"]`);
    await submit(manager, 'form[action$="/vote/paper"] button[type=submit]');
    await expect(manager.locator('#paper-receipt').textContent()).resolves.toMatch(/[0-9A-Z]{4}-/);

    // The vote closes; the manager counts, checks and publishes.
    await advance('public-vote');
    await manager.reload();
    await accessible(manager);
    await submit(manager, '#results-count');
    await expect(manager.locator('main').textContent()).resolves.toContain('Why each project was or was not funded');
    await manager.check('input[name=confirm][value=yes]');
    await submit(manager, '#results-publish');
    await expect(manager.locator('.govuk-notification-banner').textContent()).resolves.toContain('The results have been published');

    // Anyone can read the results, with every decision explained.
    const reader = await newPage({ phone: true });
    await reader.goto('/funds/riverside-fund/rounds/autumn-2029');
    await follow(reader, 'main a:text-is("Results")');
    await accessible(reader);
    const results = (await reader.locator('main').textContent())!;
    expect(results).toContain('2 people voted');
    expect(results).toContain('Lunch club – £1,000');
    expect(results).toContain('Number 3 by support, but only £0 was left: it needed £2,000 more');

    // The receipt finds the resident's ballot, and it is in the downloaded ballot file.
    await phone.goto('/funds/riverside-fund/rounds/autumn-2029/receipt');
    await phone.fill('#code', receipt.toLowerCase());
    await submit(phone, 'main form button');
    const found = (await phone.locator('.govuk-notification-banner').textContent())!;
    expect(found).toContain('Your vote is counted');
    const ballotId = found.match(/numbered ([0-9a-f]{20})/)![1];
    const file = (await t.http().get('/funds/riverside-fund/rounds/autumn-2029/results/ballots.pb').expect(200)).text;
    expect(file.split('\n').find((line) => line.startsWith(`${ballotId};`))).toBe(`${ballotId};${[applicationIds[0], applicationIds[2]].join(',')}`);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE confirmed_at IS NOT NULL`)).toEqual([{ n: 2 }]);
  });
});
