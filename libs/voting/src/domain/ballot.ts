/**
 * What a ballot may hold, by the round's voting method, and the checks a ballot must pass before
 * it is accepted. The tally engine (tally/) counts ballots; this file decides which are valid.
 *
 * - approval: pick at least `minChoices` and at most `maxChoices` projects (no maximum when null);
 * - knapsack: pick projects whose costs together fit the lot's budget, spending at least
 *   `minSpendPercent` of it;
 * - cumulative: spread up to `points` points, at most `maxPointsPerProject` on one (no cap when null);
 * - ranked: order up to `maxChoices` projects, most wanted first.
 */
export const BALLOT_METHODS = ['approval', 'knapsack', 'cumulative', 'ranked'] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

export interface BallotSettings {
  minChoices: number;
  maxChoices: number | null;
  points: number;
  maxPointsPerProject: number | null;
  minSpendPercent: number;
}

export const DEFAULT_BALLOT: BallotSettings = { minChoices: 1, maxChoices: null, points: 10, maxPointsPerProject: null, minSpendPercent: 0 };

export interface SettingsProblem {
  field: keyof BallotSettings;
  problem: 'notWhole' | 'minAboveMax' | 'outOfRange';
}

/** Whether a fund manager's ballot settings make sense for the method, against how many projects are on the ballot. */
export function checkBallotSettings(method: BallotMethod, s: BallotSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const whole = (field: keyof BallotSettings, min: number, max: number, nullable = false) => {
    const value = s[field];
    if (value === null && nullable) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) problems.push({ field, problem: 'notWhole' });
    else if (value < min || value > max) problems.push({ field, problem: 'outOfRange' });
  };
  whole('minChoices', 0, 500);
  whole('maxChoices', 1, 500, true);
  // Compared only once both are sound: one mistake, one message.
  if (problems.length === 0 && s.maxChoices !== null && s.minChoices > s.maxChoices) problems.push({ field: 'maxChoices', problem: 'minAboveMax' });
  if (method === 'cumulative') {
    whole('points', 1, 1000);
    whole('maxPointsPerProject', 1, 1000, true);
    if (!problems.some((p) => p.field === 'points' || p.field === 'maxPointsPerProject') && s.maxPointsPerProject !== null && s.maxPointsPerProject > s.points) problems.push({ field: 'maxPointsPerProject', problem: 'outOfRange' });
  }
  if (method === 'knapsack') whole('minSpendPercent', 0, 100);
  return problems;
}

export interface BallotProject {
  id: string;
  costPence: number;
}

/** A ballot as given: the projects chosen (in order, for ranked ballots), with points for cumulative ones. */
export interface GivenChoice {
  projectId: string;
  points?: number;
}

export interface Choice {
  projectId: string;
  /** Points for cumulative ballots; 1 for the others. */
  points: number;
}

export type BallotProblem =
  | { problem: 'projectUnknown'; projectId: string }
  | { problem: 'projectTwice'; projectId: string }
  | { problem: 'tooFew'; min: number }
  | { problem: 'tooMany'; max: number }
  | { problem: 'overBudget'; totalPence: number; limitPence: number }
  | { problem: 'underSpend'; totalPence: number; minimumPence: number }
  | { problem: 'pointsNotWhole'; projectId: string }
  | { problem: 'tooManyPoints'; total: number; points: number }
  | { problem: 'tooManyPointsOnOne'; projectId: string; max: number };

/**
 * Checks a ballot against the method, the settings and the projects on this voter's ballot (their
 * lot's shortlist, without any they may not vote on). Returns the ballot in a normal form
 * (cumulative: projects given no points dropped; others: one point each) or every problem found.
 */
export function checkBallot(method: BallotMethod, settings: BallotSettings, projects: BallotProject[], limitPence: number, given: GivenChoice[]): { ok: true; choices: Choice[] } | { ok: false; problems: BallotProblem[] } {
  const problems: BallotProblem[] = [];
  const byId = new Map(projects.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const choices: Choice[] = [];
  for (const c of given) {
    if (!byId.has(c.projectId)) problems.push({ problem: 'projectUnknown', projectId: c.projectId });
    else if (seen.has(c.projectId)) problems.push({ problem: 'projectTwice', projectId: c.projectId });
    seen.add(c.projectId);
    if (method === 'cumulative') {
      const points = c.points ?? 0;
      if (!Number.isInteger(points) || points < 0) problems.push({ problem: 'pointsNotWhole', projectId: c.projectId });
      else if (settings.maxPointsPerProject !== null && points > settings.maxPointsPerProject) problems.push({ problem: 'tooManyPointsOnOne', projectId: c.projectId, max: settings.maxPointsPerProject });
      else if (points > 0) choices.push({ projectId: c.projectId, points });
    } else choices.push({ projectId: c.projectId, points: 1 });
  }
  if (problems.length > 0) return { ok: false, problems };

  if (choices.length < settings.minChoices) problems.push({ problem: 'tooFew', min: settings.minChoices });
  if (settings.maxChoices !== null && choices.length > settings.maxChoices) problems.push({ problem: 'tooMany', max: settings.maxChoices });
  if (method === 'cumulative') {
    const total = choices.reduce((sum, c) => sum + c.points, 0);
    if (total > settings.points) problems.push({ problem: 'tooManyPoints', total, points: settings.points });
  }
  if (method === 'knapsack') {
    const totalPence = choices.reduce((sum, c) => sum + byId.get(c.projectId)!.costPence, 0);
    if (totalPence > limitPence) problems.push({ problem: 'overBudget', totalPence, limitPence });
    const minimumPence = Math.ceil((limitPence * settings.minSpendPercent) / 100);
    if (totalPence < minimumPence) problems.push({ problem: 'underSpend', totalPence, minimumPence });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, choices };
}

/** What the ballot page shows as it stands: for knapsack ballots "£18,500 of £25,000 chosen". */
export function ballotTotal(method: BallotMethod, projects: BallotProject[], choices: Choice[]): { chosen: number; pence: number; points: number } {
  const byId = new Map(projects.map((p) => [p.id, p]));
  return {
    chosen: choices.length,
    pence: choices.reduce((sum, c) => sum + (byId.get(c.projectId)?.costPence ?? 0), 0),
    points: method === 'cumulative' ? choices.reduce((sum, c) => sum + c.points, 0) : choices.length,
  };
}
