import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const real = (day: string) => DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

/** An export's period from the query (`from`, `to`: YYYY-MM-DD, inclusive, either optional), or a 400 naming the field. */
export function readPeriod(query: { from?: unknown; to?: unknown }): { from: string | null; to: string | null } {
  const problems: FieldProblem[] = [];
  const read = (field: 'from' | 'to') => {
    const value = query[field];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string' || !real(value)) {
      problems.push({ field, problem: 'exports.period.notReal' });
      return null;
    }
    return value;
  };
  const period = { from: read('from'), to: read('to') };
  if (period.from && period.to && period.from > period.to) problems.push({ field: 'to', problem: 'exports.period.toBeforeFrom' });
  if (problems.length > 0) throw new AppException('EXPORTS_INVALID', ErrorKind.BadRequest, problems[0]!.problem, problems);
  return period;
}
