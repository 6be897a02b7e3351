import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request's id: the caller's `X-Request-Id` when it is a sane token, else a new UUID; sent
 * back in the response header. The logger and the request context both ask, in whichever order
 * their middlewares run, and get the same answer.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const known = assigned.get(req);
  if (known) return known;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  assigned.set(req, id);
  return id;
}

/** Runs the rest of the request inside its context, so code far from the controller (the audit trail) can name it. */
export function requestContext(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  storage.run({ requestId: requestIdOf(req, res) }, next);
}

/** The id of the HTTP request this code runs for; null outside one (the worker, the CLI). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
