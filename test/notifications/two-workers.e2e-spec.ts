import type { INestApplicationContext } from '@nestjs/common';
import { query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { fillOutbox, receivedByAddress } from '../support/notifications';
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
    await fillOutbox(t.db.url, 'bulk', COUNT);
    // Two workers, each with its own relay and its own BullMQ worker, on the same outbox and queue.
    workers.push(await createWorker(), await createWorker());

    await t.mail.waitForCount(COUNT, 170_000);
    await new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show itself

    const received = receivedByAddress(t.mail);
    expect(received.size).toBe(COUNT);
    expect([...received.values()].filter((ids) => ids.length !== 1)).toEqual([]);
    expect(await query(t.db.url, `SELECT status, count(*)::int AS n FROM notification_deliveries GROUP BY status`)).toEqual([{ status: 'sent', n: COUNT }]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'pending'`)).toEqual([{ n: 0 }]);
  }, 180_000);
});
