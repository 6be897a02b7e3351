import type { DevMailReceiver } from '@commonpurse/kernel';
import { query } from '@commonpurse/testing';

/** `count` messages straight into the outbox, each to its own address (`<label>-<n>@example.org`). */
export async function fillOutbox(databaseUrl: string, label: string, count: number): Promise<void> {
  await query(
    databaseUrl,
    `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_address, language, payload)
     SELECT 'already-registered:' || $1 || '-' || g || ':email', $1 || '-' || g, 'already-registered', 'account', 'email', $1 || '-' || g || '@example.org', 'en', '{}'::jsonb
       FROM generate_series(1, $2::int) AS g`,
    [label, count],
  );
}

/** The Message-IDs each address received, as the SMTP receiver counted them. */
export function receivedByAddress(mail: DevMailReceiver): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const message of mail.all()) for (const to of message.to) byAddress.set(to, [...(byAddress.get(to) ?? []), message.headers['message-id']]);
  return byAddress;
}

/** Waits until the delivery of the message to `email` reaches `status` (or gives up and returns what it is). */
export async function deliveryStatus(databaseUrl: string, email: string, status: string, timeoutMs = 10_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await query<{ status: string }>(databaseUrl, `SELECT d.status FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.outbox_id WHERE o.recipient_address = $1`, [email]);
    if (row?.status === status || Date.now() > deadline) return row?.status;
    await new Promise((r) => setTimeout(r, 100));
  }
}
