/**
 * Exponential backoff with full jitter: the n-th retry waits a random time up to base·2ⁿ
 * (capped), so many messages failing together do not all come back at the same instant.
 */
export function backoffDelay(attemptsMade: number, baseMs: number, capMs = 15 * 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
