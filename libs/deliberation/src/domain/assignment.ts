/**
 * Who reviews what. Either everyone reviews everything, or each application gets `perApplication`
 * reviewers, spread so nobody carries much more than anyone else, and never someone who has
 * declared a conflict on it. Reviews already under way (with a score saved) are kept.
 */
export interface AssignmentInput {
  applicationIds: string[];
  panellistIds: string[];
  /** `${applicationId}:${accountId}` pairs that must not be assigned (declared conflicts). */
  conflicts: Set<string>;
  /** Pairs to keep whatever happens (a score has been saved). */
  keep: Set<string>;
  /** Reviewers per application; undefined for everyone. */
  perApplication?: number;
}

export interface AssignmentResult {
  pairs: Array<{ applicationId: string; accountId: string }>;
  /** Applications with fewer reviewers than asked, because too many are conflicted. */
  short: Array<{ applicationId: string; reviewers: number }>;
}

export const pairKey = (applicationId: string, accountId: string) => `${applicationId}:${accountId}`;

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const { applicationIds, panellistIds, conflicts, keep } = input;
  const free = (a: string, p: string) => !conflicts.has(pairKey(a, p));
  if (input.perApplication === undefined) {
    const pairs = applicationIds.flatMap((applicationId) => panellistIds.filter((p) => free(applicationId, p)).map((accountId) => ({ applicationId, accountId })));
    return { pairs, short: [] };
  }
  const wanted = input.perApplication;
  const load = new Map(panellistIds.map((p) => [p, 0]));
  const chosen = new Map<string, string[]>();
  for (const a of applicationIds) {
    const kept = panellistIds.filter((p) => keep.has(pairKey(a, p)));
    chosen.set(a, kept);
    for (const p of kept) load.set(p, load.get(p)! + 1);
  }
  // The hardest applications first (fewest possible reviewers), each to the least-loaded panellists;
  // ties go by the order given, so the same input always gives the same assignment.
  const order = [...applicationIds].sort((x, y) => panellistIds.filter((p) => free(x, p)).length - panellistIds.filter((p) => free(y, p)).length);
  for (const a of order) {
    const reviewers = chosen.get(a)!;
    const candidates = panellistIds.filter((p) => free(a, p) && !reviewers.includes(p)).sort((x, y) => load.get(x)! - load.get(y)!);
    for (const p of candidates) {
      if (reviewers.length >= wanted) break;
      reviewers.push(p);
      load.set(p, load.get(p)! + 1);
    }
  }
  const pairs = applicationIds.flatMap((applicationId) => chosen.get(applicationId)!.map((accountId) => ({ applicationId, accountId })));
  const short = applicationIds.filter((a) => chosen.get(a)!.length < wanted).map((applicationId) => ({ applicationId, reviewers: chosen.get(applicationId)!.length }));
  return { pairs, short };
}
