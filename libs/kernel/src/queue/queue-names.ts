/** Every queue, by name. Job names live beside their processors, in an enum per queue. */
export enum QueueName {
  Maintenance = 'maintenance',
  /** One queue per notification channel. */
  Email = 'notifications-email',
}
