import { Module } from '@nestjs/common';
import { IdentityJobsModule } from '@commonpurse/identity';
import { DatabaseModule, KernelModule, LoggingModule, QueueModule } from '@commonpurse/kernel';

/** The worker process: BullMQ processors and schedules, no HTTP server. */
@Module({
  imports: [KernelModule, LoggingModule, DatabaseModule, QueueModule, IdentityJobsModule],
})
export class WorkerModule {}
