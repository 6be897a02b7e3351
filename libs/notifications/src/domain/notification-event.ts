/**
 * What people are told about, and the preference category each belongs to. Each event has a
 * template in src/templates/<event>.njk and its subject in i18n (`notifications.events.<event>`).
 * Domain modules add their events here as they arrive.
 */
export enum NotificationEvent {
  VerifyEmail = 'verify-email',
  AlreadyRegistered = 'already-registered',
  PasswordReset = 'password-reset',
  /** To residents of a fund's area when a round's phase opens that they can take part in. */
  CoDesignOpened = 'co-design-opened',
  ApplicationsOpened = 'applications-opened',
  VotingOpened = 'voting-opened',
  /** To residents who took part in co-design and still have dots to place, before it closes. */
  CoDesignClosing = 'co-design-closing',
  /** To voters who saved choices and never confirmed a ballot, before the vote closes. */
  VoteUnconfirmed = 'vote-unconfirmed',
  /** To voters who changed their confirmed ballot and did not confirm the change, before the vote closes. */
  VoteChangeUnconfirmed = 'vote-change-unconfirmed',
  /** To an organisation's members, each time its application is submitted. */
  ApplicationReceived = 'application-received',
  /** To an organisation's members, when an officer screens its application. */
  ScreeningDecision = 'screening-decision',
  /** To residents drawn for (or added to) a round's community panel, asking them to accept. */
  PanelSelected = 'panel-selected',
  /** To an organisation's members, when the community panel asks them a question about their application. */
  PanelQuestion = 'panel-question',
}

export enum Category {
  /** About the account itself: always sent. */
  Account = 'account',
  /** Decisions about my applications: always sent. */
  Decisions = 'decisions',
  /** Reminders before deadlines: optional. */
  Reminders = 'reminders',
  /** News of rounds near me: optional. */
  News = 'news',
}

export const OPTIONAL_CATEGORIES: Category[] = [Category.Reminders, Category.News];

export function isOptional(category: Category): boolean {
  return OPTIONAL_CATEGORIES.includes(category);
}

export const EVENT_CATEGORY: Record<NotificationEvent, Category> = {
  [NotificationEvent.VerifyEmail]: Category.Account,
  [NotificationEvent.AlreadyRegistered]: Category.Account,
  [NotificationEvent.PasswordReset]: Category.Account,
  [NotificationEvent.CoDesignOpened]: Category.News,
  [NotificationEvent.ApplicationsOpened]: Category.News,
  [NotificationEvent.VotingOpened]: Category.News,
  [NotificationEvent.CoDesignClosing]: Category.Reminders,
  [NotificationEvent.VoteUnconfirmed]: Category.Reminders,
  [NotificationEvent.VoteChangeUnconfirmed]: Category.Reminders,
  [NotificationEvent.ApplicationReceived]: Category.Decisions,
  [NotificationEvent.ScreeningDecision]: Category.Decisions,
  [NotificationEvent.PanelSelected]: Category.Decisions,
  [NotificationEvent.PanelQuestion]: Category.Decisions,
};

export enum Channel {
  Email = 'email',
}
