import { NotificationEvent } from './notification-event';

const PHASE_SAMPLE = {
  name: 'Sam Sample',
  fundName: 'Riverside Community Fund',
  roundName: 'Summer 2027',
  roundPath: '/funds/riverside-community-fund/rounds/summer-2027',
  closesAt: '2027-06-30T23:00:00.000Z',
};

const APPLICATION_SAMPLE = {
  name: 'Sam Sample',
  reference: 'S27-0042',
  title: 'Riverside litter picks',
  roundName: 'Summer 2027',
  fundName: 'Riverside Community Fund',
  applicationPath: '/applications/00000000-0000-4000-8000-000000000042',
};

const VOTE_REMINDER_SAMPLE = {
  ...PHASE_SAMPLE,
  votePath: '/funds/riverside-community-fund/rounds/summer-2027/vote/check?lot=00000000-0000-4000-8000-000000000007',
  unconfirmedLots: '',
  changedLots: '',
};

/** What each template is previewed with on the admin pages: made-up but realistic values. */
export const TEMPLATE_SAMPLES: Record<NotificationEvent, { payload: Record<string, string | number>; secrets: Record<string, string> }> = {
  [NotificationEvent.VerifyEmail]: { payload: { name: 'Sam Sample' }, secrets: { token: 'sample-token-not-valid' } },
  [NotificationEvent.AlreadyRegistered]: { payload: { name: 'Sam Sample' }, secrets: {} },
  [NotificationEvent.PasswordReset]: { payload: { name: 'Sam Sample' }, secrets: { token: 'sample-token-not-valid' } },
  [NotificationEvent.CoDesignOpened]: { payload: PHASE_SAMPLE, secrets: {} },
  [NotificationEvent.ApplicationsOpened]: { payload: PHASE_SAMPLE, secrets: {} },
  [NotificationEvent.VotingOpened]: { payload: PHASE_SAMPLE, secrets: {} },
  [NotificationEvent.CoDesignClosing]: { payload: { ...PHASE_SAMPLE, dotsLeft: 3 }, secrets: {} },
  [NotificationEvent.VoteUnconfirmed]: { payload: { ...VOTE_REMINDER_SAMPLE, votePath: '/funds/riverside-community-fund/rounds/summer-2027/vote', unconfirmedLots: 'Northside', changedLots: 'Town centre' }, secrets: {} },
  [NotificationEvent.VoteChangeUnconfirmed]: { payload: { ...VOTE_REMINDER_SAMPLE, changedLots: 'Northside' }, secrets: {} },
  [NotificationEvent.ApplicationReceived]: { payload: APPLICATION_SAMPLE, secrets: {} },
  [NotificationEvent.ScreeningDecision]: { payload: { ...APPLICATION_SAMPLE, decision: 'needs-info', reason: 'Please send a quote for the hall hire.', infoUntil: '2027-07-10T22:59:00.000Z' }, secrets: {} },
  [NotificationEvent.PanelSelected]: { payload: { ...PHASE_SAMPLE, panelPath: '/panel' }, secrets: {} },
  [NotificationEvent.PanelQuestion]: { payload: { ...APPLICATION_SAMPLE, question: 'How many people came to last year’s litter picks?', applicationPath: '/applications/00000000-0000-4000-8000-000000000042/questions' }, secrets: {} },
};

export const SAMPLE_ACCOUNT_ID = '00000000-0000-4000-8000-000000000000';
