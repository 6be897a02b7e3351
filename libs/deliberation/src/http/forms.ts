/** Reading the panel's form posts (urlencoded, flat: a repeated field arrives as an array). */

export function text(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

export function list(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** Fields named `<prefix>:<key>` (e.g. `score:<criterionId>`), as `{ key: value }`. */
export function prefixed(body: Record<string, unknown>, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (name.startsWith(`${prefix}:`)) found[name.slice(prefix.length + 1)] = text(value);
  return found;
}

export function whole(value: unknown): number | undefined {
  const t = text(value).trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}
