import { adminQuery } from './global-setup';
import { ENV } from './services';

/** Drops every database this run made, then stops whatever the setup started. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[ENV.adminUrl];
  const runId = process.env[ENV.runId];
  if (adminUrl && runId) {
    const rows = await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cp_test_${runId}_%`]);
    for (const { datname } of rows) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${String(datname)}" WITH (FORCE)`);
  }
  for (const stop of (globalThis.__commonpurseTestStops ?? []).reverse()) await stop();
}
