import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type DeliveryStatus = 'sending' | 'retrying' | 'sent' | 'failed' | 'skipped';

export interface FailedDelivery {
  outboxId: string;
  eventType: string;
  recipientAddress: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

export type Claim = { claimed: true; attempts: number } | { claimed: false; status: DeliveryStatus };

/** The delivery record of each outbox row: its unique outbox_id is what stops a second send. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the right to send, for `leaseMs`: on the first attempt, on a retry, or when a worker
   * that held it died mid-send (its lease ran out). Never once the message is final.
   */
  async claim(outboxId: string, leaseMs: number): Promise<Claim> {
    const rows = (await this.dataSource.query(
      `INSERT INTO notification_deliveries (outbox_id, status, attempts, lease_until)
       VALUES ($1, 'sending', 1, now() + make_interval(secs => $2::float / 1000))
       ON CONFLICT (outbox_id) DO UPDATE
         SET status = 'sending', attempts = notification_deliveries.attempts + 1,
             lease_until = EXCLUDED.lease_until, updated_at = now()
         WHERE notification_deliveries.status = 'retrying'
            OR (notification_deliveries.status = 'sending' AND notification_deliveries.lease_until < now())
       RETURNING attempts`,
      [outboxId, leaseMs],
    )) as Array<{ attempts: number }>;
    if (rows.length > 0) return { claimed: true, attempts: rows[0].attempts };
    const [current] = (await this.dataSource.query(`SELECT status FROM notification_deliveries WHERE outbox_id = $1`, [outboxId])) as Array<{ status: DeliveryStatus }>;
    return { claimed: false, status: current.status };
  }

  /**
   * The outcome of the attempt that holds the claim (`attempt` is what claim returned): a worker
   * whose lease ran out, and whose message another worker has since taken, changes nothing.
   */
  async markSent(outboxId: string, providerMessageId: string | null, attempt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_deliveries SET status = 'sent', sent_at = now(), updated_at = now(), lease_until = NULL, last_error = NULL, provider_message_id = $2
        WHERE outbox_id = $1 AND status = 'sending' AND attempts = $3`,
      [outboxId, providerMessageId, attempt],
    );
  }

  async mark(outboxId: string, status: 'retrying' | 'failed' | 'skipped', reason: string | null, attempt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_deliveries SET status = $2, last_error = $3, lease_until = NULL, updated_at = now() WHERE outbox_id = $1 AND status = 'sending' AND attempts = $4`,
      [outboxId, status, reason, attempt],
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
