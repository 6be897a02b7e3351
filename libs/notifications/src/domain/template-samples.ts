import { NotificationEvent } from './notification-event';

/** What each template is previewed with on the admin pages: made-up but realistic values. */
export const TEMPLATE_SAMPLES: Record<NotificationEvent, { payload: Record<string, string>; secrets: Record<string, string> }> = {
  [NotificationEvent.VerifyEmail]: { payload: { name: 'Sam Sample' }, secrets: { token: 'sample-token-not-valid' } },
  [NotificationEvent.AlreadyRegistered]: { payload: { name: 'Sam Sample' }, secrets: {} },
  [NotificationEvent.PasswordReset]: { payload: { name: 'Sam Sample' }, secrets: { token: 'sample-token-not-valid' } },
};

export const SAMPLE_ACCOUNT_ID = '00000000-0000-4000-8000-000000000000';
