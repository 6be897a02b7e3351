import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { RecordTransitionsUseCase } from '../usecases/record-transitions/record-transitions.usecase';

export enum RoundsJob {
  RecordPhaseTransitions = 'record-phase-transitions',
}

/** The phase scheduler: records each round's phase changes by the clock and announces them. */
@Processor(QueueName.Rounds)
export class PhaseSchedulerProcessor extends WorkerHost {
  private readonly logger = new Logger(PhaseSchedulerProcessor.name);

  constructor(private readonly recordTransitions: RecordTransitionsUseCase) {
    super();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'phase scheduler worker error');
  }

  async process(job: Job): Promise<{ recorded: number }> {
    if (job.name !== RoundsJob.RecordPhaseTransitions) throw new Error(`Unknown rounds job ${job.name}`);
    return { recorded: await this.recordTransitions.execute() };
  }
}
