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
    extra: { max: 10, application_name: 'commonpurse' },
    ...overrides,
  } as DataSourceOptions;
}
