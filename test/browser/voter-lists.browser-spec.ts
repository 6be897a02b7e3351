import { createHash } from 'node:crypto';
import { follow, query, signInThroughBrowser } from '@commonpurse/testing';
import { seedDemoInto } from '../../apps/cli/src/commands/seed.command';
import { browserJourney } from '../support/browser-journey';

jest.setTimeout(240_000);

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A fund manager readies a vote that asks staff to confirm residents, in a real Chromium, on the
 * demo data: uploads the council's list from the fund's page (a bad file first, refused line by
 * line), confirms a resident against it, asks the round's vote to use it, and opens the paper
 * batches page. Every page is scanned with axe; the journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('a fund manager readies the council’s eligibility list (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  it('uploads the list, confirms a resident, sets the vote to use it, and opens the paper batches', async () => {
    const seeded = await seedDemoInto(journey.t.app);
    const manager = seeded.accounts.find((a) => a.role === 'fund_manager')!;
    const resident = seeded.accounts.find((a) => a.role === 'resident')!;
    const page = await newPage();
    await signInThroughBrowser(page, { email: manager.email, password: seeded.password });
    const [round] = await query<{ id: string; fund_id: string }>(journey.t.db.url, `SELECT id, fund_id FROM rounds WHERE name = 'Neighbours Together 2027'`);
    await page.goto(`/manage/funds/${round.fund_id}`);
    await follow(page, 'main a:text-is("Council eligibility list")');
    await accessible(page);
    await expect(page.locator('#no-list').count()).resolves.toBe(1);

    await page.setInputFiles('#file', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(`identifier_sha256\n${sha('EL1234')}\nEL1234\n`) });
    await follow(page, '#list-upload');
    await accessible(page);
    await expect(page.locator('.govuk-error-summary a').allTextContents()).resolves.toEqual(['Line 3: this is not a SHA-256 digest (64 hexadecimal characters)']);

    await page.setInputFiles('#file', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(`identifier_sha256\n${sha('EL1234')}\n${sha('EL5678')}\n`) });
    await follow(page, '#list-upload');
    await accessible(page);
    await expect(page.locator('.govuk-notification-banner--success').textContent()).resolves.toContain('The list is uploaded: 2 residents');

    await page.fill('#voterEmail', resident.email);
    await page.fill('#identifier', 'el-12 34');
    await follow(page, '#confirm-voter');
    await accessible(page);
    await expect(page.locator('.govuk-notification-banner--success').textContent()).resolves.toContain('The resident is confirmed on the council’s list.');

    // The round still ahead of its vote: its ballot settings take the list.
    await page.goto(`/manage/funds/${round.fund_id}/rounds/${round.id}/vote`);
    await accessible(page);
    await page.check('input[name="verification"][value="council-list"]');
    await follow(page, '#settings-save');
    await accessible(page);
    await expect(page.locator('input[name="verification"][value="council-list"]').isChecked()).resolves.toBe(true);
    expect(await query(journey.t.db.url, `SELECT verification FROM ballot_settings WHERE round_id = $1`, [round.id])).toEqual([{ verification: 'council-list' }]);

    await page.goto(`/manage/funds/${round.fund_id}/rounds/${round.id}/vote/batches`);
    await accessible(page);
    await expect(page.locator('h1').textContent()).resolves.toContain('paper ballots');
  });
});
