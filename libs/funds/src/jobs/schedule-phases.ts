import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig, QueueName } from '@commonpurse/kernel';
import { RoundsJob } from './phase-scheduler.processor';

/**
 * Registers the phase scheduler's tick. A job scheduler is keyed by id, so every worker that
 * registers it still makes one schedule; each tick is one job, taken by one worker.
 */
@Injectable()
export class SchedulePhases implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulePhases.name);

  constructor(
    @InjectQueue(QueueName.Rounds) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  registered: Promise<unknown> = Promise.resolve();

  onApplicationBootstrap(): void {
    this.registered = this.queue
      .upsertJobScheduler(RoundsJob.RecordPhaseTransitions, { every: this.config.phaseTickMs }, { name: RoundsJob.RecordPhaseTransitions, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not register the phase scheduler'));
  }
}
