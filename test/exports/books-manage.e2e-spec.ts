import { randomUUID } from 'node:crypto';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** A day as the three boxes of a GOV.UK date input, named `<prefix>-day` and so on. */
const boxes = (prefix: string, days: number) => {
  const [year, month, day] = inDays(days).slice(0, 10).split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year! };
};
/** A round the panel decides alone: no public vote, so its decisions are awards. */
const PANEL_ONLY = ['co-design', 'applications', 'screening', 'panel-review', 'results', 'awards'].map((phase, i) => ({ phase, opensAt: inDays(i === 0 ? -1 : i * 10), closesAt: inDays((i + 1) * 10) }));

describe('the fund manager’s money actions on the books pages', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let applicant: ApplicantSetUp;
  let manager: WebSession;
  /** Lunch club (£1,000), Youth music (£2,000) and Park benches (£3,000), all awarded by the panel. */
  let awards: { lunch: string; music: string; benches: string };
  let books: string;

  const api = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
  });
  const postings = async () => (await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM ledger_transactions WHERE fund_id = $1`, [fund.fundId]))[0].n;
  const awardPage = (awardId: string) => `${books}/awards/${awardId}`;
  /** The applicant accepts the offer as it reads now, through the JSON API. */
  const accept = async (applicationId: string) => {
    const offer = (await api(applicant.token).get(`/api/v1/applications/${applicationId}/offer`).expect(200)).body;
    await api(applicant.token).post(`/api/v1/applications/${applicationId}/offer`, { accept: true, offerSha256: offer.offerSha256 }).expect(201);
  };

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    fund = await fundWithMoney(t, 'Payments Fund', ['BS5'], { pence: 100_000_00, scopes: ['ledger:read'] });
    books = `/manage/funds/${fund.fundId}/books`;
    const round = await roundTakingApplications(t, fund, { name: 'Spring', postcode: 'BS5 6XY', rules: { phases: PANEL_ONLY, budgetPence: 20_000_00 } });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Park benches']);
    for (const from of ['applications', 'screening']) await api(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
    for (const id of applicant.applicationIds) {
      await t.http().put(`${round.base}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'award', rationale: 'Clear need' }).expect(204);
    }
    const listed = (await api(fund.manager).get(`/api/v1/funds/${fund.fundId}/awards`).expect(200)).body.awards as Array<{ id: string; applicationId: string }>;
    const [lunch, music, benches] = applicant.applicationIds.map((id) => listed.find((a) => a.applicationId === id)!.id);
    awards = { lunch: lunch!, music: music!, benches: benches! };
    manager = new WebSession(t);
    await manager.signIn(fund.managerAccount.email, fund.managerAccount.password);
  });
  afterAll(async () => t.close());

  it('links each award, each posting and the return page from the books, for the fund’s managers', async () => {
    const page = (await manager.get(books).expect(200)).text;
    expect(page).toContain(`<a class="govuk-link" href="${awardPage(awards.lunch)}">Lunch club</a>`);
    expect(page).toContain(`href="${books}/returns"`);
    expect(page).toMatch(new RegExp(`href="${books}/transactions/[0-9a-f-]{36}/reversal">Correct<span class="govuk-visually-hidden"> posting 1</span>`));

    const award = (await manager.get(awardPage(awards.lunch)).expect(200)).text;
    expect(award).toContain('<h1 class="govuk-heading-l">Lunch club</h1>');
    expect(award).toContain('Community panel');
    expect(award).toContain('Not accepted yet');
    // Nothing can be paid before the grantee accepts; tranches can still be scheduled, and the award withdrawn.
    expect(award).toContain('Payments can be recorded once the grantee has accepted the grant offer.');
    expect(award).not.toContain(`action="${awardPage(awards.lunch)}/payments"`);
    expect(award).toContain(`action="${awardPage(awards.lunch)}/tranches"`);
    expect(award).toContain(`action="${awardPage(awards.lunch)}/withdrawal"`);
  });

  it('records a payment once the offer is accepted, refusing more than is unpaid and a date that is not real, and writing nothing then', async () => {
    await accept(applicant.applicationIds[0]);
    const path = awardPage(awards.lunch);
    const before = await postings();

    const tooMuch = await manager.submit(path, { amount: '1,500', ...boxes('paidOn', 0), reference: 'BACS-0001' }, `${path}/payments`);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.text).toContain('govuk-error-summary');
    expect(tooMuch.text).toContain('<a href="#amount">This is more than the award’s unpaid balance of £1,000</a>');
    // What was typed is shown again.
    expect(tooMuch.text).toContain('value="BACS-0001"');

    const badDate = await manager.submit(path, { amount: '400', 'paidOn-day': '31', 'paidOn-month': '2', 'paidOn-year': '2026', reference: 'BACS-0001' }, `${path}/payments`);
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('<a href="#paidOn-day">Enter a real date</a>');
    expect(badDate.text).toContain('govuk-input--error" id="paidOn-day"');

    const empty = await manager.submit(path, {}, `${path}/payments`);
    expect(empty.status).toBe(400);
    for (const box of ['amount', 'paidOn-day', 'reference']) expect(empty.text).toContain(`href="#${box}"`);
    const future = await manager.submit(path, { amount: '400', ...boxes('paidOn', 3), reference: 'BACS-0001' }, `${path}/payments`);
    expect(future.status).toBe(400);
    expect(future.text).toContain('<a href="#paidOn-day">The date must be today or in the past</a>');
    expect(await postings()).toBe(before);

    const paid = await manager.submit(path, { amount: '400', ...boxes('paidOn', 0), reference: 'BACS-0001' }, `${path}/payments`);
    expect(paid.status).toBe(303);
    expect(paid.headers.location).toBe(`${path}?saved=payment`);
    // Sent again (a double submit): the same reference is the same payment.
    expect((await manager.submit(path, { amount: '400', ...boxes('paidOn', 0), reference: 'BACS-0001' }, `${path}/payments`)).status).toBe(303);
    expect(await postings()).toBe(before + 1);
    const shown = (await manager.get(paid.headers.location).expect(200)).text;
    expect(shown).toContain('Payment recorded');
    expect(shown).toContain('BACS-0001');
    expect(shown).toContain('Part paid');
    expect(shown).toMatch(/Still to pay\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*£600/);
    // Once accepted, the schedule is part of the offer: no form to change it.
    expect(shown).not.toContain(`action="${path}/tranches"`);
  });

  it('schedules tranches before acceptance, refusing a schedule that does not add up, then pays a tranche by name', async () => {
    const path = awardPage(awards.music);
    const tranches = async () => (await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM award_tranches WHERE award_id = $1`, [awards.music]))[0].n;

    const wrongSum = await manager.submit(path, { 'tranches-1-amount': '1500', ...boxes('tranches-1-dueOn', 0), 'tranches-3-amount': '400', ...boxes('tranches-3-dueOn', 60) }, `${path}/tranches`);
    expect(wrongSum.status).toBe(400);
    expect(wrongSum.text).toContain('<a href="#tranches">The tranches add up to £1,900 but the award is £2,000: they must add up to exactly the award</a>');
    // The ledger counts the rows it was given; the page names the row as the manager filled it in.
    const outOfOrder = await manager.submit(path, { 'tranches-1-amount': '1500', ...boxes('tranches-1-dueOn', 60), 'tranches-3-amount': '500', ...boxes('tranches-3-dueOn', 0) }, `${path}/tranches`);
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.text).toContain('href="#tranches-3-dueOn-day"');
    const halfRow = await manager.submit(path, { 'tranches-2-amount': '2000' }, `${path}/tranches`);
    expect(halfRow.status).toBe(400);
    expect(halfRow.text).toContain('href="#tranches-2-dueOn-day"');
    expect((await manager.submit(path, {}, `${path}/tranches`)).text).toContain('<a href="#tranches">Enter at least one tranche');
    expect(await tranches()).toBe(0);

    const set = await manager.submit(path, { 'tranches-1-amount': '1500', ...boxes('tranches-1-dueOn', 0), 'tranches-2-amount': '', 'tranches-4-amount': '500', ...boxes('tranches-4-dueOn', 60) }, `${path}/tranches`);
    expect(set.status).toBe(303);
    expect(await tranches()).toBe(2);
    const scheduled = (await manager.get(set.headers.location).expect(200)).text;
    expect(scheduled).toContain('Tranches scheduled');
    expect(scheduled).not.toContain(`action="${path}/tranches"`);
    expect(scheduled.match(/Not paid/g)).toHaveLength(2);

    await accept(applicant.applicationIds[1]);
    const form = (await manager.get(path).expect(200)).text;
    expect(form).toContain('name="trancheSeq" type="radio" value="1"');
    expect(form).toContain('name="trancheSeq" type="radio" value="none"');
    const unnamed = await manager.submit(path, { amount: '1500', ...boxes('paidOn', 0), reference: 'BACS-T1' }, `${path}/payments`);
    expect(unnamed.status).toBe(400);
    expect(unnamed.text).toContain('<a href="#trancheSeq">Choose the tranche this payment is for, or none of them</a>');
    const wrongAmount = await manager.submit(path, { amount: '1000', ...boxes('paidOn', 0), reference: 'BACS-T1', trancheSeq: '1' }, `${path}/payments`);
    expect(wrongAmount.status).toBe(400);
    expect(wrongAmount.text).toContain('<a href="#amount">Tranche 1 is £1,500: record its payment for exactly that amount</a>');

    expect((await manager.submit(path, { amount: '1500', ...boxes('paidOn', 0), reference: 'BACS-T1', trancheSeq: '1' }, `${path}/payments`)).status).toBe(303);
    const after = (await manager.get(path).expect(200)).text;
    expect(after).toMatch(/Paid on \d{1,2} \w+ \d{4} \(reference BACS-T1\)/);
    // Only the unpaid tranche is offered now.
    expect(after).not.toContain('name="trancheSeq" type="radio" value="1"');
    expect(after).toContain('name="trancheSeq" type="radio" value="2"');
  });

  it('withdraws an award only with a reason and the box ticked, and refuses once it has been paid', async () => {
    const before = await postings();
    const paidPath = awardPage(awards.lunch);
    const unticked = await manager.submit(paidPath, { reason: 'The group has folded' }, `${paidPath}/withdrawal`);
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain('<a href="#confirm">Tick the box to confirm the award should be withdrawn</a>');
    const paid = await manager.submit(paidPath, { reason: 'The group has folded', confirm: 'yes' }, `${paidPath}/withdrawal`);
    expect(paid.status).toBe(409);
    expect(paid.text).toContain('The money has moved on since');
    expect(await postings()).toBe(before);

    const path = awardPage(awards.benches);
    const withdrawn = await manager.submit(path, { reason: 'The site is not available', confirm: 'yes' }, `${path}/withdrawal`);
    expect(withdrawn.status).toBe(303);
    expect(await postings()).toBe(before + 1);
    const page = (await manager.get(withdrawn.headers.location).expect(200)).text;
    expect(page).toContain('Award withdrawn: its money is back in the round’s budget');
    expect(page).toMatch(/Withdrawn on \d{1,2} \w+ \d{4}: The site is not available/);
    expect(page).not.toContain('<form method="post"');
  });

  it('returns unspent money to a funder once, however often the form is sent', async () => {
    const path = `${books}/returns`;
    const [council] = (await api(fund.manager).get(`/api/v1/funds/${fund.fundId}/funders`).expect(200)).body.funders as Array<{ id: string }>;
    const form = (await manager.get(path).expect(200)).text;
    // £100,000 contributed, £20,000 set aside for the round.
    expect(form).toContain('£80,000 not set aside');
    const key = form.match(/name="key" value="([0-9a-f-]{36})"/)![1];
    const send = (fields: Record<string, string>) => manager.agent.post(path).type('form').send({ ...fields, _csrf: csrfTokenIn(form) });
    const before = await postings();

    const tooMuch = await send({ organisationId: council!.id, amount: '80,000.01', reason: 'Unspent', key });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.text).toContain('<a href="#amount">This organisation has only £80,000 unallocated in the fund</a>');
    // The page shown again keeps its key, so the corrected form is still the same one return.
    expect(tooMuch.text).toContain(`name="key" value="${key}"`);
    const nobody = await send({ amount: '1000', reason: 'Unspent', key });
    expect(nobody.status).toBe(400);
    expect(nobody.text).toContain('<a href="#organisationId">Choose the funder the money is going back to</a>');
    expect(await postings()).toBe(before);

    const first = await send({ organisationId: council!.id, amount: '1000', reason: 'Unspent at year end', key });
    const second = await send({ organisationId: council!.id, amount: '1000', reason: 'Unspent at year end', key });
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.headers.location).toBe(`${books}?saved=returned`);
    expect(await postings()).toBe(before + 1);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ledger_transactions WHERE fund_id = $1 AND kind = 'return'`, [fund.fundId])).toEqual([{ n: 1 }]);
    const page = (await manager.get(first.headers.location).expect(200)).text;
    expect(page).toContain('Money returned to the funder');
    expect(page).toMatch(/Returned to funders<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">£1,000/);
    // Shown again, the form has a new key: another return is another posting.
    expect((await manager.get(path).expect(200)).text).not.toContain(`value="${key}"`);
  });

  it('corrects a posting by reversing it, refusing what the money has moved on from, a second reversal and a reversal’s reversal', async () => {
    const transactions = (await api(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200)).body.transactions as Array<{ id: string; kind: string; reverses: string | null }>;
    const contribution = transactions.find((x) => x.kind === 'contribution')!;
    const returned = transactions.find((x) => x.kind === 'return')!;
    const path = (id: string) => `${books}/transactions/${id}/reversal`;
    const before = await postings();

    const page = (await manager.get(path(contribution.id)).expect(200)).text;
    expect(page).toContain('Contribution received');
    expect(page).toContain('£100,000');
    const movedOn = await manager.submit(path(contribution.id), { reason: 'Entered twice' });
    expect(movedOn.status).toBe(409);
    expect(movedOn.text).toContain('<a href="#reason">The money has moved on since (its unallocated account would go below zero): reverse what came after first</a>');
    expect((await manager.submit(path(returned.id), { reason: '' })).status).toBe(400);
    expect(await postings()).toBe(before);

    const reversed = await manager.submit(path(returned.id), { reason: 'Returned to the wrong funder' });
    expect(reversed.status).toBe(303);
    expect(await postings()).toBe(before + 1);
    const shown = (await manager.get(reversed.headers.location).expect(200)).text;
    expect(shown).toContain('Posting reversed');
    expect(shown).toMatch(/This posting was reversed by posting \d+ on \d{1,2} \w+ \d{4}: Returned to the wrong funder/);
    expect(shown).not.toContain('<form method="post"');

    // The books no longer offer to correct either of them; posted anyway, both are refused.
    const booksPage = (await manager.get(books).expect(200)).text;
    expect(booksPage).not.toContain(`href="${path(returned.id)}"`);
    const token = csrfTokenIn((await manager.get('/sign-out').expect(200)).text);
    const again = await manager.agent.post(path(returned.id)).type('form').send({ reason: 'Once more', _csrf: token });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This transaction has already been reversed');
    const reversal = (await api(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200)).body.transactions.find((x: { reverses: string | null }) => x.reverses === returned.id);
    const ofReversal = await manager.agent.post(path(reversal.id)).type('form').send({ reason: 'Undo the undo', _csrf: token });
    expect(ofReversal.status).toBe(409);
    expect(ofReversal.text).toContain('A reversal cannot itself be reversed');
    expect(await postings()).toBe(before + 1);
  });

  it('shows an auditor the award but none of its forms, and refuses every post they send', async () => {
    const auditor = await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: fund.fundId }] });
    const web = new WebSession(t);
    await web.signIn(auditor.email, auditor.password);
    const booksPage = (await web.get(books).expect(200)).text;
    expect(booksPage).not.toContain(`href="${awardPage(awards.lunch)}"`);
    expect(booksPage).not.toContain('/reversal"');
    expect(booksPage).not.toContain(`href="${books}/returns"`);
    const page = (await web.get(awardPage(awards.lunch)).expect(200)).text;
    expect(page).toContain('Lunch club');
    expect(page).toContain('BACS-0001');
    expect(page).not.toContain('<form method="post"');
    await web.get(`${books}/returns`).expect(403);

    const transactions = (await api(fund.manager).get(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200)).body.transactions as Array<{ id: string }>;
    await web.get(`${books}/transactions/${transactions[0]!.id}/reversal`).expect(403);
    const token = csrfTokenIn((await web.get('/sign-out').expect(200)).text);
    const before = await postings();
    const posts: Array<[string, object]> = [
      [`${awardPage(awards.music)}/payments`, { amount: '500', ...boxes('paidOn', 0), reference: 'AUDITOR-1', trancheSeq: '2' }],
      [`${awardPage(awards.lunch)}/tranches`, { 'tranches-1-amount': '1000', ...boxes('tranches-1-dueOn', 0) }],
      [`${awardPage(awards.lunch)}/withdrawal`, { reason: 'No', confirm: 'yes' }],
      [`${books}/returns`, { organisationId: randomUUID(), amount: '1', reason: 'No', key: randomUUID() }],
      [`${books}/transactions/${transactions[0]!.id}/reversal`, { reason: 'No' }],
    ];
    for (const [path, fields] of posts) expect({ path, status: (await web.agent.post(path).type('form').send({ ...fields, _csrf: token })).status }).toEqual({ path, status: 403 });
    expect(await postings()).toBe(before);
  });

  it('refuses a manager’s post without the form’s CSRF token', async () => {
    const before = await postings();
    const path = awardPage(awards.music);
    await manager.agent.post(`${path}/payments`).type('form').send({ amount: '500', ...boxes('paidOn', 0), reference: 'NO-CSRF', trancheSeq: '2' }).expect(403);
    await manager.agent.post(`${books}/returns`).type('form').send({ amount: '1', reason: 'No token', key: 'no-csrf-key-1' }).expect(403);
    await manager.agent.post(`${path}/payments`).type('form').send({ amount: '500', ...boxes('paidOn', 0), reference: 'NO-CSRF', trancheSeq: '2', _csrf: 'not-the-token' }).expect(403);
    expect(await postings()).toBe(before);
  });
});
