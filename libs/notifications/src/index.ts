export { NotificationsModule, NotificationsWorkerModule } from './notifications.module';
export { Category, NotificationEvent } from './domain/notification-event';
export { Notifier, type NotificationIntent } from './usecases/notify/notifier';
export { OutboxStatus } from './usecases/outbox-status';
