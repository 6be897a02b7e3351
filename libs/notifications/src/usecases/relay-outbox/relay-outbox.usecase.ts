import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EMAIL_BATCH, EmailJob, type DeliverBatchData } from '../../jobs/email-jobs';
import { OutboxRepository } from '../../persistence/outbox.repository';

/**
 * Moves a batch of pending outbox rows into the channel's queue, EMAIL_BATCH outbox ids per job.
 * A row relayed twice (a crash between queueing and commit, a job Redis lost) may then be in two
 * jobs; its delivery record stops a second send.
 */
@Injectable()
export class RelayOutboxUseCase {
  constructor(private readonly outbox: OutboxRepository) {}

  execute(queue: Queue, batchSize: number): Promise<number> {
    return this.outbox.relayPending(batchSize, async (rows) => {
      const outboxIds: string[] = [];
      for (const row of rows) {
        // A row relayed before may have a job of its own (a retry): one still to run carries it
        // already; a finished one goes, so that a later retry of the same id is not ignored.
        if (row.relayedAt !== null) {
          const job = await queue.getJob(row.id);
          if (job && !((await job.isFailed()) || (await job.isCompleted()))) continue;
          if (job) await job.remove();
        }
        outboxIds.push(row.id);
      }
      const jobs: Array<{ name: EmailJob; data: DeliverBatchData }> = [];
      for (let start = 0; start < outboxIds.length; start += EMAIL_BATCH) jobs.push({ name: EmailJob.DeliverBatch, data: { outboxIds: outboxIds.slice(start, start + EMAIL_BATCH) } });
      if (jobs.length > 0) await queue.addBulk(jobs);
    });
  }
}
