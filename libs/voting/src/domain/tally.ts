import { type Election, isRule, type Rule, RULES } from './election';
import { equalShares, type MesRun } from './equal-shares';
import { type Explanation, type MesSelected } from './explanation';
import { greedy } from './greedy';
import { hybrid, type PanelWeighting } from './hybrid';
import { describe, money, type Outcome } from './outcome';
import { type Profile, profileOf } from './profile';
import { formatNumber, formatUnits, Rational } from './rational';
import { VotingErrorCode, VotingException } from './voting.exception';

/** Changing how any rule decides, or how the digest is formed, makes a new TALLY_ALGORITHM. */
export const TALLY_ALGORITHM = 'commonpurse-tally-1';

export interface TallyOptions {
  /** greedy-threshold: the minimum support; META min_project_score_threshold when left out. */
  threshold?: string;
  /** greedy and greedy-threshold: weigh the panel's scores in (the hybrid rule); left out, the vote alone decides. */
  panel?: PanelWeighting;
}

/** How add1 completed equal shares: the endowment accepted, and the first one whose outcome cost too much. */
export interface Add1Completion {
  /** 0: plain equal shares (budget / voters each) was kept. */
  acceptedK: number;
  /** Each voter's money in the accepted outcome, rounded to the cent (exact for k ≥ 1). */
  endowment: string;
  /** The first k whose outcome cost more than the budget; absent when the accepted outcome already funds every project anyone supports. */
  rejectedK?: number;
  rejectedEndowment?: string;
}

/** add1-comparison: which outcome was used, and how many voters prefer each (approve strictly more of its winners). */
export interface Comparison {
  used: 'equalshares/add1' | 'greedy';
  prefersEqualShares: number;
  prefersGreedy: number;
  equalSharesSelected: string[];
  greedySelected: string[];
}

export interface TallyResult {
  algorithm: string;
  rule: Rule;
  budget: string;
  voters: number;
  /** Winners in the order the rule chose them. */
  selected: string[];
  totalCost: string;
  /** One per project: the winners in the order chosen, then the others. */
  explanations: Explanation[];
  /** The greedy-threshold threshold used. */
  threshold?: string;
  /** The hybrid rule's weight and the panel score of every project, as counted. */
  panel?: PanelWeighting;
  completion?: Add1Completion;
  comparison?: Comparison;
}

/** Allocates the budget of one election (a district or lot with its own budget is an election) by `rule`. */
export function allocate(election: Election, rule: Rule, options: TallyOptions = {}): TallyResult {
  if (!isRule(rule)) throw new VotingException(VotingErrorCode.UnknownRule, `unknown rule "${String(rule)}"; the rules are ${RULES.join(', ')}`);
  const profile = profileOf(election);
  const base = { algorithm: TALLY_ALGORITHM, rule, budget: money(profile, profile.budget), voters: profile.voters };
  const finish = (outcome: Outcome, extra: Partial<TallyResult> = {}): TallyResult => ({
    ...base,
    selected: outcome.selected.map((p) => profile.projects[p].id),
    totalCost: money(profile, outcome.cost),
    explanations: outcome.explanations,
    ...extra,
  });
  // Equal Shares divides the money by voters: a panel score mixed in would break its proportionality.
  if (options.panel && rule !== 'greedy' && rule !== 'greedy-threshold') {
    throw new VotingException(VotingErrorCode.CannotTally, `a panel weight applies to greedy and greedy-threshold only, not to ${rule}`);
  }
  const byPanel = (threshold?: string) => {
    const outcome = hybrid(profile, options.panel!, threshold);
    return finish(outcome, { panel: outcome.panel, ...(threshold === undefined ? {} : { threshold }) });
  };
  switch (rule) {
    case 'greedy':
      return options.panel ? byPanel() : finish(greedy(profile));
    case 'greedy-threshold': {
      const threshold = options.threshold ?? election.meta.min_project_score_threshold;
      if (threshold === undefined || threshold.trim() === '') {
        throw new VotingException(VotingErrorCode.CannotTally, 'greedy-threshold needs a threshold: META min_project_score_threshold is not set');
      }
      return options.panel ? byPanel(threshold.trim()) : finish(greedy(profile, threshold.trim()), { threshold: threshold.trim() });
    }
    case 'equalshares': {
      const endowment = share(profile);
      return finish(mesOutcome(profile, equalShares(profile, endowment)));
    }
    case 'equalshares/add1': {
      const { outcome, completion } = add1(profile);
      return finish(outcome, { completion });
    }
    case 'equalshares/add1-comparison': {
      const { outcome, completion } = add1(profile);
      const plain = greedy(profile);
      const [prefersEqualShares, prefersGreedy] = preferences(profile, outcome.selected, plain.selected);
      const used = prefersGreedy > prefersEqualShares ? 'greedy' : 'equalshares/add1';
      const ids = (o: Outcome) => o.selected.map((p) => profile.projects[p].id);
      const comparison: Comparison = { used, prefersEqualShares, prefersGreedy, equalSharesSelected: ids(outcome), greedySelected: ids(plain) };
      return finish(used === 'greedy' ? plain : outcome, { completion, comparison });
    }
  }
}

