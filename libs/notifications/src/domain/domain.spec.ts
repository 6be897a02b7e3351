import { backoffDelay } from './backoff';
import { isPermanentSmtpFailure } from './delivery-failure';
import { Category, EVENT_CATEGORY, NotificationEvent, isOptional } from './notification-event';

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt and jitters below it', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(2000);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('spreads retries that fail together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 1000)));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe('isPermanentSmtpFailure', () => {
  it('treats 5xx replies as final and 4xx or no reply as temporary', () => {
    expect(isPermanentSmtpFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure(new Error('ECONNRESET'))).toBe(false);
  });
});

describe('categories', () => {
  it('never lets anyone opt out of account or decision emails', () => {
    expect(isOptional(Category.Account)).toBe(false);
    expect(isOptional(Category.Decisions)).toBe(false);
    expect(isOptional(Category.Reminders)).toBe(true);
    expect(isOptional(Category.News)).toBe(true);
  });

  it('files every event under a category', () => {
    for (const event of Object.values(NotificationEvent)) expect(EVENT_CATEGORY[event]).toBeDefined();
  });
});
