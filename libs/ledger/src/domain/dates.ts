import { LedgerException, LedgerRefusal } from './ledger.exception';

/** A real calendar day written YYYY-MM-DD (no 30 February). */
export function isCalendarDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return !!match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === day;
}

/** The day money moved: real, not after today and not before `notBefore` when given. */
export function checkLedgerDate(field: string, day: string, notBefore?: string): void {
  if (!isCalendarDay(day)) throw new LedgerException(LedgerRefusal.Invalid, field, 'ledger.date.notReal');
  if (day > new Date().toISOString().slice(0, 10)) throw new LedgerException(LedgerRefusal.Invalid, field, 'ledger.date.future');
  if (notBefore && day < notBefore) throw new LedgerException(LedgerRefusal.Invalid, field, 'ledger.date.tooEarly', { notBefore });
}
