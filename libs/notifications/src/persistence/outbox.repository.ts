import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxEntity } from './outbox.entity';

export type NewOutboxRow = Omit<OutboxEntity, 'id' | 'status' | 'createdAt' | 'relayedAt'>;

/** A row the relay is queueing; `relayedAt` is set when it was queued before (its job was lost, or an admin sent it again). */
export type PendingRow = Pick<OutboxEntity, 'id' | 'relayedAt'>;

const INSERT_SLICE = 2_000;

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds intents inside the caller's transaction; an intent already there (same idempotency key)
   * is left as it was. In slices: a statement carries at most 65,535 parameters, and an
   * announcement can reach a whole city.
   */
  async insertMany(manager: EntityManager, rows: NewOutboxRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_SLICE) {
      await manager.getRepository(OutboxEntity).createQueryBuilder().insert().values(rows.slice(start, start + INSERT_SLICE)).orIgnore().execute();
    }
  }

  /**
   * Locks up to `limit` pending rows (skipping rows another relay holds), hands them to `relay`,
   * and marks them relayed, all in one transaction: if `relay` throws, they stay pending.
   */
  async relayPending(limit: number, relay: (rows: PendingRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, relayed_at FROM notification_outbox WHERE status = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as Array<{ id: string; relayed_at: Date | null }>;
      if (rows.length === 0) return 0;
      await relay(rows.map((r) => ({ id: r.id, relayedAt: r.relayed_at })));
      await manager.query(`UPDATE notification_outbox SET status = 'relayed', relayed_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Back to pending, so the relay queues it again (an admin's retry). relayed_at stays: it marks a row relayed before. */
  async requeue(ids: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE notification_outbox SET status = 'pending' WHERE id = ANY($1)`, [ids]);
  }

  /**
   * Relayed rows whose message never reached a final state (sent, failed, skipped) and whose
   * job has had time enough: back to pending. If the job is still queued, queueing it again
   * changes nothing but a look at its delivery record; if Redis lost it, this is what brings it
   * back. Rows another transaction holds are left for next time: every worker runs this at about
   * the same moment, and two such updates over the same rows in different orders deadlocked.
   */
  async requeueStale(olderThanMs: number): Promise<number> {
    const result = (await this.dataSource.query(
      `UPDATE notification_outbox SET status = 'pending'
        WHERE id IN (
          SELECT o.id FROM notification_outbox o
           WHERE o.status = 'relayed' AND o.relayed_at < now() - make_interval(secs => $1::float / 1000)
             AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.outbox_id = o.id AND d.status IN ('sent', 'failed', 'skipped'))
           FOR UPDATE SKIP LOCKED)`,
      [olderThanMs],
    )) as [unknown, number];
    return result[1] ?? 0;
  }

  async backlog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::int AS oldest FROM notification_outbox WHERE status = 'pending'`,
    )) as Array<{ pending: number; oldest: number | null }>;
    return { pending: row.pending, oldestSeconds: row.oldest };
  }
}
