import { createAccount, query } from '@commonpurse/testing';
import { check360Giving, validateGrantSchema } from '@commonpurse/exports';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const PANEL_ONLY = ['co-design', 'applications', 'screening', 'panel-review', 'results', 'awards'].map((phase, i) => ({ phase, opensAt: inDays(i === 0 ? -1 : i * 10), closesAt: inDays((i + 1) * 10) }));

describe('the books, the verification report and the 360Giving file', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(async () => t.close());

  it('exports a fund’s awards as 360Giving data that passes the schema, once the lead funder’s prefix is set, and traces every award', async () => {
    const fund = await fundWithMoney(t, 'Grants Fund', ['BS5'], { pence: 50_000_00, scopes: ['ledger:read'] });
    const manager = (method: 'get' | 'put' | 'post', path: string) => t.http()[method](path).auth(fund.manager, { type: 'bearer' });
    await manager('post', `/api/v1/funds/${fund.fundId}/contributions`).send({ organisationIdentifier: 'GB-CHC-1234567', organisationName: 'Harbour Trust', amountPence: 10_000_00, receivedOn: '2026-02-01' }).expect(201);
    const round = await roundTakingApplications(t, fund, { name: 'Autumn', postcode: 'BS5 6XY', rules: { phases: PANEL_ONLY } });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    for (const from of ['applications', 'screening']) await manager('post', `${round.base}/advance`).send({ expectedFrom: from }).expect(200);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    for (const id of applicationIds) await t.http().put(`${round.base}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'award', rationale: 'Clear need' }).expect(204);

    // No registered prefix for the lead funder: the file is refused, and says why.
    const blocked = await manager('get', `/api/v1/funds/${fund.fundId}/360giving`).expect(422);
    expect(blocked.body.problems.filter((p: { critical: boolean }) => p.critical)).toEqual([expect.objectContaining({ check: 'NoGrantPrefix' })]);
    await manager('put', `/api/v1/funds/${fund.fundId}/funders/${fund.fundId}`).send({ grantPrefix: '360G-bristolcc' }).expect(404);
    const { funders } = (await manager('get', `/api/v1/funds/${fund.fundId}/funders`).expect(200)).body;
    expect(funders.map((f: { identifier: string }) => f.identifier)).toEqual(['GB-LAE-BST', 'GB-CHC-1234567']);
    const badPrefix = await manager('put', `/api/v1/funds/${fund.fundId}/funders/${funders[0].id}`).send({ grantPrefix: 'bristolcc' }).expect(400);
    expect(badPrefix.body.details).toEqual([expect.objectContaining({ field: 'grantPrefix' })]);
    await manager('put', `/api/v1/funds/${fund.fundId}/funders/${funders[0].id}`).send({ grantPrefix: '360G-bristolcc' }).expect(204);

    const file = await manager('get', `/api/v1/funds/${fund.fundId}/360giving?format=json`).expect(200);
    const pkg = JSON.parse(file.text);
    expect(pkg.grants).toHaveLength(2);
    for (const grant of pkg.grants) expect(validateGrantSchema(grant)).toEqual([]);
    expect(check360Giving(pkg.grants, { today: new Date().toISOString().slice(0, 10) }).problems.filter((p) => p.critical)).toEqual([]);
    const lunch = pkg.grants.find((g: { title: string }) => g.title === 'Lunch club');
    expect(lunch).toMatchObject({ currency: 'GBP', amountAwarded: 1000, amountDisbursed: 0, fromOpenCall: 'Yes' });
    expect(lunch.id).toMatch(/^360G-bristolcc-[0-9a-f-]{36}$/);
    // Both funders' money is in each award (pro rata), lead funder first.
    expect(lunch.fundingOrganization.map((o: { id: string }) => o.id)).toEqual(['GB-LAE-BST', 'GB-CHC-1234567']);
    expect(lunch.grantProgramme[0]).toMatchObject({ title: 'Grants Fund — Autumn' });
    // The manifest names the file's SHA-256 and the export is in the audit log.
    const manifest = (await manager('get', /<([^>]+)>/.exec(file.headers.link)![1]).expect(200)).body;
    expect(manifest).toMatchObject({ kind: '360giving', format: 'json', status: 'complete', rows: { grants: 2 }, bytes: Buffer.byteLength(file.text) });
    expect(manifest.sha256).toBe(require('node:crypto').createHash('sha256').update(file.text).digest('hex'));
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'exports.export' AND entity_id = $1`, [manifest.id])).toEqual([{ n: 1 }]);

    const csv = await manager('get', `/api/v1/funds/${fund.fundId}/360giving?format=csv`).expect(200);
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0].startsWith('Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded')).toBe(true);
    expect(lines).toHaveLength(3);
    // A period with no awards: 360Giving needs at least one grant, and says so.
    const empty = await manager('get', `/api/v1/funds/${fund.fundId}/360giving?to=2020-01-01`).expect(422);
    expect(empty.body.problems.filter((p: { critical: boolean }) => p.critical)).toEqual([expect.objectContaining({ check: 'NoGrants' })]);
    expect((await manager('get', `/api/v1/funds/${fund.fundId}/360giving?from=2026-02-30`).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'from' })]);

    // Verification: everything traces; an award slipped into the table with no decision behind it does not.
    const clean = (await manager('get', `/api/v1/funds/${fund.fundId}/books/verification`).expect(200)).body;
    expect(clean).toMatchObject({ ok: true, chainBreak: null, reconciles: true, untracedPayments: [] });
    expect(clean.awards.every((a: { traced: boolean }) => a.traced)).toBe(true);
    await query(t.db.url, `INSERT INTO awards (fund_id, round_id, application_id, amount_pence, source, source_ref) VALUES ($1, $2, $3, 100, 'vote-result', $4)`, [fund.fundId, round.roundId, applicationIds[0], 'e'.repeat(64)]);
    const rogue = (await manager('get', `/api/v1/funds/${fund.fundId}/books/verification`).expect(200)).body;
    expect(rogue.ok).toBe(false);
    expect(rogue.awards.filter((a: { traced: boolean }) => !a.traced)).toEqual([expect.objectContaining({ source: 'vote-result', sourceRef: 'e'.repeat(64) })]);
  });

  it('shows the books and the verification report to a signed-in auditor of the fund, and to no one else', async () => {
    const fund = await fundWithMoney(t, 'Shown Fund', ['BS5'], { pence: 30_000_00 });
    const auditor = await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: fund.fundId }] });
    const web = new WebSession(t);
    await web.signIn(auditor.email, auditor.password);
    const index = (await web.get('/books').expect(200)).text;
    expect(index).toContain('Shown Fund');
    const books = (await web.get(`/manage/funds/${fund.fundId}/books`).expect(200)).text;
    expect(books).toContain('£30,000');
    expect(books).toContain('<svg role="img"');
    expect(books).toContain('Contribution received');
    const before = (await web.get(`/manage/funds/${fund.fundId}/books?on-day=4&on-month=1&on-year=2026`).expect(200)).text;
    expect(before).toContain('Where the money is (4 January 2026)');
    expect((await web.get(`/manage/funds/${fund.fundId}/books?on-day=31&on-month=2&on-year=2026`).expect(400)).text).toContain('Enter a real date');
    expect((await web.get(`/manage/funds/${fund.fundId}/books/verification`).expect(200)).text).toContain('The books hold');
    // Nothing to publish yet: the page lists why.
    expect((await web.get(`/manage/funds/${fund.fundId}/books/360giving.json`).expect(422)).text).toContain('360Giving needs at least one grant');
    const other = await fundWithMoney(t, 'Other Fund', ['BS5']);
    await web.get(`/manage/funds/${other.fundId}/books`).expect(403);
    const resident = await createAccount(t.db.url, {});
    const residentWeb = new WebSession(t);
    await residentWeb.signIn(resident.email, resident.password);
    expect((await residentWeb.get('/books').expect(200)).text).toContain('You cannot read any fund’s books');
    await residentWeb.get(`/manage/funds/${fund.fundId}/books`).expect(403);
  });
});
