import { compareProjectIds } from './election';
import { type Explanation } from './explanation';
import { describe, money, type Outcome } from './outcome';
import { type Profile } from './profile';
import { parseDecimal, Rational } from './rational';
import { VotingErrorCode, VotingException } from './voting.exception';

/**
 * Greedy by support (ALGORITHMS.md): projects by support, highest first, ties by project id;
 * each is selected when its cost fits in what is left, and skipped otherwise (a cheaper one
 * further down may still fit). With a threshold, only projects whose support reaches it take part.
 */
export function greedy(profile: Profile, threshold?: string): Outcome {
  const { projects } = profile;
  const eligible = takesPart(profile, threshold);
  const order = projects.map((_, p) => p).sort((a, b) => (projects[a].support !== projects[b].support ? (projects[a].support > projects[b].support ? -1 : 1) : compareProjectIds(projects[a].id, projects[b].id)));

  const selected: number[] = [];
  const explanations: Explanation[] = [];
  const ranked = order.filter(eligible);
  let left = profile.budget;
  ranked.forEach((p, i) => {
    const project = projects[p];
    const tiedWith = ranked.filter((q) => q !== p && projects[q].support === project.support).map((q) => projects[q].id);
    const tie = tiedWith.length ? { tie: { tiedWith, brokenBy: 'id' as const } } : {};
    const available = money(profile, left);
    if (project.cost <= left) {
      selected.push(p);
      left -= project.cost;
      explanations.push({ ...describe(profile, p), selected: true, reason: 'greedy', rank: i + 1, available, ...tie });
    } else {
      explanations.push({ ...describe(profile, p), selected: false, reason: 'budget-exhausted', rank: i + 1, available, needed: money(profile, project.cost - left), ...tie });
    }
  });
  for (const p of order) {
    if (!eligible(p)) explanations.push({ ...describe(profile, p), selected: false, reason: 'below-threshold', threshold: threshold!.trim() });
  }
  return { selected, cost: profile.budget - left, explanations };
}

/** Whether a project takes part: every one without a threshold, else those whose support reaches it (the hybrid rule filters the same way). */
export function takesPart(profile: Profile, threshold?: string): (p: number) => boolean {
  const minimum = threshold === undefined ? undefined : decimalValue(threshold);
  return (p) => !minimum || Rational.of(profile.projects[p].support, 10n ** BigInt(profile.pointScale)).cmp(minimum) >= 0;
}

function decimalValue(text: string): Rational {
  const parsed = parseDecimal(text);
  if (!parsed) throw new VotingException(VotingErrorCode.CannotTally, `the threshold "${text}" is not a non-negative decimal number`);
  return Rational.of(parsed.units, 10n ** BigInt(parsed.scale));
}
