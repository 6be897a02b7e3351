import { SeedDemoApplications } from '@commonpurse/applications';
import { SeedDemoAwards, SeedDemoPanel } from '@commonpurse/deliberation';
import { SeedDemoFund } from '@commonpurse/funds';
import { DEMO_ACCOUNTS, PrincipalService, SeedDemoAccounts } from '@commonpurse/identity';
import type { INestApplicationContext } from '@nestjs/common';
import { withContext } from './context';

export interface SeedResult {
  created: number;
  accounts: Array<{ role: string; email: string }>;
  password: string;
  fund: { created: boolean; slug: string };
}

/** The demo data, created once: running it again changes nothing. */
export function seedDemo(): Promise<SeedResult> {
  return withContext(seedDemoInto);
}

/** The demo data through any Nest context that has the modules (the CLI's, or a test's application). */
export async function seedDemoInto(context: Pick<INestApplicationContext, 'get'>): Promise<SeedResult> {
  const accounts = await context.get(SeedDemoAccounts).execute();
  const managerEmail = DEMO_ACCOUNTS.find((a) => a.role === 'fund_manager')!.email;
  const manager = await context.get(PrincipalService).forEmail(managerEmail);
  // The demo residents of the fund's area (those with a postcode) have already shared their priorities.
  const residents = await Promise.all(DEMO_ACCOUNTS.filter((a) => a.postcode).map((a) => context.get(PrincipalService).forEmail(a.email)));
  const fund = await context.get(SeedDemoFund).execute({ accountId: manager!.accountId, email: managerEmail }, residents.map((r) => r!.accountId));
  const applicant = await context.get(PrincipalService).forEmail(DEMO_ACCOUNTS.find((a) => a.role === 'applicant')!.email);
  await context.get(SeedDemoApplications).execute(applicant!, manager!.accountId);
  // The demo panellist and resident volunteered for the round's community panel, and were drawn.
  const facilitator = await context.get(PrincipalService).forEmail(DEMO_ACCOUNTS.find((a) => a.role === 'facilitator')!.email);
  const panellist = await context.get(PrincipalService).forEmail(DEMO_ACCOUNTS.find((a) => a.role === 'panellist')!.email);
  const resident = await context.get(PrincipalService).forEmail(DEMO_ACCOUNTS.find((a) => a.role === 'resident')!.email);
  await context.get(SeedDemoPanel).execute(facilitator!.accountId, [
    { accountId: panellist!.accountId, profile: { 'age-band': '25-34', area: 'prefer-not-to-say' } },
    { accountId: resident!.accountId, profile: { 'age-band': '65-74', area: 'BS5' } },
  ]);
  // The panel-only round is decided and its awards are in the books (one accepted by the applicant, and part paid).
  await context.get(SeedDemoAwards).execute(facilitator!.accountId, manager!.accountId, applicant!);
  return { ...accounts, fund };
}

export function formatSignIns(result: SeedResult): string {
  const width = Math.max(...result.accounts.map((a) => a.role.length));
  return result.accounts.map((a) => `  ${a.role.padEnd(width)}  ${a.email}`).join('\n') + `\n  (every demo account's password: ${result.password})`;
}
