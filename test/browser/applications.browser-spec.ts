import type { Page } from 'playwright-core';
import { createAccount, follow, signInThroughBrowser } from '@commonpurse/testing';
import { fundWithMoney, roundTakingApplications } from '../support/funds';
import { browserJourney } from '../support/browser-journey';

// A journey through a real browser, with an axe scan of every page, takes a while on a busy 2-core machine.
jest.setTimeout(240_000);

/**
 * Applying in a real Chromium: a resident creates their group, fills the task list over two
 * sessions (signing out in between), uploads a file and submits; the officer asks for more
 * information; the applicant answers and sends it again; the officer marks it eligible. Every
 * page is scanned with axe; the whole journey runs again with JavaScript off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])('applying for a grant (JavaScript $javaScript)', ({ javaScript }) => {
  const journey = browserJourney(javaScript);
  const { newPage, accessible } = journey;

  /** Opens a section from the task list by its name. */
  async function openSection(page: Page, name: string): Promise<void> {
    await follow(page, `.govuk-task-list a:text-is("${name}")`);
    await accessible(page);
  }
  const saveComplete = (page: Page) => follow(page, 'button[value=complete]');

  it('goes from a new group to an eligible application, with a request for more information on the way', async () => {
    const { t } = journey;
    const fund = await fundWithMoney(t, 'Harbour Grants', ['BS1']);
    await roundTakingApplications(t, fund, {
      name: 'Harbour Small Grants 2027',
      postcode: 'BS1 4DJ',
      criteria: ['Cleaner water'],
      questions: [{ type: 'yes-no', label: 'Is your group run by volunteers?', required: true }],
    });
    const resident = await createAccount(t.db.url, { displayName: 'Ffion Resident' });

    // First session: the group, and a start on the project.
    const page = await newPage();
    await signInThroughBrowser(page, resident);
    await page.goto('/funds/harbour-grants/rounds/harbour-small-grants-2027');
    await follow(page, 'a[href$="/apply"]');
    await accessible(page);
    await follow(page, 'form button.govuk-button--start');
    await expect(page.locator('.govuk-task-list').textContent()).resolves.toContain('Not yet started');
    await accessible(page);
    await openSection(page, 'Your organisation');
    await follow(page, 'a[href^="/organisations/new"]');
    await accessible(page);
    await page.fill('#name', 'Harbour Litter Pickers');
    await page.check('#type-2'); // registered charity
    await page.fill('#registrationNumber', '1098765');
    await page.fill('#addressLine1', '5 Quay Street');
    await page.fill('#town', 'Bristol');
    await page.fill('#postcode', 'BS1 4DJ');
    await page.fill('#contactName', 'Ffion Resident');
    await page.fill('#contactEmail', 'ffion@example.org');
    await follow(page, 'form button[type=submit]');
    await expect(page.locator('input[name=organisationId]:checked').count()).resolves.toBe(1);
    await accessible(page);
    await saveComplete(page);
    await openSection(page, 'About your project');
    await page.fill('#title', 'Clean the quayside');
    await follow(page, 'button[value=draft]');
    await expect(page.locator('.govuk-task-list').textContent()).resolves.toContain('In progress');
    await follow(page, '.govuk-service-navigation a[href="/sign-out"]');
    await follow(page, 'form button[type=submit]');

    // Second session: everything else, a file, and the submission.
    await signInThroughBrowser(page, resident);
    await page.goto('/applications');
    await accessible(page);
    await follow(page, 'a:text-is("Clean the quayside")');
    await openSection(page, 'About your project');
    await expect(page.inputValue('#title')).resolves.toBe('Clean the quayside');
    await page.fill('#summary', 'Monthly litter picks along the harbour, with kit for volunteers.');
    await page.fill('#description', 'We will pick litter every month and record what we find.');
    for (const [field, [d, m, y]] of [['startOn', ['1', '9', '2027']], ['endOn', ['31', '8', '2028']]] as const) {
      await page.fill(`#${field}-day`, d);
      await page.fill(`#${field}-month`, m);
      await page.fill(`#${field}-year`, y);
    }
    await saveComplete(page);
    await openSection(page, 'Where, and which priorities');
    await page.check('input[name=areaCode][value=BS1]');
    await page.check('input[name=criterionIds]');
    await saveComplete(page);
    await openSection(page, 'Money and budget');
    await page.fill('#amount', '1200');
    await page.fill('#line-0-item', 'Litter pickers and bags');
    await page.fill('#line-0-amount', '700');
    await page.fill('#line-1-item', 'Waders');
    await page.fill('#line-1-amount', '400');
    await saveComplete(page);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('must add up to the amount');
    await accessible(page);
    await page.fill('#line-1-amount', '500');
    await saveComplete(page);
    await openSection(page, 'The fund’s questions');
    await page.check('input[value=yes]');
    await saveComplete(page);
    await openSection(page, 'Supporting documents');
    await page.setInputFiles('#file', { name: 'constitution.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nHarbour Litter Pickers constitution\n%%EOF') });
    await follow(page, 'form[enctype="multipart/form-data"] button');
    await expect(page.locator('#files').textContent()).resolves.toContain('constitution.pdf');
    await accessible(page);
    await saveComplete(page);
    await follow(page, 'a[href$="/check"]');
    await accessible(page);
    await page.check('input[name=declaration]');
    await follow(page, 'form[action$="/submit"] button');
    const reference = ((await page.locator('.govuk-panel__body strong').textContent()) ?? '').trim();
    expect(reference).toMatch(/^HSG27-0001$/);
    await accessible(page);

    // The officer asks for more information.
    const officer = await newPage();
    await signInThroughBrowser(officer, fund.managerAccount);
    await officer.goto(`/manage/funds/${fund.fundId}`);
    await follow(officer, 'a:text-is("Harbour Small Grants 2027")');
    await follow(officer, 'a[href$="/applications"]');
    await accessible(officer);
    await follow(officer, `a:text-is("${reference}")`);
    await expect(officer.locator('main').textContent()).resolves.toContain('Its address is in the fund’s area.');
    await accessible(officer);
    const decide = async (decision: string, reason: string) => {
      await officer.check(`input[name=decision][value=${decision}]`);
      if (decision === 'needs-info') {
        const [d, m, y] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(Date.now() + 5 * 86_400_000)).split('/');
        await officer.fill('#infoUntil-day', d);
        await officer.fill('#infoUntil-month', m);
        await officer.fill('#infoUntil-year', y);
      }
      await officer.fill('#reason', reason);
      await follow(officer, 'form[action$="/screening"] button');
    };
    await decide('needs-info', 'Please tell us where you will store the kit.');
    await expect(officer.locator('main').textContent()).resolves.toContain('Please tell us where you will store the kit.');
    await accessible(officer);

    // The applicant answers and sends it again.
    await page.goto('/applications');
    await follow(page, 'a:text-is("Clean the quayside")');
    await expect(page.locator('main').textContent()).resolves.toContain('Please tell us where you will store the kit.');
    await accessible(page);
    await openSection(page, 'About your project');
    await page.fill('#description', 'We will pick litter every month and record what we find. The kit is kept in the harbour master’s store.');
    await saveComplete(page);
    await follow(page, 'a[href$="/check"]');
    await page.check('input[name=declaration]');
    await follow(page, 'form[action$="/submit"] button');
    await expect(page.locator('.govuk-panel__body').textContent()).resolves.toContain(reference);

    // The officer marks it eligible.
    await officer.reload();
    await decide('eligible', 'Meets every rule of the round.');
    await page.goto('/applications');
    await expect(page.locator('main').textContent()).resolves.toContain('Eligible');
    await accessible(page);
  });
});
