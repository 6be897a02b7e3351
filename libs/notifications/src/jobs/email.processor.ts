import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { PermanentDeliveryFailure } from '../domain/delivery-failure';
import { QueueName } from '@commonpurse/kernel';
import { DeliverEmailUseCase, type DeliveryOutcome } from '../usecases/deliver-email/deliver-email.usecase';
import { EmailJob, type DeliverBatchData, type DeliverData } from './email-jobs';

export { EMAIL_ATTEMPTS } from '../domain/retry-schedule';

/**
 * Sends queued emails: batches as the relay queues them, and single messages (retries). How many
 * messages are in hand at once is the use case's to say (MESSAGES_IN_HAND); the concurrency here
 * lets single messages waiting on a backoff and batches waiting their turn be held side by side.
 */
// A worker that dies loses its jobs' locks after lockDuration; the others take them back within stalledInterval.
@Processor(QueueName.Email, { concurrency: 16, lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 })
export class EmailProcessor extends WorkerHost {
  constructor(private readonly deliver: DeliverEmailUseCase) {
    super();
  }

  private readonly logger = new Logger(EmailProcessor.name);

  /** Redis errors (it restarted, a job's keys went with it) are reported, never allowed to crash the worker. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'email worker error');
  }

  async process(job: Job<DeliverBatchData | DeliverData>): Promise<DeliveryOutcome | Record<string, number>> {
    if (job.name === EmailJob.DeliverBatch) return this.deliver.deliverBatch({ outboxIds: (job.data as DeliverBatchData).outboxIds });
    try {
      return await this.deliver.deliverOne({ outboxId: (job.data as DeliverData).outboxId, finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    } catch (error) {
      // A permanent failure stops here: BullMQ keeps the job as failed without retrying it.
      if (error instanceof PermanentDeliveryFailure) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
