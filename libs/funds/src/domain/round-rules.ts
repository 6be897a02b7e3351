import { PHASES, type Phase, type PhaseWindow } from './round-timeline';

/**
 * The rules a fund manager sets for a round, and when each one freezes. A rule freezes once the
 * phase that uses it has started (applicants rely on the budget and the form from the day
 * applications open; voters on the ballot from the day the vote opens), and stays frozen.
 */
export const APPLICANT_TYPES = ['unregistered-group', 'charity', 'cio', 'cic', 'company', 'school', 'faith-group', 'individual'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const VOTING_METHODS = ['approval', 'knapsack', 'cumulative', 'ranked'] as const;
export type VotingMethod = (typeof VOTING_METHODS)[number];

/** As defined in shared/pb/ALGORITHMS.md; the voting module implements them. */
export const ALLOCATION_RULES = ['greedy', 'greedy-threshold', 'equalshares', 'equalshares/add1', 'equalshares/add1-comparison'] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

export interface RoundRules {
  budgetPence: number;
  grantMinPence: number;
  grantMaxPence: number;
  applicantTypes: ApplicantType[];
  votingMethod: VotingMethod;
  allocationRule: AllocationRule;
  /** How much the panel's ranking weighs in the result, 0–100 (0: the vote alone decides). */
  panelWeightPercent: number;
  minimumVoterAge: number;
  /** How many endorsement dots each resident may place during co-design. */
  endorsementDots: number;
  /** Applications in two stages: a short expression of interest, then a full application from those invited. */
  twoStage: boolean;
}

export const DEFAULT_RULES: Omit<RoundRules, 'budgetPence' | 'grantMinPence' | 'grantMaxPence'> = {
  applicantTypes: ['unregistered-group', 'charity', 'cio', 'cic', 'company', 'school', 'faith-group'],
  votingMethod: 'approval',
  allocationRule: 'greedy',
  panelWeightPercent: 0,
  minimumVoterAge: 16,
  endorsementDots: 5,
  twoStage: false,
};

/** Everything on a round that can freeze: the rules above, and the lists edited on their own pages. */
export type FreezableRule = keyof RoundRules | 'lots' | 'questions' | 'criteria';

export const RULE_FREEZES_AT: Record<FreezableRule, Phase> = {
  endorsementDots: 'co-design',
  budgetPence: 'applications',
  grantMinPence: 'applications',
  grantMaxPence: 'applications',
  applicantTypes: 'applications',
  twoStage: 'applications',
  lots: 'applications',
  questions: 'applications',
  criteria: 'applications',
  votingMethod: 'public-vote',
  allocationRule: 'public-vote',
  panelWeightPercent: 'public-vote',
  minimumVoterAge: 'public-vote',
};

/**
 * The phase whose start froze this rule, or null while it may still change. A rule freezes
 * when its phase, or any later one, has opened: a round with no public vote still freezes its
 * ballot rules when results open.
 */
export function frozenBy(rule: FreezableRule, windows: PhaseWindow[], now: Date): Phase | null {
  const from = PHASES.indexOf(RULE_FREEZES_AT[rule]);
  const started = windows.filter((w) => w.enabled && w.opensAt && PHASES.indexOf(w.phase) >= from && w.opensAt <= now);
  started.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
  return started[0]?.phase ?? null;
}

export interface RuleProblem {
  field: keyof RoundRules;
  problem: string;
}

export const VOTER_AGE = { min: 11, max: 18 };
export const DOTS = { min: 1, max: 20 };

/** The allocation rules that can weigh the panel's scores in. */
export const PANEL_WEIGHTED_RULES: readonly AllocationRule[] = ['greedy', 'greedy-threshold'];

/** Whether a set of rules holds together on the round's timeline. Money is checked against the fund's balance elsewhere. */
export function checkRules(rules: RoundRules, phases: PhaseWindow[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (rules.grantMinPence > rules.grantMaxPence) problems.push({ field: 'grantMaxPence', problem: 'funds.round.grantMaxBelowMin' });
  if (rules.grantMaxPence > rules.budgetPence) problems.push({ field: 'grantMaxPence', problem: 'funds.round.grantMaxAboveBudget' });
  if (rules.applicantTypes.length === 0) problems.push({ field: 'applicantTypes', problem: 'funds.rules.applicantTypesNone' });
  if (rules.applicantTypes.some((t) => !(APPLICANT_TYPES as readonly string[]).includes(t))) problems.push({ field: 'applicantTypes', problem: 'funds.rules.applicantTypeUnknown' });
  if (!(VOTING_METHODS as readonly string[]).includes(rules.votingMethod)) problems.push({ field: 'votingMethod', problem: 'funds.rules.votingMethodUnknown' });
  if (!(ALLOCATION_RULES as readonly string[]).includes(rules.allocationRule)) problems.push({ field: 'allocationRule', problem: 'funds.rules.allocationRuleUnknown' });
  // Equal Shares divides the budget by what each voter approves or scores; ranked and knapsack ballots carry neither.
  else if (rules.allocationRule.startsWith('equalshares') && !['approval', 'cumulative'].includes(rules.votingMethod)) {
    problems.push({ field: 'allocationRule', problem: 'funds.rules.equalSharesNeedsApprovalOrCumulative' });
  }
  if (!Number.isInteger(rules.panelWeightPercent) || rules.panelWeightPercent < 0 || rules.panelWeightPercent > 100) problems.push({ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightRange' });
  else if (rules.panelWeightPercent > 0) {
    // Equal Shares divides the money by voters: a panel score mixed in would break its proportionality guarantee.
    if (!PANEL_WEIGHTED_RULES.includes(rules.allocationRule)) problems.push({ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightNeedsGreedy' });
    else if (!phases.some((w) => w.phase === 'panel-review' && w.enabled)) problems.push({ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightNeedsPanel' });
  }
  if (!Number.isInteger(rules.minimumVoterAge) || rules.minimumVoterAge < VOTER_AGE.min || rules.minimumVoterAge > VOTER_AGE.max) problems.push({ field: 'minimumVoterAge', problem: 'funds.rules.voterAgeRange' });
  if (typeof rules.twoStage !== 'boolean') problems.push({ field: 'twoStage', problem: 'funds.rules.twoStageYesNo' });
  if (!Number.isInteger(rules.endorsementDots) || rules.endorsementDots < DOTS.min || rules.endorsementDots > DOTS.max) problems.push({ field: 'endorsementDots', problem: 'funds.rules.dotsRange' });
  return problems;
}

/** The rules that differ between two versions, and of those the ones already frozen (with the phase that froze them). */
export function frozenChanges(before: RoundRules, after: RoundRules, windows: PhaseWindow[], now: Date): Array<{ field: keyof RoundRules; phase: Phase }> {
  const changed = (Object.keys(before) as Array<keyof RoundRules>).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return changed.flatMap((field) => {
    const phase = frozenBy(field, windows, now);
    return phase ? [{ field, phase }] : [];
  });
}
