import { Module } from '@nestjs/common';
import { FundsJobsModule } from '@commonpurse/funds';
import { IdentityJobsModule } from '@commonpurse/identity';
import { NotificationsWorkerModule } from '@commonpurse/notifications';
import { VotingJobsModule } from '@commonpurse/voting';
import { DatabaseModule, KernelModule, LoggingModule, QueueModule } from '@commonpurse/kernel';

/** The worker process: the outbox relay, BullMQ processors and schedules (phases, vote counting); no HTTP server. */
@Module({
  imports: [KernelModule, LoggingModule, DatabaseModule, QueueModule, IdentityJobsModule, NotificationsWorkerModule, FundsJobsModule, VotingJobsModule],
})
export class WorkerModule {}
