import { compareProjectIds } from './election';
import { type Explanation, type TieNote } from './explanation';
import { takesPart } from './greedy';
import { describe, money, type Outcome } from './outcome';
import { type Profile } from './profile';
import { parseDecimal, Rational } from './rational';
import { VotingErrorCode, VotingException } from './voting.exception';

/** The panel's part in a greedy result, declared in the round's rules before the vote. */
export interface PanelWeighting {
  /** The panel's share of each project's combined score, a whole number of per cent from 0 to 100; public support has the rest. */
  weightPercent: number;
  /** Each project's panel score (non-negative decimal text), null where the panel gave it none. */
  scores: Record<string, string | null>;
}

/**
 * Greedy by combined score. With w = weightPercent / 100, a project's combined score is
 * w × its panel score / the best panel score + (1 − w) × its support / the most support, in exact
 * fractions; the best and the most are among the projects taking part (with a threshold, only those
 * whose support reaches it: the public's threshold filters first). A project the panel gave no
 * score counts 0 for the panel, and a term whose best is 0 counts 0 for everyone. Projects are
 * taken highest first, each selected when it fits in what is left and skipped otherwise, as greedy
 * does. Equal combined scores go to more support, then to the project id: so at weight 0 the order,
 * and the winners, are exactly greedy's.
 */
export function hybrid(profile: Profile, weighting: PanelWeighting, threshold?: string): Outcome & { panel: PanelWeighting } {
  const { projects } = profile;
  const panel = panelOf(profile, weighting);
  const given = projects.map((p) => panel.scores[p.id]);
  const score = given.map((text) => (text === null ? Rational.ZERO : decimalValue(text)));
  const eligible = takesPart(profile, threshold);
  const taking = projects.map((_, p) => p).filter(eligible);

  const best = taking.reduce((max, p) => (score[p].cmp(max) > 0 ? score[p] : max), Rational.ZERO);
  const most = taking.reduce((max, p) => (projects[p].support > max ? projects[p].support : max), 0n);
  const w = Rational.of(BigInt(panel.weightPercent), 100n);
  const combined = projects.map((project, p) => {
    const fromPanel = best.isZero() ? Rational.ZERO : w.mul(score[p].div(best));
    const fromPublic = most === 0n ? Rational.ZERO : Rational.ONE.sub(w).mul(Rational.of(project.support, most));
    return fromPanel.add(fromPublic);
  });
  const bySupport = (a: number, b: number) => (projects[a].support === projects[b].support ? 0 : projects[a].support > projects[b].support ? -1 : 1);
  const ranked = taking.sort((a, b) => combined[b].cmp(combined[a]) || bySupport(a, b) || compareProjectIds(projects[a].id, projects[b].id));

  const figures = (p: number) => ({ panelWeightPercent: panel.weightPercent, panelScore: given[p], combinedScore: combined[p].toDecimal(3) });
  const selected: number[] = [];
  const explanations: Explanation[] = [];
  let left = profile.budget;
  ranked.forEach((p, i) => {
    const project = projects[p];
    const tiedWith = ranked.filter((q) => q !== p && combined[q].cmp(combined[p]) === 0);
    // Reported as a tie: the support decided it unless one it tied with had the same support too.
    const tie: { tie?: TieNote } = tiedWith.length ? { tie: { tiedWith: tiedWith.map((q) => projects[q].id), brokenBy: tiedWith.some((q) => bySupport(p, q) === 0) ? 'id' : 'support' } } : {};
    const available = money(profile, left);
    if (project.cost <= left) {
      selected.push(p);
      left -= project.cost;
      explanations.push({ ...describe(profile, p), ...figures(p), selected: true, reason: 'hybrid', rank: i + 1, available, ...tie });
    } else {
      explanations.push({ ...describe(profile, p), ...figures(p), selected: false, reason: 'hybrid-budget-exhausted', rank: i + 1, available, needed: money(profile, project.cost - left), ...tie });
    }
  });
  // Those below the threshold, by support as greedy lists them.
  const rest = projects.map((_, p) => p).filter((p) => !eligible(p));
  rest.sort((a, b) => bySupport(a, b) || compareProjectIds(projects[a].id, projects[b].id));
  for (const p of rest) explanations.push({ ...describe(profile, p), selected: false, reason: 'below-threshold', threshold: threshold!.trim(), panelScore: given[p] });
  return { selected, cost: profile.budget - left, explanations, panel };
}

/** The weighting checked against the election, with a score (or null) for every project, in the canonical order: what the result records. */
function panelOf(profile: Profile, weighting: PanelWeighting): PanelWeighting {
  const { weightPercent, scores } = weighting;
  if (!Number.isInteger(weightPercent) || weightPercent < 0 || weightPercent > 100) {
    throw new VotingException(VotingErrorCode.CannotTally, `the panel's weight must be a whole number of per cent from 0 to 100, not ${String(weightPercent)}`);
  }
  const known = new Set(profile.projects.map((p) => p.id));
  for (const id of Object.keys(scores)) if (!known.has(id)) throw new VotingException(VotingErrorCode.CannotTally, `the panel scores project "${id}", which is not in the election`);
  const recorded: Record<string, string | null> = {};
  for (const { id } of profile.projects) {
    const text = scores[id] ?? null;
    if (text !== null) decimalValue(text);
    recorded[id] = text === null ? null : text.trim();
  }
  return { weightPercent, scores: recorded };
}

function decimalValue(text: string): Rational {
  const parsed = parseDecimal(text);
  if (!parsed) throw new VotingException(VotingErrorCode.CannotTally, `the panel score "${text}" is not a non-negative decimal number`);
  return Rational.of(parsed.units, 10n ** BigInt(parsed.scale));
}
