import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';

/** How far behind a session's stored expiry may fall: a session may end this much before its idle timeout says. */
export const SESSION_TOUCH_EVERY_MS = 60_000;

const PgStore = connectPgSimple(session);

/**
 * Sessions in Postgres, as connect-pg-simple keeps them, except that a request which changes
 * nothing in its session moves the session's expiry on at most once a minute, not on every
 * request: a signed-in page view then costs one read, not a read and a write. (Sessions that
 * changed are saved in full, with their expiry, as before.)
 */
export class SessionStore extends PgStore {
  private readonly touched = new Map<string, number>();

  override touch(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
    const now = Date.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < SESSION_TOUCH_EVERY_MS) {
      fn?.();
      return;
    }
    // Bounded: forgetting a session only means touching it once more than needed.
    if (this.touched.size >= 100_000) this.touched.clear();
    this.touched.set(sid, now);
    super.touch(sid, sess, fn);
  }

  override destroy(sid: string, fn?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    super.destroy(sid, fn);
  }
}
