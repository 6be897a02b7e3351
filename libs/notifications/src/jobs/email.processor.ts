import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { PermanentDeliveryFailure } from '../domain/delivery-failure';
import { QueueName } from '@commonpurse/kernel';
import { DeliverEmailUseCase, type DeliveryOutcome } from '../usecases/deliver-email/deliver-email.usecase';

export const EMAIL_ATTEMPTS = 8;

/** Sends queued emails, several at a time. Retries and their backoff are set on each job by the relay. */
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

  async process(job: Job<{ outboxId: string }>): Promise<DeliveryOutcome> {
    try {
      return await this.deliver.execute({ outboxId: job.data.outboxId, finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    } catch (error) {
      // A permanent failure stops here: BullMQ keeps the job as failed without retrying it.
      if (error instanceof PermanentDeliveryFailure) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
