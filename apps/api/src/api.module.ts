import { Module, type DynamicModule } from '@nestjs/common';
import { IdentityModule } from '@commonpurse/identity';
import { NotificationsModule } from '@commonpurse/notifications';
import { FundsModule } from '@commonpurse/funds';
import { ApplicationsModule } from '@commonpurse/applications';
import { DeliberationModule } from '@commonpurse/deliberation';
import { VotingModule } from '@commonpurse/voting';
import { LedgerModule } from '@commonpurse/ledger';
import { ExportsModule } from '@commonpurse/exports';
import { DatabaseModule, DevMailReceiver, KernelModule, LoggingModule, QueueModule } from '@commonpurse/kernel';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { DevMailboxModule } from './dev/dev-mailbox.module';
import { HealthController } from './health/health.controller';
import { PagesController } from './pages/pages.controller';

export interface ApiModuleOptions {
  /** npm start's SMTP receiver, shown on /dev/mailbox. */
  devMailbox?: DevMailReceiver;
}

/** The API process: the JSON API under /api/v1, the web pages and health checks. */
@Module({})
export class ApiModule {
  static register(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [KernelModule, LoggingModule, DatabaseModule, QueueModule, IdentityModule, NotificationsModule, FundsModule, ApplicationsModule, DeliberationModule, VotingModule, LedgerModule, ExportsModule, QueueDashboardModule, ...(options.devMailbox ? [DevMailboxModule.register(options.devMailbox)] : [])],
      controllers: [PagesController, HealthController],
    };
  }
}
