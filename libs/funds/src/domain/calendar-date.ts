/** A date typed into the GOV.UK date input (day, month, year boxes) as YYYY-MM-DD, or what is wrong with it. */
export function parseDayMonthYear(day: string, month: string, year: string): { ok: true; date: string } | { ok: false; problem: 'missing' | 'notReal' } {
  if (![day, month, year].every((part) => /^\d+$/.test(part.trim()))) return { ok: false, problem: 'missing' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, problem: 'notReal' };
  return { ok: true, date: date.toISOString().slice(0, 10) };
}

/** The instant a day starts in the UK (midnight Europe/London, so GMT or BST as that day has it). */
export function startOfUkDay(isoDate: string): Date {
  const utcMidnight = new Date(`${isoDate}T00:00:00Z`);
  const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(utcMidnight));
  return new Date(utcMidnight.getTime() - londonHour * 3600_000);
}

/** The day after a YYYY-MM-DD date, so that a phase "closing on" a day includes all of it. */
export function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

// Made once: building an Intl formatter costs far more than using one, and ukDay is on every ballot.
const UK_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar day (YYYY-MM-DD, Europe/London) an instant falls on. */
export function ukDay(instant: Date): string {
  const parts = UK_DAY.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
