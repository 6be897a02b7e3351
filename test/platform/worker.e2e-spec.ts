import type { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { IdentityModule, MaintenanceJob } from '@commonpurse/identity';
import { QueueName, bullConnectionOptions } from '@commonpurse/kernel';
import { createTestDatabase, query, testEnv, type TestDatabase } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { createAccount } from '@commonpurse/testing';

describe('worker: BullMQ processors against real Redis and Postgres', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;
  const prefix = `cp-test-worker-${Date.now()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: testEnv('redisUrl'), QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:1' });
    worker = await createWorker();
    const connection = bullConnectionOptions(testEnv('redisUrl'));
    queue = new Queue(QueueName.Maintenance, { connection, prefix });
    events = new QueueEvents(QueueName.Maintenance, { connection, prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await db.drop();
  });

  // The API's IdentityModule puts its sign-in strategies in passport's one global registry: loaded
  // into a worker in the API's process (npm start, the tests), the API would sign people in through
  // the worker's services, and fail once the worker stops. Jobs modules keep it out.
  it('never loads the API’s identity module (its passport strategies are process-wide)', () => {
    expect(() => worker.get(IdentityModule, { strict: false })).toThrow();
  });

  it('registers the hourly purge once, however many workers start', async () => {
    let keys: string[] = [];
    for (let i = 0; i < 50 && keys.length === 0; i++) {
      keys = (await queue.getJobSchedulers()).map((s) => s.key);
      if (keys.length === 0) await new Promise((r) => setTimeout(r, 100)); // registered in the background
    }
    expect(keys).toEqual([MaintenanceJob.PurgeExpiredIdentityRecords]);
  });

  it('purges expired sessions, spent links and old sign-in attempts, and keeps the rest', async () => {
    const account = await createAccount(db.url);
    await query(db.url, `INSERT INTO sessions (sid, sess, expire) VALUES ('old', '{}', now() - interval '1 hour'), ('live', '{}', now() + interval '1 hour')`);
    await query(db.url, `INSERT INTO email_tokens (account_id, purpose, token_hash, expires_at) VALUES ($1, 'verify_email', 'h-old', now() - interval '40 days'), ($1, 'verify_email', 'h-new', now() + interval '1 day')`, [account.id]);
    await query(db.url, `INSERT INTO sign_in_attempts (email, ip, succeeded, attempted_at) VALUES ('x@example.org', '1.1.1.1', false, now() - interval '40 days'), ('x@example.org', '1.1.1.1', false, now())`);

    const job = await queue.add(MaintenanceJob.PurgeExpiredIdentityRecords, {});
    const result = await job.waitUntilFinished(events, 20_000);

    expect(result).toEqual({ sessions: 1, emailTokens: 1, signInAttempts: 1 });
    expect((await query(db.url, 'SELECT sid FROM sessions')).map((r) => r.sid)).toEqual(['live']);
    expect((await query(db.url, 'SELECT token_hash FROM email_tokens')).map((r) => r.token_hash)).toEqual(['h-new']);
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM sign_in_attempts')).toEqual([{ n: 1 }]);
  });
});
