import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { OutboxRepository } from '../../persistence/outbox.repository';

/**
 * An admin sends failed messages again (after mending an address or a template): the delivery
 * record reopens, and a message's failed job goes back to the queue with fresh attempts. One
 * with no failed job of its own (refused in a batch, or its job lost with Redis) is queued again
 * through the outbox instead.
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
    const viaOutbox: string[] = [];
    for (const id of reopened) {
      const job = await this.queue.getJob(id);
      if (job && (await job.isFailed())) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      // Failed in a batch (so without a job of its own), or its job finished or is gone: the relay queues it again.
      else if (!job || (await job.isCompleted())) viaOutbox.push(id);
    }
    if (viaOutbox.length > 0) await this.outbox.requeue(viaOutbox);
    return reopened.length;
  }
}
