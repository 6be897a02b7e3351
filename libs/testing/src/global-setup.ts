import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
// Jest's global setup runs without the module name mapper, so kernel files are imported by path here.
import { dataSourceOptions } from '../../kernel/src/database/data-source-options';
import { startEmbeddedPostgres } from '../../kernel/src/dev/embedded-postgres';
import { redisServerInstalled, startPrivateRedis } from '../../kernel/src/dev/private-redis';
import { projectRoot } from '../../kernel/src/paths';
import { pingRedis } from '../../kernel/src/queue/redis';
import { ENV, withDatabase } from './services';

type Stop = () => Promise<void>;
declare global {
  // eslint-disable-next-line no-var
  var __commonpurseTestStops: Stop[] | undefined;
}

/**
 * Once per test run: find PostgreSQL and Redis (or start them), and migrate a template
 * database that every integration suite copies into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  const stops: Stop[] = [];
  globalThis.__commonpurseTestStops = stops;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

  let adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await postgresAnswers(adminUrl))) {
    log(`No PostgreSQL answers at ${new URL(adminUrl).host}; starting the embedded one`);
    const embedded = await startEmbeddedPostgres(join(projectRoot(), 'var', 'test'), log);
    stops.push(embedded.stop);
    adminUrl = withDatabase(embedded.url, 'postgres');
  }

  let redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await pingRedis(redisUrl))) {
    if (!redisServerInstalled()) {
      throw new Error(`No Redis answers at ${redisUrl} and redis-server is not installed. Install it (apt-get install redis-server) or set TEST_REDIS_URL.`);
    }
    log(`No Redis answers at ${redisUrl}; starting a private redis-server`);
    const redis = await startPrivateRedis(join(projectRoot(), 'var', 'test'));
    stops.push(redis.stop);
    redisUrl = redis.url;
  }

  // The pages link the compiled stylesheet; a fresh clone has none until it is built.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../../scripts/build-css.js') as { buildCss: () => string }).buildCss();
  // Some suites run the built worker as a real process (to kill it): build when the code changed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../../scripts/ensure-built.js') as { ensureBuilt: () => void }).ensureBuilt();

  const template = `cp_test_${runId}_template`;
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const dataSource = new DataSource(dataSourceOptions(withDatabase(adminUrl, template)));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  process.env[ENV.adminUrl] = adminUrl;
  process.env[ENV.template] = template;
  process.env[ENV.runId] = runId;
  process.env[ENV.redisUrl] = redisUrl;
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function adminQuery(adminUrl: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
