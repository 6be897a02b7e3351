import { SeedDemoAccounts } from '@commonpurse/identity';
import { withContext } from './context';

export interface SeedResult {
  created: number;
  accounts: Array<{ role: string; email: string }>;
  password: string;
}

/** The demo data, created once: running it again changes nothing. */
export function seedDemo(): Promise<SeedResult> {
  return withContext((context) => context.get(SeedDemoAccounts).execute());
}

export function formatSignIns(result: SeedResult): string {
  const width = Math.max(...result.accounts.map((a) => a.role.length));
  return result.accounts.map((a) => `  ${a.role.padEnd(width)}  ${a.email}`).join('\n') + `\n  (every demo account's password: ${result.password})`;
}
