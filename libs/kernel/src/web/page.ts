/** What a web handler returns: a page to render … */
export class Page {
  constructor(
    readonly template: string,
    readonly context: Record<string, unknown> = {},
    readonly status = 200,
  ) {}
}

/** … or a place to go next (303, so a POST is followed by a GET). */
export class Redirect {
  constructor(
    readonly location: string,
    readonly status = 303,
  ) {}
}

/** Only same-site paths are followed after sign-in, never another host. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  return value;
}
