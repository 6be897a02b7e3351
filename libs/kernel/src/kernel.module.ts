import { Global, Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { Mailer } from './mail/mailer';
import { ViewRenderer } from './web/view-renderer';

/** What every process shares: typed config, the view renderer (pages and emails) and the mailer. */
@Global()
@Module({
  imports: [ConfigModule],
  providers: [ViewRenderer, Mailer],
  exports: [ConfigModule, ViewRenderer, Mailer],
})
export class KernelModule {}
