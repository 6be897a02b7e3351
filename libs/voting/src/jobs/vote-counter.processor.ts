import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig, QueueName } from '@commonpurse/kernel';
import { CountClosedVotesUseCase } from '../usecases/count-closed-votes/count-closed-votes.usecase';
import { RemindUnconfirmedUseCase } from '../usecases/remind-unconfirmed/remind-unconfirmed.usecase';

export enum VotingJob {
  CountClosedVotes = 'count-closed-votes',
}

/** The vote counter's tick: counts the votes that have closed, and reminds the voters who have not confirmed their ballots before a vote closes. */
@Processor(QueueName.Voting)
export class VoteCounterProcessor extends WorkerHost {
  private readonly logger = new Logger(VoteCounterProcessor.name);

  constructor(
    private readonly countClosed: CountClosedVotesUseCase,
    private readonly remindUnconfirmed: RemindUnconfirmedUseCase,
  ) {
    super();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'vote counter worker error');
  }

  async process(job: Job): Promise<{ counted: number; reminded: number }> {
    if (job.name !== VotingJob.CountClosedVotes) throw new Error(`Unknown voting job ${job.name}`);
    // Each runs whatever the other does: a vote that fails to count must not hold up another's reminders.
    const settled = await Promise.allSettled([this.countClosed.execute(), this.remindUnconfirmed.execute()]);
    const [counted, reminded] = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    return { counted, reminded };
  }
}

/** Registers the tick (keyed, so many workers still make one schedule), at the phase scheduler's pace. */
@Injectable()
export class ScheduleVoteCounting implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduleVoteCounting.name);

  constructor(
    @InjectQueue(QueueName.Voting) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.queue
      .upsertJobScheduler(VotingJob.CountClosedVotes, { every: this.config.phaseTickMs }, { name: VotingJob.CountClosedVotes, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not register the vote counter'));
  }
}
