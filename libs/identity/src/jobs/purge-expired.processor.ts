import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName } from '@commonpurse/kernel';
import { EmailTokenRepository } from '../persistence/email-token.repository';
import { SessionRepository } from '../persistence/session.repository';
import { SignInAttemptRepository } from '../persistence/sign-in-attempt.repository';

export enum MaintenanceJob {
  PurgeExpiredIdentityRecords = 'purge-expired-identity-records',
}

/** How long spent links and sign-in attempts are kept for looking into problems. */
export const KEEP_FOR_DAYS = 30;

/** Deletes expired sessions, long-expired email links and old sign-in attempts. Safe to run twice. */
@Processor(QueueName.Maintenance)
export class PurgeExpiredProcessor extends WorkerHost {
  private readonly logger = new Logger(PurgeExpiredProcessor.name);

  constructor(
    private readonly sessions: SessionRepository,
    private readonly emailTokens: EmailTokenRepository,
    private readonly attempts: SignInAttemptRepository,
  ) {
    super();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'maintenance worker error');
  }

  async process(job: Job): Promise<Record<string, number>> {
    if (job.name !== MaintenanceJob.PurgeExpiredIdentityRecords) throw new Error(`Unknown maintenance job ${job.name}`);
    const cutoff = new Date(Date.now() - KEEP_FOR_DAYS * 86_400_000);
    const result = {
      sessions: await this.sessions.deleteExpired(),
      emailTokens: await this.emailTokens.deleteExpiredBefore(cutoff),
      signInAttempts: await this.attempts.deleteBefore(cutoff),
    };
    this.logger.log(result, 'purged expired identity records');
    return result;
  }
}
