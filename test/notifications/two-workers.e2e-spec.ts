import type { INestApplicationContext } from '@nestjs/common';
import { query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { startTestApp, type TestApp } from '../support/test-app';

const COUNT = 10_000;

describe('two workers, 10,000 notifications', () => {
  let t: TestApp;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await t.close();
  });

  it('delivers each exactly once', async () => {
    await query(
      t.db.url,
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_address, language, payload)
       SELECT 'already-registered:bulk-' || g || ':email', 'bulk-' || g, 'already-registered', 'account', 'email', 'bulk-' || g || '@example.org', 'en', '{}'::jsonb
         FROM generate_series(1, $1::int) AS g`,
      [COUNT],
    );
    // Two workers, each with its own relay and its own BullMQ worker, on the same outbox and queue.
    workers.push(await createWorker(), await createWorker());

    await t.mail.waitForCount(COUNT, 170_000);
    await new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show itself

    const perAddress = new Map<string, number>();
    for (const mail of t.mail.all()) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(perAddress.size).toBe(COUNT);
    expect([...perAddress.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await query(t.db.url, `SELECT status, count(*)::int AS n FROM notification_deliveries GROUP BY status`)).toEqual([{ status: 'sent', n: COUNT }]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'pending'`)).toEqual([{ n: 0 }]);
  }, 180_000);
});
