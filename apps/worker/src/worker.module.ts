import { Module } from '@nestjs/common';
import { FundsJobsModule } from '@commonpurse/funds';
import { IdentityJobsModule } from '@commonpurse/identity';
import { NotificationsWorkerModule } from '@commonpurse/notifications';
import { DatabaseModule, KernelModule, LoggingModule, QueueModule } from '@commonpurse/kernel';

/** The worker process: the outbox relay, BullMQ processors and schedules; no HTTP server. */
@Module({
  imports: [KernelModule, LoggingModule, DatabaseModule, QueueModule, IdentityJobsModule, NotificationsWorkerModule, FundsJobsModule],
})
export class WorkerModule {}
