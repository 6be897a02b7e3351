import type { INestApplicationContext } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { QueueName, bullConnectionOptions } from '@commonpurse/kernel';
import { createAccount, query, testEnv } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { Client } from 'pg';
import { DeliveryRepository } from '../../libs/notifications/src/persistence/delivery.repository';
import { OutboxRepository } from '../../libs/notifications/src/persistence/outbox.repository';
import { startTestApp, type TestApp } from '../support/test-app';

describe('messages whose job ended without delivering them', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_REQUEUE_AFTER_MS: '1000' }, { worker: false });
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('are sent after all, even though a failed job with the same id is kept', async () => {
    const account = await createAccount(t.db.url);
    const [row] = await query<{ id: string }>(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_account_id, recipient_address, language, status, relayed_at)
       VALUES ('stuck:' || $1, 'stuck', 'already-registered', 'account', 'email', $1::uuid, $2, 'en', 'relayed', now() - interval '1 hour') RETURNING id`,
      [account.id, account.email],
    );
    // The job failed without a final delivery (as when BullMQ gives up on a job that stalled).
    const connection = bullConnectionOptions(testEnv('redisUrl'));
    const prefix = process.env.QUEUE_PREFIX!;
    const queue = new Queue(QueueName.Email, { connection, prefix });
    const failing = new Worker(QueueName.Email, async () => { throw new UnrecoverableError('job stalled more than allowable limit'); }, { connection, prefix });
    await queue.add('deliver-email', { outboxId: row.id }, { jobId: row.id });
    for (let i = 0; i < 100 && !(await (await queue.getJob(row.id))?.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
    await failing.close();
    expect(await (await queue.getJob(row.id))!.isFailed()).toBe(true);

    worker = await createWorker();
    const mail = await t.mail.waitFor(account.email, () => true, 20_000);
    expect(mail.subject).toBe('You already have a Commonpurse account');
    await queue.close();
  });

  it('let only the attempt holding the claim record its outcome', async () => {
    const account = await createAccount(t.db.url);
    const [row] = await query<{ id: string }>(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_address, language, status) VALUES ('claim:' || $1, 'claim', 'already-registered', 'account', 'email', $1, 'en', 'relayed') RETURNING id`,
      [account.email],
    );
    const deliveries = t.app.get(DeliveryRepository);
    const first = await deliveries.claim([row.id], 1);
    await new Promise((r) => setTimeout(r, 20)); // the first worker's lease runs out
    const second = await deliveries.claim([row.id], 60_000);
    expect([first.claimed.map((m) => [m.id, m.attempt]), second.claimed.map((m) => [m.id, m.attempt])]).toEqual([[[row.id, 1]], [[row.id, 2]]]);
    const third = await deliveries.claim([row.id], 60_000); // the lease holds: nobody else may send it
    expect([third.claimed, third.refused]).toEqual([[], new Map([[row.id, { status: 'sending', leaseLeftMs: expect.any(Number) }]])]);
    expect(third.refused.get(row.id)!.leaseLeftMs).toBeGreaterThan(50_000);
    await deliveries.recordOutcomes([{ outboxId: row.id, attempt: 2, status: 'sent', reason: null, providerMessageId: 'msg' }]);
    await deliveries.recordOutcomes([{ outboxId: row.id, attempt: 1, status: 'retrying', reason: 'late failure from the first worker' }]);
    expect(await query(t.db.url, `SELECT status, attempts FROM notification_deliveries WHERE outbox_id = $1`, [row.id])).toEqual([{ status: 'sent', attempts: 2 }]);
    expect((await deliveries.claim([row.id], 60_000)).refused).toEqual(new Map([[row.id, { status: 'sent', leaseLeftMs: 0 }]])); // final: never claimed again
  });

  it('are queued again by one worker at a time, without waiting for rows another holds (two workers did so at once and deadlocked)', async () => {
    await worker?.close();
    worker = undefined;
    const rows = await query<{ id: string }>(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_address, language, status, relayed_at)
       SELECT 'stale:' || g, 'stale', 'already-registered', 'account', 'email', 'stale-' || g || '@example.org', 'en', 'relayed', now() - interval '1 hour'
         FROM generate_series(1, 3) AS g ORDER BY g RETURNING id`,
    );
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM notification_outbox WHERE id = $1 FOR UPDATE`, [rows[1].id]); // another worker's requeue holds it
      const outbox = t.app.get(OutboxRepository);
      const requeued = await Promise.race([outbox.requeueStale(1000), new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000))]);
      expect(requeued).toBe(2);
      await other.query('COMMIT');
      expect(await outbox.requeueStale(1000)).toBe(1);
    } finally {
      await other.end();
    }
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM notification_outbox WHERE event_id = 'stale' AND status = 'pending'`)).toEqual([{ n: 3 }]);
  });
});
