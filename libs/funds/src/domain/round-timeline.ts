/**
 * A round's timeline: its phases in their fixed order, each switched on or off, each open from
 * `opensAt` until `closesAt`. Phases never overlap and never run backwards; a round must end in
 * a decision (results need a panel review or a public vote before them).
 */
export const PHASES = ['co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseWindow {
  phase: Phase;
  enabled: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
}

export interface TimelineProblem {
  phase: Phase | 'timeline';
  problem: 'datesMissing' | 'closesBeforeOpens' | 'overlapsPrevious' | 'applicationsOff' | 'noDecision' | 'unknownPhase' | 'phaseTwice';
}

export function checkTimeline(windows: PhaseWindow[]): TimelineProblem[] {
  const problems: TimelineProblem[] = [];
  const seen = new Set<string>();
  for (const w of windows) {
    if (!(PHASES as readonly string[]).includes(w.phase)) problems.push({ phase: 'timeline', problem: 'unknownPhase' });
    else if (seen.has(w.phase)) problems.push({ phase: w.phase, problem: 'phaseTwice' });
    seen.add(w.phase);
  }
  if (problems.length > 0) return problems;

  const enabled = PHASES.map((phase) => windows.find((w) => w.phase === phase)).filter((w): w is PhaseWindow => !!w && w.enabled);
  const on = new Set(enabled.map((w) => w.phase));
  if (!on.has('applications')) problems.push({ phase: 'applications', problem: 'applicationsOff' });
  if (on.has('results') && !on.has('panel-review') && !on.has('public-vote')) problems.push({ phase: 'results', problem: 'noDecision' });

  let previous: PhaseWindow | undefined;
  for (const w of enabled) {
    if (!w.opensAt || !w.closesAt || Number.isNaN(w.opensAt.getTime()) || Number.isNaN(w.closesAt.getTime())) {
      problems.push({ phase: w.phase, problem: 'datesMissing' });
      continue;
    }
    if (w.closesAt <= w.opensAt) problems.push({ phase: w.phase, problem: 'closesBeforeOpens' });
    else if (previous?.closesAt && w.opensAt < previous.closesAt) problems.push({ phase: w.phase, problem: 'overlapsPrevious' });
    previous = w;
  }
  return problems;
}

export type PhaseAt = { state: 'open'; phase: Phase } | { state: 'before' | 'between' | 'after'; next: Phase | null };

/** Which phase is open at a moment, by the clock alone. */
export function phaseAt(windows: PhaseWindow[], now: Date): PhaseAt {
  const enabled = PHASES.map((phase) => windows.find((w) => w.phase === phase)).filter((w): w is PhaseWindow => !!w && w.enabled && !!w.opensAt && !!w.closesAt);
  const open = enabled.find((w) => w.opensAt! <= now && now < w.closesAt!);
  if (open) return { state: 'open', phase: open.phase };
  const next = enabled.find((w) => w.opensAt! > now);
  if (!next) return { state: 'after', next: null };
  return { state: next === enabled[0] ? 'before' : 'between', next: next.phase };
}

/** What each phase lets people do; the server refuses the rest, for web and API alike. */
export const PHASE_ACTIONS = {
  'propose-priority': 'co-design',
  'endorse-priority': 'co-design',
  'submit-application': 'applications',
  'screen-application': 'screening',
  'score-application': 'panel-review',
  'cast-ballot': 'public-vote',
  'publish-results': 'results',
  'record-award': 'awards',
} as const satisfies Record<string, Phase>;

export type PhaseAction = keyof typeof PHASE_ACTIONS;

export function phaseAllows(current: PhaseAt, action: PhaseAction): boolean {
  return current.state === 'open' && current.phase === PHASE_ACTIONS[action];
}
