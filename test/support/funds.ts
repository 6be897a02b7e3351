import { createAccount } from '@commonpurse/testing';
import type { TestApp } from './test-app';
import { accessToken } from './web-session';

export interface FundSetUp {
  /** The fund manager's API token (funds:create, funds:manage and anything asked for). */
  manager: string;
  managerId: string;
  managerAccount: { email: string; password: string };
  fundId: string;
}

/**
 * A fund manager with an API token, a fund serving `areas` (postcode districts, or wards as
 * "E05001979 Ashley"), and money paid into it: what most funds tests start from.
 */
export async function fundWithMoney(t: TestApp, name: string, areas: string[], options: { pence?: number; scopes?: string[] } = {}): Promise<FundSetUp> {
  const account = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
  const manager = await accessToken(t, account, ['funds:create', 'funds:manage', ...(options.scopes ?? [])]);
  const areaList = areas.map((code) => (/^[EWSN]\d{2}/.test(code) ? { kind: 'ward', code: code.split(' ')[0], name: code.split(' ').slice(1).join(' ') || undefined } : { kind: 'postcode_district', code }));
  const fund = await t.http().post('/api/v1/funds').auth(manager, { type: 'bearer' }).send({ name, purpose: 'p', areas: areaList }).expect(201);
  await t
    .http()
    .post(`/api/v1/funds/${fund.body.id}/contributions`)
    .auth(manager, { type: 'bearer' })
    .send({ organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: options.pence ?? 1_000_000_00, receivedOn: '2026-01-05' })
    .expect(201);
  return { manager, managerId: account.id, managerAccount: account, fundId: fund.body.id };
}

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export interface RoundSetUp {
  roundId: string;
  /** The round's API address. */
  base: string;
  criterionIds: string[];
  questionIds: string[];
  /** The round's lots' ids, in the order given. */
  lotIds: string[];
}

/**
 * A round taking applications now, made the way a fund manager makes one: co-design first (where
 * a resident proposes the priorities that become its criteria), its own questions added, then
 * moved on to applications. Screening, the panel, the vote, results and awards follow.
 */
export async function roundTakingApplications(
  t: TestApp,
  fund: FundSetUp,
  options: { name: string; postcode: string; criteria?: string[]; questions?: object[]; rules?: object; lots?: object[] },
): Promise<RoundSetUp> {
  const send = (path: string, body: object) => t.http().post(path).auth(fund.manager, { type: 'bearer' }).send(body);
  const phases = ['co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards'].map((phase, i) => ({ phase, opensAt: inDays(i === 0 ? -1 : i * 10), closesAt: inDays((i + 1) * 10) }));
  const round = await send(`/api/v1/funds/${fund.fundId}/rounds`, { name: options.name, budgetPence: 20_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, phases, ...(options.rules ?? {}) }).expect(201);
  const base = `/api/v1/funds/${fund.fundId}/rounds/${round.body.id}`;
  const questionIds: string[] = [];
  for (const question of options.questions ?? []) questionIds.push((await send(`${base}/questions`, question).expect(201)).body.id);
  const criterionIds: string[] = [];
  if (options.criteria?.length) {
    const resident = await createAccount(t.db.url, { postcode: options.postcode });
    const token = await accessToken(t, resident, ['codesign:participate']);
    for (const title of options.criteria) {
      const priority = await t.http().post(`${base}/priorities`).auth(token, { type: 'bearer' }).send({ title, description: `Residents asked for ${title}` }).expect(201);
      criterionIds.push((await send(`${base}/criteria`, { title, description: `Projects for ${title}`, weight: 1, priorityIds: [priority.body.id] }).expect(201)).body.id);
    }
  }
  const lotIds: string[] = [];
  if (options.lots?.length) {
    const set = await t.http().put(`${base}/lots`).auth(fund.manager, { type: 'bearer' }).send({ lots: options.lots }).expect(200);
    lotIds.push(...set.body.lots.map((l: { id: string }) => l.id));
  }
  await send(`${base}/advance`, { expectedFrom: 'co-design' }).expect(200);
  return { roundId: round.body.id, base, criterionIds, questionIds, lotIds };
}
