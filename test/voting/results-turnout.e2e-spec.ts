import { createAccount } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

/** Every table on a page, as rows of cells' text. */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map(([table]) => [...table.matchAll(/<tr[\s\S]*?<\/tr>/g)].map(([row]) => [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '').trim())));
}

/**
 * Who voted, on the public results page and in its JSON: the number of people (online and on
 * paper), by postcode district and by age band, small groups withheld, and all of it as it stood
 * when the votes were counted, whatever voters change on their accounts afterwards.
 */
describe('the public results: who voted', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  const results = '/funds/turnout-fund/rounds/summer-2030/results';
  // Born on 1 January, so the age is the same whatever day of the year the vote closes.
  const aged = (years: number) => `${new Date().getFullYear() - years}-01-01`;
  const voter = async (postcode: string, age: number) => {
    const account = await createAccount(t.db.url, { postcode });
    const token = await accessToken(t, account, ['voting:vote', 'account:write']);
    await t.http().put('/api/v1/voter/date-of-birth').auth(token, { type: 'bearer' }).send({ dateOfBirth: aged(age) }).expect(204);
    return { ...account, token };
  };
  const advance = (from: string) => t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
  const expected = {
    ballots: 13,
    online: 12,
    paper: null,
    byDistrict: [
      { district: 'BS5', ballots: 10 },
      { district: 'BS6', ballots: null },
      { district: null, ballots: null },
    ],
    byAge: [
      { band: '16-24', ballots: 0 },
      { band: '25-34', ballots: 6 },
      { band: '35-44', ballots: 0 },
      { band: '45-54', ballots: 5 },
      { band: '55-64', ballots: 0 },
      { band: '65+', ballots: null },
    ],
    withheldBelow: 5,
  };

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Turnout Fund', ['BS5', 'BS6']);
    round = await roundTakingApplications(t, fund, { name: 'Summer 2030', postcode: 'BS5 6XY' });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicationIds) await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Good value' }).expect(204);
    await advance('panel-review');
  });
  afterAll(() => t.close());

  it('shows who voted as counted, withholding groups of fewer than 5, unchanged by later changes to voters’ accounts', async () => {
    // Six in BS5 aged 30, five in BS5 aged 50, two in BS6 aged 70 (one of them on paper).
    const thirty = await Promise.all(Array.from({ length: 6 }, (_, i) => voter(`BS5 1A${'ABCDEF'[i]}`, 30)));
    const fifty = await Promise.all(Array.from({ length: 5 }, (_, i) => voter(`BS5 2A${'ABCDE'[i]}`, 50)));
    const [online70, paper70] = await Promise.all([voter('BS6 1AA', 70), voter('BS6 1AB', 70)]);
    const a = (await t.http().get(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`).auth(thirty[0].token, { type: 'bearer' }).expect(200)).body.papers[0].projects[0].id as string;
    for (const v of [...thirty, ...fifty, online70]) await t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`).auth(v.token, { type: 'bearer' }).send({ choices: [{ projectId: a }] }).expect(201);
    await t.http().post(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/paper-ballots`).auth(fund.manager, { type: 'bearer' }).send({ voterEmail: paper70.email, choices: [{ projectId: a }] }).expect(201);
    // Before the count one voter takes their postcode off their account: where they live is then not known.
    await t.http().patch('/api/v1/me').auth(thirty[0].token, { type: 'bearer' }).send({ postcode: '' }).expect(200);
    await advance('public-vote');

    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const manage = `/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote`;
    expect((await web.submit(manage, {}, `${manage}/count`)).status).toBe(303);
    // After the count, voters move and correct their dates of birth: the turnout stays as counted.
    for (const v of [online70, paper70, thirty[1]]) await t.http().patch('/api/v1/me').auth(v.token, { type: 'bearer' }).send({ postcode: 'BS7 1AA' }).expect(200);
    await t.http().put('/api/v1/voter/date-of-birth').auth(fifty[0].token, { type: 'bearer' }).send({ dateOfBirth: aged(20) }).expect(204);
    expect((await web.submit(manage, { confirm: 'yes' }, `${manage}/publish`)).status).toBe(303);
    await t.http().patch('/api/v1/me').auth(fifty[1].token, { type: 'bearer' }).send({ postcode: 'BS6 9ZZ' }).expect(200);

    const json = (await t.http().get(`${results}.json`).expect(200)).body;
    expect(json.papers).toHaveLength(1);
    expect(json.papers[0].turnout).toMatchObject(expected);
    expect(json.papers[0].turnout.agesOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const page = (await t.http().get(results).expect(200)).text;
    expect(page).toContain('Who voted');
    expect(page).toContain('They are not wards: wards cannot be worked out from postcodes here');
    expect(page).toContain('a group of fewer than 5 people is shown as “fewer than 5”');
    expect(page).toMatch(/<dt class="govuk-summary-list__key">\s*People who voted\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*13\s*<\/dd>/);
    expect(page).toMatch(/<dt class="govuk-summary-list__key">\s*On paper\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*fewer than 5\s*<\/dd>/);
    const shown = tables(page);
    expect(shown.find((rows) => rows[0][0] === 'Postcode district')).toEqual([
      ['Postcode district', 'People who voted'],
      ['BS5', '10'],
      ['BS6', 'fewer than 5'],
      ['Not known', 'fewer than 5'],
    ]);
    expect(shown.find((rows) => rows[0][0] === 'Age')).toEqual([
      ['Age', 'People who voted'],
      ['16 to 24', '0'],
      ['25 to 34', '6'],
      ['35 to 44', '0'],
      ['45 to 54', '5'],
      ['55 to 64', '0'],
      ['65 and over', 'fewer than 5'],
    ]);
    // Each chart is an image named by its title and description, its figures written beside the bars.
    expect(page).toContain('<svg role="img" aria-labelledby="turnout-area-round-title turnout-area-round-desc"');
    expect(page).toContain('<svg role="img" aria-labelledby="turnout-age-round-title turnout-age-round-desc"');
    expect(page).not.toContain('BS7');

    const welsh = (await t.http().get(`${results}?lang=cy`).expect(200)).text;
    expect(welsh).toContain('Pwy bleidleisiodd');
    expect(welsh).toContain('llai na 5');
    expect(welsh.match(/voting\.[a-z][\w.-]+/g) ?? []).toEqual([]);
  });
});
