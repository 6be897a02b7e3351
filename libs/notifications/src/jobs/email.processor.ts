import { Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { backoffDelay } from '../domain/backoff';
import { PermanentDeliveryFailure } from '../domain/delivery-failure';
import { QueueName } from '@commonpurse/kernel';
import { DeliverEmailUseCase, type DeliveryOutcome } from '../usecases/deliver-email/deliver-email.usecase';

export const EMAIL_ATTEMPTS = 8;
export const EMAIL_BACKOFF_BASE_MS = 5_000;

/** Sends queued emails, several at a time; retries temporary failures with jittered backoff. */
@Processor(QueueName.Email, {
  concurrency: 16,
  settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, EMAIL_BACKOFF_BASE_MS) },
})
export class EmailProcessor extends WorkerHost {
  constructor(private readonly deliver: DeliverEmailUseCase) {
    super();
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
