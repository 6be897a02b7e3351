import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    accountId?: string;
  }
}

/** A new session id on sign-in, so a session fixed before sign-in is worth nothing after. */
export function startSession(req: Request, accountId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error);
      req.session.accountId = accountId;
      req.session.save((saveError) => (saveError ? reject(saveError) : resolve()));
    });
  });
}

export function endSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}
