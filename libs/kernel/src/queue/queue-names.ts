/** Every queue, by name. Job names live beside their processors, in an enum per queue. */
export enum QueueName {
  Maintenance = 'maintenance',
  /** The phase scheduler: rounds moving from phase to phase by the clock. */
  Rounds = 'rounds',
  /** One queue per notification channel. */
  Email = 'notifications-email',
}
