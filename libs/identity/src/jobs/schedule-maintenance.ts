import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { MaintenanceJob } from './purge-expired.processor';

/**
 * Registers the hourly purge. A job scheduler is keyed by id, so every worker registering it
 * at start-up still yields one schedule. Registration never holds up start-up: if Redis is away
 * it completes when Redis returns, and the rest of the worker (the outbox relay) runs meanwhile.
 */
@Injectable()
export class ScheduleMaintenance implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduleMaintenance.name);
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  /** Resolves once the schedule is registered (tests wait for it). */
  registered: Promise<unknown> = Promise.resolve();

  onApplicationBootstrap(): void {
    this.registered = this.queue
      .upsertJobScheduler(MaintenanceJob.PurgeExpiredIdentityRecords, { every: 3600_000 }, { name: MaintenanceJob.PurgeExpiredIdentityRecords })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not register the maintenance schedule'));
  }
}
