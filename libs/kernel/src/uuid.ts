/** A UUID as Postgres writes them, for telling an id from a slug and for checking ids in config and commands. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
