import { randomBytes } from 'node:crypto';
import { adminQuery } from './global-setup';
import { testEnv, withDatabase } from './services';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one suite: a copy of the run's template, so suites never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testEnv('adminUrl');
  const name = `cp_test_${testEnv('runId')}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${testEnv('template')}`);
      break;
    } catch (error) {
      // Two suites copying the template at the same instant: the second waits its turn.
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
