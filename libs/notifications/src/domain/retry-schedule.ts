/** Attempts a message gets before it is recorded as failed (a temporary SMTP failure each time). */
export const EMAIL_ATTEMPTS = 8;

/** Each wait is up to half shorter than the doubling, at random: messages that failed together do not all come back together. */
export const RETRY_JITTER = 0.5;

/**
 * How long to wait before the next attempt once attempt number `attempt` (1, 2, …) failed for
 * now: about base·2^(attempt−1), jittered. The same curve as BullMQ's exponential backoff with
 * the same jitter, so a message's first retry (scheduled by hand when it failed in a batch) and
 * its later ones (BullMQ's) follow one schedule.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const longest = Math.round(2 ** (attempt - 1) * baseMs);
  return Math.floor(random() * longest * RETRY_JITTER + longest * (1 - RETRY_JITTER));
}
