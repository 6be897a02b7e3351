/**
 * The panel's scoring rubric and what it adds up to. The rubric is the round's criteria as
 * residents co-designed them, with their weights; a round without criteria is scored on one
 * overall mark. Each criterion is marked 0 to the panel's maximum (5 unless set otherwise).
 */
export interface Criterion {
  id: string;
  title: string;
  weight: number;
}

export const OVERALL: Criterion = { id: 'overall', title: '', weight: 1 };

export function rubricFor(criteria: Criterion[]): Criterion[] {
  return criteria.length > 0 ? criteria.map((c) => ({ id: c.id, title: c.title, weight: c.weight })) : [OVERALL];
}

export type Marks = Record<string, number>;

export interface ScoreProblem {
  field: string;
  problem: 'scoreNotWhole' | 'scoreOutOfRange' | 'criterionUnknown' | 'commentTooLong';
}

/**
 * Marks as given (numbers or form strings; a blank one is not given yet), checked against the
 * rubric. A score is complete once every criterion has a mark: only complete scores count.
 */
export function checkMarks(rubric: Criterion[], scoreMax: number, given: Record<string, unknown>, comment: string): { marks: Marks; complete: boolean; problems: ScoreProblem[] } {
  const marks: Marks = {};
  const problems: ScoreProblem[] = [];
  for (const key of Object.keys(given)) if (!rubric.some((c) => c.id === key)) problems.push({ field: `scores.${key}`, problem: 'criterionUnknown' });
  for (const criterion of rubric) {
    const raw = given[criterion.id];
    if (raw === undefined || raw === null || raw === '') continue;
    const mark = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(mark)) problems.push({ field: `scores.${criterion.id}`, problem: 'scoreNotWhole' });
    else if (mark < 0 || mark > scoreMax) problems.push({ field: `scores.${criterion.id}`, problem: 'scoreOutOfRange' });
    else marks[criterion.id] = mark;
  }
  if (comment.length > 1000) problems.push({ field: 'comment', problem: 'commentTooLong' });
  return { marks, complete: problems.length === 0 && rubric.every((c) => marks[c.id] !== undefined), problems };
}

/** One panellist's marks as a single figure: the weighted mean of the criteria, on the same 0–max scale. */
export function weightedScore(rubric: Criterion[], marks: Marks): number {
  const totalWeight = rubric.reduce((sum, c) => sum + c.weight, 0);
  return rubric.reduce((sum, c) => sum + c.weight * (marks[c.id] ?? 0), 0) / totalWeight;
}

export interface Aggregate {
  /** Complete scores counted (conflicted panellists' are never among them). */
  count: number;
  /** Mean of the panellists' weighted scores; null with none. */
  mean: number | null;
  /** Their standard deviation (population): how far the panel agrees. */
  spread: number | null;
  /** Mean mark per criterion. */
  byCriterion: Record<string, number | null>;
}

/** What an application's scores add up to, leaving out anyone conflicted on it and any score not complete. */
export function aggregate(rubric: Criterion[], scores: Array<{ accountId: string; marks: Marks; complete: boolean }>, conflicted: Set<string>): Aggregate {
  const counted = scores.filter((s) => s.complete && !conflicted.has(s.accountId));
  const totals = counted.map((s) => weightedScore(rubric, s.marks));
  const mean = totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
  const spread = mean === null ? null : Math.sqrt(totals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / totals.length);
  const byCriterion = Object.fromEntries(rubric.map((c) => [c.id, counted.length ? counted.reduce((sum, s) => sum + s.marks[c.id], 0) / counted.length : null]));
  return { count: counted.length, mean, spread, byCriterion };
}
