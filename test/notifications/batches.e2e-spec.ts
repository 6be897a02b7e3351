import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName, bullConnectionOptions } from '@commonpurse/kernel';
import { query, testEnv } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { RetryFailedUseCase } from '../../libs/notifications/src/usecases/retry-failed/retry-failed.usecase';
import { deliveryStatus, receivedByAddress } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A "voting is open" announcement to `count` residents (`<label>-<n>@example.org`, each with an
 * account id, so optional-category rules apply), as the phase scheduler writes one; one in three
 * in Welsh.
 */
function fillBroadcast(databaseUrl: string, label: string, count: number): Promise<Array<{ id: string; address: string; accountId: string }>> {
  return query<{ id: string; address: string; accountId: string }>(
    databaseUrl,
    `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_account_id, recipient_address, language, payload)
     SELECT 'voting-opened:' || $1 || ':' || a || ':email', $1, 'voting-opened', 'news', 'email', a, $1 || '-' || g || '@example.org',
            CASE WHEN g % 3 = 0 THEN 'cy' ELSE 'en' END,
            jsonb_build_object('fundName', 'Riverside Community Fund', 'roundName', 'Summer 2027', 'roundPath', '/funds/riverside/rounds/summer-2027',
                               'closesAt', '2027-06-30T23:00:00.000Z', 'name', 'Resident ' || g)
       FROM (SELECT g, md5($1 || g)::uuid AS a FROM generate_series(1, $2::int) AS g) AS residents
     ORDER BY g
     RETURNING id, recipient_address AS address, recipient_account_id AS "accountId"`,
    [label, count],
  );
}

const records = (t: TestApp, label: string) =>
  query<{ address: string; status: string; attempts: number; last_error: string | null }>(
    t.db.url,
    `SELECT o.recipient_address AS address, d.status, d.attempts, d.last_error
       FROM notification_outbox o LEFT JOIN notification_deliveries d ON d.outbox_id = o.id WHERE o.event_id = $1 ORDER BY o.recipient_address`,
    [label],
  );

/**
 * The relay queues messages in batches (EMAIL_BATCH per job). Each message of a batch still has
 * its own fate: these are the cases where one differs from the others.
 */
describe('messages queued in batches', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let queue: Queue;
  beforeAll(async () => {
    t = await startTestApp({ NOTIFY_RETRY_BASE_MS: '100' }, { worker: false });
    queue = new Queue(QueueName.Email, { connection: bullConnectionOptions(testEnv('redisUrl')), prefix: process.env.QUEUE_PREFIX! });
  });
  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await t.close();
  });

  it('each message fares on its own: a temporary refusal is retried alone, a permanent one fails alone, an opted-out resident is skipped; the others go once', async () => {
    const messages = await fillBroadcast(t.db.url, 'mixed', 40);
    const [later, never, optedOut] = [messages[3], messages[17], messages[28]];
    t.mail.refuse(later.address, 451, 2);
    t.mail.refuse(never.address, 550);
    await query(t.db.url, `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, 'news', false)`, [optedOut.accountId]);
    worker = await createWorker();

    expect(await deliveryStatus(t.db.url, later.address, 'sent', 20_000)).toBe('sent');
    await t.mail.waitForCount(38, 20_000); // all but the refused and the skipped one
    await new Promise((r) => setTimeout(r, 1000)); // room for any repeat to show itself
    const received = receivedByAddress(t.mail);
    expect([...received.values()].filter((ids) => ids.length !== 1)).toEqual([]);
    expect([received.has(never.address), received.has(optedOut.address), received.size]).toEqual([false, false, 38]);

    const byAddress = new Map((await records(t, 'mixed')).map((r) => [r.address, r]));
    expect(byAddress.get(later.address)).toEqual({ address: later.address, status: 'sent', attempts: 3, last_error: null });
    expect(byAddress.get(never.address)).toEqual({ address: never.address, status: 'failed', attempts: 1, last_error: expect.stringContaining('550') });
    expect(byAddress.get(optedOut.address)).toMatchObject({ status: 'skipped', attempts: 1 });
    const others = [...byAddress.values()].filter((r) => ![later.address, never.address, optedOut.address].includes(r.address));
    expect(new Set(others.map((r) => `${r.status} ${r.attempts}`))).toEqual(new Set(['sent 1']));
    // Each one its own: name, language, unsubscribe link (rendered once per kind and filled in).
    const [english, welsh] = [await t.mail.waitFor(messages[1].address), await t.mail.waitFor(messages[2].address)];
    expect([english.subject, welsh.subject]).toEqual(['Voting is open: Summer 2027', 'Mae pleidleisio ar agor: Summer 2027']);
    expect([english.text, welsh.text]).toEqual([expect.stringContaining('Dear Resident 2,'), expect.stringContaining('Annwyl Resident 3,')]);
    expect(english.headers['list-unsubscribe']).toMatch(new RegExp(`^<http://127\\.0\\.0\\.1:\\d+/unsubscribe/${messages[1].accountId}\\.news\\.[\\w-]+>$`));
    expect(english.html).toContain(english.headers['list-unsubscribe'].slice(1, -1));
    expect(welsh.headers['list-unsubscribe']).toContain(`/unsubscribe/${messages[2].accountId}.news.`);
    // The one refused for now went on as a job of its own, with the retries.
    expect((await queue.getJob(later.id))?.name).toBe('deliver-email');
    expect(await queue.getJob(never.id)).toBeUndefined();
  }, 60_000);

  it('a message refused for good in a batch is on the failures list and can be sent again', async () => {
    const [message] = await fillBroadcast(t.db.url, 'again', 3);
    t.mail.refuse(message.address, 550, 1); // refused once, accepted after
    expect(await deliveryStatus(t.db.url, message.address, 'failed')).toBe('failed');
    expect(await t.app.get(RetryFailedUseCase, { strict: false }).execute({ outboxIds: [message.id] })).toBe(1);
    const mail = await t.mail.waitFor(message.address, () => true, 20_000);
    expect(mail.subject).toBe('Voting is open: Summer 2027');
    expect(await deliveryStatus(t.db.url, message.address, 'sent')).toBe('sent');
  });

  it('leaves a message that another attempt holds to that one, and sends it once its lease runs out if nobody did', async () => {
    await worker?.close();
    worker = undefined;
    const messages = await fillBroadcast(t.db.url, 'held', 10);
    const held = messages[5];
    // Another worker took it a moment ago and died with it.
    await query(t.db.url, `INSERT INTO notification_deliveries (outbox_id, status, attempts, lease_until) VALUES ($1, 'sending', 1, now() + interval '2 seconds')`, [held.id]);
    const startedAt = Date.now();
    worker = await createWorker();
    await t.mail.waitFor(messages[9].address, () => true, 20_000);
    expect(receivedByAddress(t.mail).has(held.address)).toBe(false);
    const mail = await t.mail.waitFor(held.address, () => true, 20_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_000);
    expect(mail.headers['message-id']).toBe(`<${held.id}@127.0.0.1>`);
    await new Promise((r) => setTimeout(r, 500));
    expect(receivedByAddress(t.mail).get(held.address)).toHaveLength(1);
    expect((await records(t, 'held')).find((r) => r.address === held.address)).toMatchObject({ status: 'sent', attempts: 2 });
  }, 60_000);
});
