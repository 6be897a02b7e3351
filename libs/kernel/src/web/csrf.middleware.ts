import type { NextFunction, Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppException, ErrorKind } from '../errors/app-exception';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer-token CSRF protection for the web pages: each session holds a random token,
 * every form posts it back as `_csrf`, and any unsafe request without it is refused. The JSON
 * API takes bearer tokens only, never the session cookie, so it needs no token.
 */
export function csrfProtection(options: { exempt?: (req: Request) => boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.session) return next(new Error('csrfProtection needs the session middleware first'));
    // A function, so the token (and with it a session) is made only when a page shows a form.
    res.locals.csrfToken = () => (req.session.csrfToken ??= randomBytes(32).toString('base64url'));
    if (SAFE_METHODS.has(req.method) || options.exempt?.(req)) return next();

    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    const expected = req.session.csrfToken;
    if (typeof sent === 'string' && expected !== undefined && safeEqual(sent, expected)) return next();
    next(new AppException('CSRF_INVALID', ErrorKind.Forbidden, 'kernel.errors.csrf'));
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
