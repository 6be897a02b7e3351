import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';

/** One definition of the connection, for the apps, the CLI and the tests. Never `synchronize`: schema changes are migrations. */
export function dataSourceOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    // A request that cannot get a connection, or waits too long for a lock, fails (and says so)
    // rather than hangs, so one busy page can never freeze the whole service.
    extra: { max: 10, application_name: 'commonpurse', connectionTimeoutMillis: 10_000, options: '-c lock_timeout=15s' },
    ...overrides,
  } as DataSourceOptions;
}
