import { join } from 'node:path';
import { projectRoot, startPrivateRedis } from '@commonpurse/kernel';
import { createAccount, query, type TestAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

const delivery = (t: TestApp, email: string) =>
  query<{ status: string; attempts: number; last_error: string | null }>(
    t.db.url,
    `SELECT d.status, d.attempts, d.last_error FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.outbox_id WHERE o.recipient_address = $1`,
    [email],
  );

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notification delivery: retries and failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NOTIFY_RETRY_BASE_MS: '100' });
  });
  afterAll(() => t.close());

  async function requestReset(account: TestAccount): Promise<void> {
    const response = await new WebSession(t).submit('/forgotten-password', { email: account.email });
    expect(response.status).toBe(200);
  }

  it('sends nothing from the request itself: the message waits in the outbox until a worker sends it', async () => {
    const account = await createAccount(t.db.url);
    await requestReset(account);
    const rows = await query(t.db.url, `SELECT event_type, category, sealed_secrets IS NOT NULL AS sealed FROM notification_outbox WHERE recipient_address = $1`, [account.email]);
    expect(rows).toEqual([{ event_type: 'password-reset', category: 'account', sealed: true }]);
    await t.mail.waitFor(account.email);
    const after = await until(() => query(t.db.url, `SELECT sealed_secrets FROM notification_outbox WHERE recipient_address = $1`, [account.email]), (r) => r[0].sealed_secrets === null);
    expect(after).toEqual([{ sealed_secrets: null }]); // the link's token is not kept once sent
  });

  it('retries a temporary refusal (4xx) and delivers once', async () => {
    const account = await createAccount(t.db.url);
    t.mail.refuse(account.email, 451, 2);
    await requestReset(account);
    const mail = await t.mail.waitFor(account.email, () => true, 30_000);
    expect(mail.subject).toBe('Reset your Commonpurse password');
    const record = await until(() => delivery(t, account.email), (r) => r[0]?.status === 'sent');
    expect(record).toEqual([{ status: 'sent', attempts: 3, last_error: null }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.mail.all().filter((m) => m.to.includes(account.email))).toHaveLength(1);
  });

  it('records a permanent refusal (5xx) as failed with the reason, and does not retry it', async () => {
    const account = await createAccount(t.db.url);
    t.mail.refuse(account.email, 550);
    await requestReset(account);
    const record = await until(() => delivery(t, account.email), (r) => r[0]?.status === 'failed');
    expect(record).toEqual([{ status: 'failed', attempts: 1, last_error: expect.stringContaining('550') }]);
    await new Promise((r) => setTimeout(r, 1500)); // several backoff periods
    expect((await delivery(t, account.email))[0].attempts).toBe(1);
  });

  it('delivers each message in the recipient’s language with a plain-text part', async () => {
    const account = await createAccount(t.db.url, { language: 'cy' });
    await requestReset(account);
    const mail = await t.mail.waitFor(account.email);
    expect(mail.subject).toBe('Ailosod eich cyfrinair Commonpurse');
    expect(mail.text).toContain('Dewiswch gyfrinair newydd');
    expect(mail.text).toMatch(/\/reset-password\?token=/);
    expect(mail.html).toContain('<html lang="cy">');
  });
});

describe('notification delivery: Redis goes away and comes back', () => {
  let t: TestApp;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  const varDir = join(projectRoot(), 'var', 'test');

  beforeAll(async () => {
    redis = await startPrivateRedis(varDir);
    t = await startTestApp({ REDIS_URL: redis.url, OUTBOX_REQUEUE_AFTER_MS: '3000' });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('delivers every message exactly once, including those queued when Redis stopped', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, () => createAccount(t.db.url)));
    // Some messages are queued in Redis when it stops (and are lost with it: it keeps nothing on disk) …
    await Promise.all(accounts.slice(0, 4).map((a) => new WebSession(t).submit('/forgotten-password', { email: a.email })));
    await redis.stop();
    // … and requests keep working while it is away: their messages wait in Postgres.
    for (const account of accounts.slice(4)) {
      const response = await new WebSession(t).submit('/forgotten-password', { email: account.email });
      expect(response.status).toBe(200);
    }
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.redis.status).toBe('down');
    expect(ready.body.outbox.pending).toBeGreaterThanOrEqual(8);

    redis = await startPrivateRedis(varDir, redis.port);
    await t.mail.waitForCount(accounts.length, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    for (const account of accounts) {
      expect([account.email, t.mail.all().filter((m) => m.to.includes(account.email)).length]).toEqual([account.email, 1]);
    }
    const statuses = await query(t.db.url, `SELECT d.status, count(*)::int AS n FROM notification_deliveries d GROUP BY d.status`);
    expect(statuses).toEqual([{ status: 'sent', n: accounts.length }]);
  });
});
