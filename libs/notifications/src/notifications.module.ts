import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig, Mailer, QueueName } from '@commonpurse/kernel';
import { EmailSender } from './channels/email-sender';
import { NotifyEmailSender } from './channels/notify-email-sender';
import { SmtpEmailSender } from './channels/smtp-email-sender';
import { FailuresController } from './http/failures.controller';
import { PreferencesController } from './http/preferences.controller';
import { TemplatesController } from './http/templates.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import { EmailProcessor } from './jobs/email.processor';
import { OutboxRelay } from './jobs/outbox-relay';
import { NotificationEntities, NotificationRepositories } from './notifications.persistence';
import { DeliverEmailUseCase } from './usecases/deliver-email/deliver-email.usecase';
import { BroadcastRenderer } from './usecases/deliver-email/broadcast-renderer';
import { DeliveryOutcomes } from './usecases/deliver-email/delivery-outcomes';
import { NotificationRenderer } from './usecases/deliver-email/notification-renderer';
import { Notifier } from './usecases/notify/notifier';
import { OutboxStatus } from './usecases/outbox-status';
import { RelayOutboxUseCase } from './usecases/relay-outbox/relay-outbox.usecase';
import { RetryFailedUseCase } from './usecases/retry-failed/retry-failed.usecase';
import { SetPreferencesUseCase } from './usecases/set-preferences/set-preferences.usecase';
import { UnsubscribeLinks } from './usecases/unsubscribe/unsubscribe-links';
import { UnsubscribeUseCase } from './usecases/unsubscribe/unsubscribe.usecase';

/** For the API process (and any module that notifies): the Notifier, preferences, unsubscribe and failure pages. */
@Module({
  imports: [NotificationEntities, BullModule.registerQueue({ name: QueueName.Email })],
  controllers: [PreferencesController, UnsubscribeController, FailuresController, TemplatesController],
  providers: [...NotificationRepositories, Notifier, OutboxStatus, NotificationRenderer, SetPreferencesUseCase, UnsubscribeLinks, UnsubscribeUseCase, RetryFailedUseCase],
  exports: [Notifier, OutboxStatus],
})
export class NotificationsModule {}

/** For the worker: the outbox relay and the channel processors. */
@Module({
  imports: [NotificationEntities, BullModule.registerQueue({ name: QueueName.Email })],
  providers: [
    ...NotificationRepositories,
    Notifier,
    UnsubscribeLinks,
    NotificationRenderer,
    BroadcastRenderer,
    RelayOutboxUseCase,
    DeliveryOutcomes,
    DeliverEmailUseCase,
    OutboxRelay,
    EmailProcessor,
    {
      provide: EmailSender,
      inject: [AppConfig, Mailer],
      useFactory: (config: AppConfig, mailer: Mailer): EmailSender =>
        config.notify ? new NotifyEmailSender(config.notify.apiKey, config.notify.templateId) : new SmtpEmailSender(mailer),
    },
  ],
  // Worker-side modules (the phase scheduler) announce what they do through the same outbox.
  exports: [Notifier],
})
export class NotificationsWorkerModule {}
