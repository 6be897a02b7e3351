import type { FieldProblem } from '@commonpurse/kernel';
import { nextDay, parseDayMonthYear, startOfUkDay, ukDay } from '../domain/calendar-date';
import { parsePounds } from '../domain/money';
import { PHASES, type Phase, type PhaseWindow } from '../domain/round-timeline';

/**
 * The round forms' fields, as typed, and how they become amounts and a timeline. A phase is
 * typed as the day it opens and the last day it is open (inclusive, UK time).
 */
export type DayFields = { day: string; month: string; year: string };
export type PhaseFields = { enabled: boolean; opens: DayFields; closes: DayFields };

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function phaseFields(body: Record<string, unknown>): Record<Phase, PhaseFields> {
  const day = (prefix: string): DayFields => ({ day: text(body[`${prefix}-day`]), month: text(body[`${prefix}-month`]), year: text(body[`${prefix}-year`]) });
  const ticked = (value: unknown) => value === 'yes' || (Array.isArray(value) && value.includes('yes'));
  return Object.fromEntries(PHASES.map((phase) => [phase, { enabled: ticked(body[`${phase}-enabled`]), opens: day(`${phase}-opens`), closes: day(`${phase}-closes`) }])) as Record<Phase, PhaseFields>;
}

/** A stored timeline shown in the form. */
export function phaseFieldsOf(windows: PhaseWindow[]): Record<Phase, PhaseFields> {
  const fields = (iso: string): DayFields => {
    const [year, month, day] = iso.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  };
  const empty = { day: '', month: '', year: '' };
  return Object.fromEntries(
    PHASES.map((phase) => {
      const w = windows.find((p) => p.phase === phase);
      if (!w?.enabled || !w.opensAt || !w.closesAt) return [phase, { enabled: false, opens: empty, closes: empty }];
      return [phase, { enabled: true, opens: fields(ukDay(new Date(w.opensAt))), closes: fields(ukDay(new Date(new Date(w.closesAt).getTime() - 1))) }];
    }),
  ) as Record<Phase, PhaseFields>;
}

/**
 * The timeline typed into the form. Where a phase's days are those of the stored timeline, its
 * exact stored times are kept (a phase a manager opened at 14:37 still opened at 14:37).
 */
export function readPhases(fields: Record<Phase, PhaseFields>, problems: FieldProblem[], stored: PhaseWindow[] = []): PhaseWindow[] {
  const phases: PhaseWindow[] = [];
  for (const phase of PHASES) {
    const v = fields[phase];
    if (!v.enabled) continue;
    const opens = parseDayMonthYear(v.opens.day, v.opens.month, v.opens.year);
    const closes = parseDayMonthYear(v.closes.day, v.closes.month, v.closes.year);
    if (!opens.ok) problems.push({ field: `${phase}-opens`, problem: `funds.contribution.dateProblem.${opens.problem}` });
    if (!closes.ok) problems.push({ field: `${phase}-closes`, problem: `funds.contribution.dateProblem.${closes.problem}` });
    if (!opens.ok || !closes.ok) continue;
    const was = stored.find((w) => w.phase === phase && w.enabled && w.opensAt && w.closesAt);
    const keptOpens = was && ukDay(new Date(was.opensAt!)) === opens.date ? new Date(was.opensAt!) : startOfUkDay(opens.date);
    const keptCloses = was && ukDay(new Date(new Date(was.closesAt!).getTime() - 1)) === closes.date ? new Date(was.closesAt!) : startOfUkDay(nextDay(closes.date));
    phases.push({ phase, enabled: true, opensAt: keptOpens, closesAt: keptCloses });
  }
  return phases;
}

/** An amount typed in pounds, in pence; a problem recorded against the field if it is not one. */
export function readPounds(value: string, field: string, problems: FieldProblem[]): number {
  const parsed = parsePounds(value);
  if (!parsed.ok) problems.push({ field, problem: `funds.contribution.amountProblem.${parsed.problem}` });
  return parsed.ok ? parsed.pence : 0;
}

/** The use cases name fields as the API does; the forms name them for people. */
export function formField(apiField: string): string {
  const names: Record<string, string> = { budgetPence: 'budget', grantMinPence: 'grantMin', grantMaxPence: 'grantMax' };
  if (apiField.startsWith('phases.')) return `${apiField.slice(7)}-opens`;
  return names[apiField] ?? apiField;
}

/** Whole pence shown in a pounds box: 1250050 → "12500.50", 500000 → "5000". */
export function poundsText(pence: number): string {
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}
