import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { MaintenanceJob } from './purge-expired.processor';

/**
 * Registers the hourly purge. A job scheduler is keyed by id, so every worker registering it
 * at start-up still yields one schedule.
 */
@Injectable()
export class ScheduleMaintenance implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(MaintenanceJob.PurgeExpiredIdentityRecords, { every: 3600_000 }, { name: MaintenanceJob.PurgeExpiredIdentityRecords });
  }
}
