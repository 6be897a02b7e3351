import { AuditErrorCode, AuditException } from './audit.exception';

type Field = 'from' | 'to' | 'action' | 'entityType' | 'entityId' | 'actorId';

/**
 * As asked, from a query string or code: `from` and `to` are UK days (YYYY-MM-DD, Europe/London),
 * both included; `action` is the start of an action (`ledger` or `ledger.` for the ledger's,
 * `funds.create` for that one). Absent or empty means any.
 */
export type AuditFilterInput = Partial<Record<Field, unknown>>;

/**
 * The filter checked: actions and entity types are the code's own words (`<module>.<verb>`), so
 * anything else cannot match and is refused rather than answered with nothing.
 */
export interface AuditFilter {
  from: string | null;
  to: string | null;
  action: string | null;
  entityType: string | null;
  entityId: string | null;
  actorId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A real calendar day written YYYY-MM-DD (no 30 February). */
function isCalendarDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return !!match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === day;
}

export function auditFilter(input: AuditFilterInput): AuditFilter {
  const refuse = (field: string, problem: string) => new AuditException(AuditErrorCode.Invalid, field, `audit.filter.${problem}`);
  const text = (field: Field, problem: string, valid: (value: string) => boolean): string | null => {
    const value = input[field];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string' || !valid(value)) throw refuse(field, problem);
    return value;
  };
  const filter: AuditFilter = {
    from: text('from', 'dayNotReal', isCalendarDay),
    to: text('to', 'dayNotReal', isCalendarDay),
    action: text('action', 'actionInvalid', (v) => /^[a-z][a-z0-9.-]{0,99}$/.test(v)),
    entityType: text('entityType', 'entityTypeInvalid', (v) => /^[a-z][a-z0-9-]{0,49}$/.test(v)),
    entityId: text('entityId', 'entityIdInvalid', (v) => v.length <= 200),
    actorId: text('actorId', 'actorInvalid', (v) => UUID.test(v))?.toLowerCase() ?? null,
  };
  if (filter.from && filter.to && filter.from > filter.to) throw refuse('to', 'endsBeforeStart');
  return filter;
}
