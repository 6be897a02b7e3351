import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig, QueueName, bullConnectionOptions } from '@commonpurse/kernel';
import { OutboxRepository } from '../persistence/outbox.repository';
import { RelayOutboxUseCase } from '../usecases/relay-outbox/relay-outbox.usecase';
import { emailJobOptions } from './email-jobs';

export const RELAY_BATCH = 500;
export const RELAY_IDLE_MS = 200;

/**
 * The worker's loop from the outbox to the queues. It talks to Redis without an offline queue,
 * so while Redis is away each attempt fails at once, the rows stay pending in Postgres, and the
 * loop tries again a moment later. Any number of workers run it side by side (SKIP LOCKED).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queue: Queue;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  private lastRequeue = 0;

  constructor(
    private readonly relay: RelayOutboxUseCase,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(QueueName.Email, {
      connection: { ...(bullConnectionOptions(config.redisUrl) as object), enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      prefix: config.queuePrefix,
      defaultJobOptions: emailJobOptions(config.notifyRetryBaseMs),
    });
    this.queue.on('error', () => undefined); // reported through the relay's own failures below
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.queue.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.requeueStale();
        const moved = await this.relay.execute(this.queue, RELAY_BATCH);
        if (failures > 0) this.logger.log(`relaying again after ${failures} failed attempts`);
        failures = 0;
        if (moved === RELAY_BATCH) continue; // more waiting: no pause
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 50 === 0) this.logger.warn({ err: error, failures }, 'outbox relay failed; rows stay pending');
      }
      await this.pause(failures > 0 ? Math.min(5_000, RELAY_IDLE_MS * 2 ** Math.min(failures, 5)) : RELAY_IDLE_MS);
    }
  }

  /** At most every tenth of the requeue age: messages whose queued job vanished (a Redis restart) go round again. */
  private async requeueStale(): Promise<void> {
    if (Date.now() - this.lastRequeue < this.config.outboxRequeueAfterMs / 10) return;
    this.lastRequeue = Date.now();
    const requeued = await this.outbox.requeueStale(this.config.outboxRequeueAfterMs);
    if (requeued > 0) this.logger.warn({ requeued }, 'queued again messages whose jobs were lost');
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
