import { areaIncludes, type FundArea } from './fund-area';

/**
 * Who may take part in a fund's co-design: residents whose email is confirmed and whose
 * postcode lies in the fund's area. A fund drawn only by wards cannot confirm a postcode yet
 * (we do not hold the ONS postcode-to-ward lookup), and says so rather than guess.
 */
export type Standing = 'resident' | 'notVerified' | 'noPostcode' | 'outsideArea' | 'areaUnknown';

export function standingIn(areas: FundArea[], person: { emailVerified: boolean; postcode: string | null }): Standing {
  if (!person.emailVerified) return 'notVerified';
  if (!person.postcode) return 'noPostcode';
  const inside = areaIncludes(areas, person.postcode);
  if (inside === undefined) return 'areaUnknown';
  return inside ? 'resident' : 'outsideArea';
}

/** Whether one more dot fits in the allowance. */
export function dotFits(used: number, allowance: number): boolean {
  return used < allowance;
}

export type MergeProblem = 'sameTwice' | 'sourceMerged' | 'targetMerged' | 'removed';

type PriorityState = { id: string; mergedInto: string | null; removedReason: string | null };

/** A duplicate can be merged once, into a priority that has not itself been merged away; taken-down priorities are out of it. */
export function mergeProblem(source: PriorityState, target: PriorityState): MergeProblem | null {
  if (source.id === target.id) return 'sameTwice';
  if (source.removedReason || target.removedReason) return 'removed';
  if (source.mergedInto) return 'sourceMerged';
  if (target.mergedInto) return 'targetMerged';
  return null;
}

/** Whether residents can still act on a priority: not merged into another, not taken down. */
export function stillStanding(priority: { mergedInto: string | null; removedReason: string | null }): boolean {
  return !priority.mergedInto && !priority.removedReason;
}

/** Each criterion's share of the rubric, in whole percent (largest remainders, so they add up to 100). */
export function weightShares(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * 100) / total);
  const shares = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  const left = 100 - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) shares[order[k].i] += 1;
  return shares;
}

/** A priority's words, as residents type them (trimmed). */
export function priorityProblems(p: { title: string; description: string; whoItHelps: string | null }): Array<{ field: 'title' | 'description' | 'whoItHelps'; problem: string }> {
  const problems: Array<{ field: 'title' | 'description' | 'whoItHelps'; problem: string }> = [];
  if (!p.title.trim()) problems.push({ field: 'title', problem: 'funds.priority.titleMissing' });
  else if (p.title.trim().length > 120) problems.push({ field: 'title', problem: 'funds.priority.titleTooLong' });
  if (!p.description.trim()) problems.push({ field: 'description', problem: 'funds.priority.descriptionMissing' });
  else if (p.description.trim().length > 1000) problems.push({ field: 'description', problem: 'funds.priority.descriptionTooLong' });
  if ((p.whoItHelps ?? '').trim().length > 300) problems.push({ field: 'whoItHelps', problem: 'funds.priority.whoItHelpsTooLong' });
  return problems;
}

/** A criterion's words and weight (the database refuses the rest, but people deserve a reason). */
export function criterionProblems(c: { title: string; description: string; weight: number }): Array<{ field: 'title' | 'description' | 'weight'; problem: string }> {
  const problems: Array<{ field: 'title' | 'description' | 'weight'; problem: string }> = [];
  if (!c.title.trim()) problems.push({ field: 'title', problem: 'funds.criteria.titleMissing' });
  else if (c.title.trim().length > 120) problems.push({ field: 'title', problem: 'funds.criteria.titleTooLong' });
  if (!c.description.trim()) problems.push({ field: 'description', problem: 'funds.criteria.descriptionMissing' });
  else if (c.description.trim().length > 1000) problems.push({ field: 'description', problem: 'funds.criteria.descriptionTooLong' });
  if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100) problems.push({ field: 'weight', problem: 'funds.criteria.weightRange' });
  return problems;
}
