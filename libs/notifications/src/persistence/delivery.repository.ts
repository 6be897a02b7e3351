import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxEntity } from './outbox.entity';

export type DeliveryStatus = 'sending' | 'retrying' | 'sent' | 'failed' | 'skipped';

export interface FailedDelivery {
  outboxId: string;
  eventType: string;
  recipientAddress: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/** What a worker needs to send a message it has claimed: its outbox row, and which attempt this is. */
export type ClaimedMessage = Pick<OutboxEntity, 'id' | 'eventType' | 'category' | 'recipientAccountId' | 'recipientAddress' | 'language' | 'payload' | 'sealedSecrets'> & {
  attempt: number;
};

/** Why a message was not claimed: another attempt holds it (for `leaseLeftMs` more) or it is final, or there is no such outbox row. */
export interface Refusal {
  status: DeliveryStatus | 'no-outbox-row';
  leaseLeftMs: number;
}

export interface Claims {
  claimed: ClaimedMessage[];
  refused: Map<string, Refusal>;
}

/** The outcome of one attempt; `attempt` is the one the claim returned. Sent and skipped messages forget their secrets. */
export interface AttemptOutcome {
  outboxId: string;
  attempt: number;
  status: 'sent' | 'retrying' | 'failed' | 'skipped';
  reason: string | null;
  providerMessageId?: string | null;
}

/** The delivery record of each outbox row: its unique outbox_id is what stops a second send. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the right to send each message, for `leaseMs`, in one statement that also reads their
   * outbox rows: on the first attempt, on a retry, or when a worker that held it died mid-send
   * (its lease ran out); never once the message is final. Rows are taken in id order, so two
   * workers claiming overlapping batches cannot deadlock.
   */
  async claim(outboxIds: string[], leaseMs: number): Promise<Claims> {
    const rows = (await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO notification_deliveries (outbox_id, status, attempts, lease_until)
         SELECT o.id, 'sending', 1, now() + make_interval(secs => $2::float / 1000)
           FROM notification_outbox o WHERE o.id = ANY($1::uuid[]) ORDER BY o.id
         ON CONFLICT (outbox_id) DO UPDATE
           SET status = 'sending', attempts = notification_deliveries.attempts + 1,
               lease_until = EXCLUDED.lease_until, updated_at = now()
           WHERE notification_deliveries.status = 'retrying'
              OR (notification_deliveries.status = 'sending' AND notification_deliveries.lease_until < now())
         RETURNING outbox_id, attempts
       )
       SELECT o.id, o.event_type, o.category, o.recipient_account_id, o.recipient_address, o.language, o.payload, o.sealed_secrets, c.attempts
         FROM claimed c JOIN notification_outbox o ON o.id = c.outbox_id`,
      [outboxIds, leaseMs],
    )) as Array<Record<string, unknown>>;
    const claimed = rows.map(
      (r): ClaimedMessage => ({
        id: String(r.id),
        eventType: String(r.event_type),
        category: String(r.category),
        recipientAccountId: (r.recipient_account_id as string | null) ?? null,
        recipientAddress: String(r.recipient_address),
        language: r.language as ClaimedMessage['language'],
        payload: r.payload as ClaimedMessage['payload'],
        sealedSecrets: (r.sealed_secrets as string | null) ?? null,
        attempt: Number(r.attempts),
      }),
    );
    const taken = new Set(claimed.map((m) => m.id));
    const others = [...new Set(outboxIds)].filter((id) => !taken.has(id));
    // Asked afterwards, in a statement of its own, so that it sees a record another worker committed while this claim waited for it.
    const refused = new Map<string, Refusal>();
    if (others.length > 0) {
      const statuses = (await this.dataSource.query(
        `SELECT i.id, o.id IS NOT NULL AS exists, d.status, coalesce(greatest(0, extract(epoch FROM d.lease_until - now()) * 1000), 0)::float8 AS lease_left_ms
           FROM unnest($1::uuid[]) AS i(id) LEFT JOIN notification_outbox o ON o.id = i.id LEFT JOIN notification_deliveries d ON d.outbox_id = i.id`,
        [others],
      )) as Array<{ id: string; exists: boolean; status: DeliveryStatus | null; lease_left_ms: number }>;
      // A row without a record after the claim cannot be told apart from one being claimed elsewhere: "sending" has it looked at again.
      for (const s of statuses) refused.set(s.id, { status: s.exists ? (s.status ?? 'sending') : 'no-outbox-row', leaseLeftMs: Math.ceil(s.lease_left_ms) });
    }
    return { claimed, refused };
  }

  /**
   * Records outcomes, many in one statement. Only the attempt that holds the claim records its
   * outcome: a worker whose lease ran out, and whose message another worker has since taken,
   * changes nothing. A message sent or skipped forgets its secrets in the same statement.
   */
  async recordOutcomes(outcomes: AttemptOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    // In id order, as claims take them, so that two statements on the same records queue rather than deadlock.
    const sorted = [...outcomes].sort((a, b) => (a.outboxId < b.outboxId ? -1 : a.outboxId > b.outboxId ? 1 : 0));
    await this.dataSource.query(
      `WITH outcome AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[]) AS o(outbox_id, attempt, status, reason, provider_message_id)
       ), recorded AS (
         UPDATE notification_deliveries d
            SET status = o.status, last_error = o.reason, lease_until = NULL, updated_at = now(),
                sent_at = CASE WHEN o.status = 'sent' THEN now() ELSE d.sent_at END,
                provider_message_id = CASE WHEN o.status = 'sent' THEN o.provider_message_id ELSE d.provider_message_id END
           FROM outcome o
          WHERE d.outbox_id = o.outbox_id AND d.status = 'sending' AND d.attempts = o.attempt
         RETURNING d.outbox_id, d.status
       )
       UPDATE notification_outbox SET sealed_secrets = NULL
        WHERE id IN (SELECT outbox_id FROM recorded WHERE status IN ('sent', 'skipped')) AND sealed_secrets IS NOT NULL`,
      [sorted.map((o) => o.outboxId), sorted.map((o) => o.attempt), sorted.map((o) => o.status), sorted.map((o) => o.reason), sorted.map((o) => o.providerMessageId ?? null)],
    );
  }

  async listFailed(limit = 200): Promise<FailedDelivery[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.outbox_id, o.event_type, o.recipient_address, d.attempts, d.last_error, d.updated_at
         FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.outbox_id
        WHERE d.status = 'failed' ORDER BY d.updated_at DESC LIMIT $1`,
      [limit],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      outboxId: String(r.outbox_id),
      eventType: String(r.event_type),
      recipientAddress: String(r.recipient_address),
      attempts: Number(r.attempts),
      lastError: (r.last_error as string | null) ?? null,
      updatedAt: r.updated_at as Date,
    }));
  }

  /** Failed deliveries become retryable again; returns the outbox ids reopened. */
  async reopenFailed(outboxIds: string[] | 'all'): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `UPDATE notification_deliveries SET status = 'retrying', updated_at = now()
        WHERE status = 'failed' AND ($1::uuid[] IS NULL OR outbox_id = ANY($1::uuid[])) RETURNING outbox_id`,
      [outboxIds === 'all' ? null : outboxIds],
    )) as [Array<{ outbox_id: string }>, number] | Array<{ outbox_id: string }>;
    const list = Array.isArray(rows[0]) ? (rows[0] as Array<{ outbox_id: string }>) : (rows as Array<{ outbox_id: string }>);
    return list.map((r) => r.outbox_id);
  }
}
