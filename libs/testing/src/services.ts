/** What the global setup found or started, handed to the test workers through the environment. */
export const ENV = {
  adminUrl: 'CP_TEST_ADMIN_URL',
  template: 'CP_TEST_TEMPLATE_DB',
  runId: 'CP_TEST_RUN_ID',
  redisUrl: 'CP_TEST_REDIS_URL',
} as const;

export function testEnv(name: keyof typeof ENV): string {
  const value = process.env[ENV[name]];
  if (!value) throw new Error(`${ENV[name]} is not set: integration tests must run through jest's integration project (npm test)`);
  return value;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
