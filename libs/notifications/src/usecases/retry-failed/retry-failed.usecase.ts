import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { OutboxRepository } from '../../persistence/outbox.repository';

/**
 * An admin sends failed messages again (after mending an address or a template): the delivery
 * record reopens, and the failed job goes back to the queue with fresh attempts. A job Redis no
 * longer holds is queued again through the outbox instead.
 */
@Injectable()
export class RetryFailedUseCase {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.Email) private readonly queue: Queue,
  ) {}

  async execute(command: { outboxIds: string[] | 'all' }): Promise<number> {
    const reopened = await this.deliveries.reopenFailed(command.outboxIds);
    const lost: string[] = [];
    for (const id of reopened) {
      const job = await this.queue.getJob(id);
      if (job && (await job.isFailed())) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      else if (!job) lost.push(id);
    }
    if (lost.length > 0) await this.outbox.requeue(lost);
    return reopened.length;
  }
}
