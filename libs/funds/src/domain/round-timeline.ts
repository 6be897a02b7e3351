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

/**
 * What each phase lets people do; the server refuses the rest, for web and API alike. Officers
 * screen on a rolling basis: from the day applications open until screening closes.
 */
export const PHASE_ACTIONS = {
  'propose-priority': 'co-design',
  'endorse-priority': 'co-design',
  'comment-on-priority': 'co-design',
  'answer-poll': 'co-design',
  'submit-application': 'applications',
  'screen-application': ['applications', 'screening'],
  'score-application': 'panel-review',
  // The panel reads, discusses, questions applicants and decides while its review is open.
  'deliberate': 'panel-review',
  'cast-ballot': 'public-vote',
  'publish-results': 'results',
  'record-award': 'awards',
} as const satisfies Record<string, Phase | readonly Phase[]>;

export type PhaseAction = keyof typeof PHASE_ACTIONS;

export function phaseAllows(current: PhaseAt, action: PhaseAction): boolean {
  const allowed: readonly Phase[] = ([] as Phase[]).concat(PHASE_ACTIONS[action]);
  return current.state === 'open' && allowed.includes(current.phase);
}

export interface TimelineChangeProblem {
  phase: Phase;
  problem: 'closedPhaseChanged' | 'openPhaseChanged' | 'closesInPast' | 'opensInPast';
}

/**
 * What a fund manager may change in a timeline that has begun: nothing about a phase that has
 * closed; only the closing time of the phase open now (and not into the past: moving on now is
 * its own action); anything about a phase still to come, as long as it does not open in the past.
 */
export function checkTimelineChange(before: PhaseWindow[], after: PhaseWindow[], now: Date): TimelineChangeProblem[] {
  const problems: TimelineChangeProblem[] = [];
  const time = (d: Date | null) => (d ? d.getTime() : null);
  for (const phase of PHASES) {
    const was = before.find((w) => w.phase === phase) ?? { phase, enabled: false, opensAt: null, closesAt: null };
    const will = after.find((w) => w.phase === phase) ?? { phase, enabled: false, opensAt: null, closesAt: null };
    const same = was.enabled === will.enabled && time(was.opensAt) === time(will.opensAt) && time(was.closesAt) === time(will.closesAt);
    if (same) continue;
    if (was.enabled && was.closesAt && was.closesAt <= now) problems.push({ phase, problem: 'closedPhaseChanged' });
    else if (was.enabled && was.opensAt && was.opensAt <= now) {
      if (!will.enabled || time(was.opensAt) !== time(will.opensAt)) problems.push({ phase, problem: 'openPhaseChanged' });
      else if (will.closesAt && will.closesAt <= now) problems.push({ phase, problem: 'closesInPast' });
    } else if (will.enabled && will.opensAt && will.opensAt < now) problems.push({ phase, problem: 'opensInPast' });
  }
  return problems;
}

export type Advance = { ok: true; windows: PhaseWindow[]; from: Phase | null; to: Phase | null } | { ok: false; problem: 'roundOver' };

/**
 * A fund manager moving the round on now, ahead of the clock: the phase open now closes now and
 * the next one opens now (its closing date stays). Between phases, the next one opens now.
 * The timeline is changed rather than overridden, so the clock and the record always agree.
 */
export function advanceNow(windows: PhaseWindow[], now: Date): Advance {
  const current = phaseAt(windows, now);
  if (current.state === 'after') return { ok: false, problem: 'roundOver' };
  const enabled = PHASES.filter((phase) => windows.some((w) => w.phase === phase && w.enabled));
  const from = current.state === 'open' ? current.phase : null;
  const to = current.state === 'open' ? (enabled[enabled.indexOf(current.phase) + 1] ?? null) : current.next;
  const moved = windows.map((w) => {
    if (w.phase === from) return { ...w, closesAt: now };
    if (w.phase === to) return { ...w, opensAt: now };
    return w;
  });
  return { ok: true, windows: moved, from, to };
}

/** Every phase in order, filling in the ones not given as switched off. */
export function completeTimeline(given: PhaseWindow[]): PhaseWindow[] {
  return PHASES.map((phase) => given.find((p) => p.phase === phase) ?? { phase, enabled: false, opensAt: null, closesAt: null });
}

/** A timeline as a person or client gave it (a phase given twice is an error), its problems named by field. */
export function timelineFieldProblems(given: PhaseWindow[]): Array<{ field: string; problem: string }> {
  const all = [...given, ...completeTimeline([]).filter((p) => !given.some((g) => g.phase === p.phase))];
  return checkTimeline(all).map((p) => ({ field: p.phase === 'timeline' ? 'phases' : `phases.${p.phase}`, problem: `funds.round.timeline.${p.problem}` }));
}

/**
 * Phases that opened and closed while nothing was watching (the worker or Redis away), so that
 * no step of the round goes unrecorded: enabled phases, in order, that have both opened and closed
 * by `now`, have never been recorded as opening, and are not `to` (the phase now being recorded).
 */
export function missedPhases(windows: PhaseWindow[], now: Date, recorded: ReadonlySet<Phase>, to: Phase | null): Phase[] {
  return PHASES.filter((phase) => {
    const w = windows.find((x) => x.phase === phase);
    return !!w?.enabled && !!w.opensAt && !!w.closesAt && w.opensAt <= now && w.closesAt <= now && !recorded.has(phase) && phase !== to;
  });
}
