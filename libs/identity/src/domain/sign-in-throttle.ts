/**
 * Sign-in throttling, counted in Postgres so every API process sees the same attempts:
 * a few wrong passwords lock that email for a while; many from one address lock the address.
 */
export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface RecentFailures {
  forEmail: number;
  fromIp: number;
}

export function isThrottled(failures: RecentFailures): boolean {
  return failures.forEmail >= MAX_FAILURES_PER_EMAIL || failures.fromIp >= MAX_FAILURES_PER_IP;
}
