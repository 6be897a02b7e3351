import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { RecordTransitionsUseCase } from '../usecases/record-transitions/record-transitions.usecase';
import { RemindBeforeClosingUseCase } from '../usecases/remind-before-closing/remind-before-closing.usecase';

export enum RoundsJob {
  RecordPhaseTransitions = 'record-phase-transitions',
}

/** The phase scheduler: records each round's phase changes by the clock, announces them, and sends the reminders due before a phase closes. */
@Processor(QueueName.Rounds)
export class PhaseSchedulerProcessor extends WorkerHost {
  private readonly logger = new Logger(PhaseSchedulerProcessor.name);

  constructor(
    private readonly recordTransitions: RecordTransitionsUseCase,
    private readonly remindBeforeClosing: RemindBeforeClosingUseCase,
  ) {
    super();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'phase scheduler worker error');
  }

  async process(job: Job): Promise<{ recorded: number; reminded: number }> {
    if (job.name !== RoundsJob.RecordPhaseTransitions) throw new Error(`Unknown rounds job ${job.name}`);
    const recorded = await this.recordTransitions.execute();
    return { recorded, reminded: await this.remindBeforeClosing.execute() };
  }
}