/** Budget / voters: each voter's equal share. */
function share(profile: Profile): Rational {
  return profile.voters === 0 ? Rational.ZERO : Rational.of(profile.budget, BigInt(profile.voters));
}

/**
 * ALGORITHMS.md's add1: W = MES(B); then for k = 1, 2, ...: every voter gets floor(B/n) + k
 * (whole currency units), and the outcome is accepted while it costs at most B; the first that
 * costs more ends it. Also ends when the accepted outcome funds every project anyone supports
 * (more money could buy nothing else, so the loop would never end).
 */
function add1(profile: Profile): { outcome: Outcome; completion: Add1Completion } {
  const unit = 10n ** BigInt(profile.scale);
  const plainShare = share(profile);
  let acceptedRun = equalShares(profile, plainShare);
  let accepted = { k: 0, endowment: plainShare };
  const buyable = profile.projects.filter((p) => p.supporters > 0 || p.cost === 0n).length;
  const whole = profile.voters === 0 ? 0n : profile.budget / (unit * BigInt(profile.voters));
  let rejected: { k: number; endowment: Rational } | undefined;
  for (let k = 1; acceptedRun.winners.length < buyable; k++) {
    const endowment = Rational.of((whole + BigInt(k)) * unit);
    const run = equalShares(profile, endowment, { stopAbove: profile.budget });
    if (run.stoppedAbove) {
      rejected = { k, endowment };
      break;
    }
    acceptedRun = run;
    accepted = { k, endowment };
  }
  const toMoney = (r: Rational) => Rational.of(r.num, r.den * unit).toDecimal(2);
  return {
    outcome: mesOutcome(profile, acceptedRun),
    completion: {
      acceptedK: accepted.k,
      endowment: toMoney(accepted.endowment),
      ...(rejected ? { rejectedK: rejected.k, rejectedEndowment: toMoney(rejected.endowment) } : {}),
    },
  };
}

/** The explanations of one run of equal shares. */
function mesOutcome(profile: Profile, run: MesRun): Outcome {
  const { projects } = profile;
  const toMoney = 10 ** profile.scale;
  const explanations: Explanation[] = run.rounds.map((round, i) => {
    const project = projects[round.project];
    const base = { ...describe(profile, round.project), selected: true as const, reason: 'mes-round' as const, round: i + 1 };
    const prices: Partial<MesSelected> =
      profile.voteType === 'approval'
        ? { pricePerSupporter: formatNumber(round.price / toMoney, 2), effectiveVotes: round.price > 0 ? formatNumber(project.costNumber / round.price, 2) : String(project.supporters) }
        : { pricePerPoint: formatNumber((round.price * 10 ** profile.pointScale) / toMoney, 4) };
    return {
      ...base,
      ...prices,
      paidInFull: round.paidInFull,
      ...(round.tie ? { tie: { tiedWith: round.tie.tiedWith.map((q) => projects[q].id), brokenBy: round.tie.brokenBy } } : {}),
    } as MesSelected;
  });
  const bought = new Set(run.winners);
  projects.forEach((project, p) => {
    if (bought.has(p)) return;
    let left = 0;
    for (let k = 0; k < project.groups.length; k++) left += profile.groups.count[project.groups[k]] * run.left[project.groups[k]];
    // Shown to the cent at least, rounded down (allowing for a double's last bits, so 198 is not shown as 197.99).
    const places = Math.max(profile.scale, 2);
    const shown = left * 10 ** (places - profile.scale);
    const leftShown = BigInt(Math.floor(shown * (1 + 1e-12) + 1e-9));
    const short = project.cost * 10n ** BigInt(places - profile.scale) - leftShown;
    explanations.push({ ...describe(profile, p), selected: false, reason: 'unaffordable', supportersBudget: formatUnits(leftShown, places), needed: formatUnits(short > 0n ? short : 0n, places) });
  });
  return { selected: run.winners, cost: run.cost, explanations };
}

/** Voters who approve strictly more of a's winners than of b's, and the other way round (cumulative: a project given any points counts as approved). */
function preferences(profile: Profile, a: number[], b: number[]): [number, number] {
  const inA = new Uint8Array(profile.projects.length);
  const inB = new Uint8Array(profile.projects.length);
  for (const p of a) inA[p] = 1;
  for (const p of b) inB[p] = 1;
  let preferA = 0;
  let preferB = 0;
  const { count, start, project } = profile.groups;
  for (let g = 0; g < count.length; g++) {
    let x = 0;
    let y = 0;
    for (let e = start[g]; e < start[g + 1]; e++) {
      x += inA[project[e]];
      y += inB[project[e]];
    }
    if (x > y) preferA += count[g];
    else if (y > x) preferB += count[g];
  }
  return [preferA, preferB];
}
