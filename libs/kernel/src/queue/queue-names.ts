/** Every queue, by name. Job names live beside their processors, in an enum per queue. */
export enum QueueName {
  Maintenance = 'maintenance',
  /** The phase scheduler: rounds moving from phase to phase by the clock. */
  Rounds = 'rounds',
  /** The vote counter: each public vote counted once it closes by the clock. */
  Voting = 'voting',
  /** One queue per notification channel. */
  Email = 'notifications-email',
}
