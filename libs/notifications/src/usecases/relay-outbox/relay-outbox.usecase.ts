import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { OutboxRepository } from '../../persistence/outbox.repository';

export const EMAIL_JOB = 'deliver-email';

/**
 * Moves a batch of pending outbox rows into the channel's queue. The job id is the outbox id,
 * so a row relayed twice (a crash between queueing and commit) is still one job while it is
 * queued, and the delivery record stops a second send after that.
 */
@Injectable()
export class RelayOutboxUseCase {
  constructor(private readonly outbox: OutboxRepository) {}

  execute(queue: Queue, batchSize: number): Promise<number> {
    return this.outbox.relayPending(batchSize, async (rows) => {
      // A row relayed before whose job ended without delivering it (failed as stalled, say): BullMQ
      // would ignore a new job with the same id, so the finished one goes first.
      for (const row of rows.filter((r) => r.relayedAt !== null)) {
        const job = await queue.getJob(row.id);
        if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
      }
      await queue.addBulk(rows.map((row) => ({ name: EMAIL_JOB, data: { outboxId: row.id }, opts: { jobId: row.id } })));
    });
  }
}
