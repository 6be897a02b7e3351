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
