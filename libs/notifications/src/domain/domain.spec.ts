import { isPermanentSmtpFailure } from './delivery-failure';
import { Category, EVENT_CATEGORY, NotificationEvent, isOptional } from './notification-event';
import { retryDelayMs } from './retry-schedule';

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

describe('retryDelayMs', () => {
  it('doubles with each attempt, up to half shorter at random, as BullMQ’s exponential backoff with jitter 0.5', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 5000, () => 0.999999))).toEqual([4999, 9999, 19999, 39999]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 5000, () => 0))).toEqual([2500, 5000, 10000, 20000]);
  });
});
