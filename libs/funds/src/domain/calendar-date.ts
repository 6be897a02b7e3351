/** A date typed into the GOV.UK date input (day, month, year boxes) as YYYY-MM-DD, or what is wrong with it. */
export function parseDayMonthYear(day: string, month: string, year: string): { ok: true; date: string } | { ok: false; problem: 'missing' | 'notReal' } {
  if (![day, month, year].every((part) => /^\d+$/.test(part.trim()))) return { ok: false, problem: 'missing' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, problem: 'notReal' };
  return { ok: true, date: date.toISOString().slice(0, 10) };
}
