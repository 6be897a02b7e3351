import { advanceNow, checkTimeline, checkTimelineChange, missedPhases, PHASE_ACTIONS, phaseAllows, phaseAt, type Phase, type PhaseAction, type PhaseWindow } from './round-timeline';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const window = (phase: Phase, from: number, to: number, enabled = true): PhaseWindow => ({ phase, enabled, opensAt: day(from), closesAt: day(to) });

const fullRound = (): PhaseWindow[] => [
  window('co-design', 0, 14),
  window('applications', 14, 42),
  window('screening', 42, 49),
  window('panel-review', 49, 63),
  window('public-vote', 63, 77),
  window('results', 77, 80),
  window('awards', 80, 180),
];

describe('checkTimeline', () => {
  it('accepts a full round, and rounds with the panel or the vote switched off', () => {
    expect(checkTimeline(fullRound())).toEqual([]);
    expect(checkTimeline(fullRound().map((w) => (w.phase === 'public-vote' ? { ...w, enabled: false } : w)))).toEqual([]);
    expect(checkTimeline(fullRound().map((w) => (w.phase === 'panel-review' ? { ...w, enabled: false } : w)))).toEqual([]);
  });

  it('refuses reversed and overlapping dates, naming the phase', () => {
    const reversed = fullRound().map((w) => (w.phase === 'screening' ? window('screening', 49, 42) : w));
    expect(checkTimeline(reversed)).toContainEqual({ phase: 'screening', problem: 'closesBeforeOpens' });
    const overlapping = fullRound().map((w) => (w.phase === 'applications' ? window('applications', 10, 42) : w));
    expect(checkTimeline(overlapping)).toEqual([{ phase: 'applications', problem: 'overlapsPrevious' }]);
  });

  it('ignores the dates of a phase that is switched off', () => {
    const off = fullRound().map((w) => (w.phase === 'co-design' ? { ...w, enabled: false, opensAt: day(100), closesAt: day(1) } : w));
    expect(checkTimeline(off)).toEqual([]);
  });

  it('needs applications, dates for every phase that is on, and a decision before results', () => {
    const noDates = fullRound().map((w) => (w.phase === 'results' ? { ...w, closesAt: null } : w));
    expect(checkTimeline(noDates)).toEqual([{ phase: 'results', problem: 'datesMissing' }]);
    const noDecision = fullRound().map((w) => (w.phase === 'panel-review' || w.phase === 'public-vote' ? { ...w, enabled: false } : w));
    expect(checkTimeline(noDecision)).toEqual([{ phase: 'results', problem: 'noDecision' }]);
    const noApplications = fullRound().map((w) => (w.phase === 'applications' ? { ...w, enabled: false } : w));
    expect(checkTimeline(noApplications)).toContainEqual({ phase: 'applications', problem: 'applicationsOff' });
  });

  it('refuses a phase given twice', () => {
    expect(checkTimeline([...fullRound(), window('results', 200, 201)])).toEqual([{ phase: 'results', problem: 'phaseTwice' }]);
  });
});

describe('phaseAt and phaseAllows', () => {
  it('finds the open phase by the clock', () => {
    expect(phaseAt(fullRound(), day(20))).toEqual({ state: 'open', phase: 'applications' });
    expect(phaseAt(fullRound(), day(-5))).toEqual({ state: 'before', next: 'co-design' });
    expect(phaseAt(fullRound(), day(400))).toEqual({ state: 'after', next: null });
    const gap = fullRound().map((w) => (w.phase === 'screening' ? window('screening', 45, 49) : w));
    expect(phaseAt(gap, day(43))).toEqual({ state: 'between', next: 'screening' });
  });

  it('lets people do only what the open phase is for', () => {
    const applying = phaseAt(fullRound(), day(20));
    expect(phaseAllows(applying, 'submit-application')).toBe(true);
    expect(phaseAllows(applying, 'cast-ballot')).toBe(false);
    expect(phaseAllows(phaseAt(fullRound(), day(70)), 'cast-ballot')).toBe(true);
    expect(phaseAllows(phaseAt(fullRound(), day(-1)), 'propose-priority')).toBe(false);
  });
});

describe('the phase gate, phase by phase', () => {
  const middle = { 'co-design': 7, applications: 20, screening: 45, 'panel-review': 55, 'public-vote': 70, results: 78, awards: 100 } as const;
  it.each(Object.entries(middle))('during %s allows exactly the actions of that phase', (phase, dayIn) => {
    const now = phaseAt(fullRound(), day(dayIn));
    const allowed = (Object.keys(PHASE_ACTIONS) as PhaseAction[]).filter((action) => phaseAllows(now, action));
    expect(allowed.sort()).toEqual((Object.entries(PHASE_ACTIONS) as Array<[PhaseAction, Phase | readonly Phase[]]>).filter(([, p]) => ([] as Phase[]).concat(p).includes(phase as Phase)).map(([a]) => a).sort());
    expect(allowed.length).toBeGreaterThan(0);
  });

  it('lets officers screen from the day applications open until screening closes', () => {
    expect(phaseAllows(phaseAt(fullRound(), day(20)), 'screen-application')).toBe(true);
    expect(phaseAllows(phaseAt(fullRound(), day(45)), 'screen-application')).toBe(true);
    expect(phaseAllows(phaseAt(fullRound(), day(55)), 'screen-application')).toBe(false);
  });

  it('allows nothing before the round, between phases or after it', () => {
    const gap = fullRound().map((w) => (w.phase === 'screening' ? window('screening', 45, 49) : w));
    for (const now of [phaseAt(fullRound(), day(-1)), phaseAt(gap, day(43)), phaseAt(fullRound(), day(181))]) {
      expect((Object.keys(PHASE_ACTIONS) as PhaseAction[]).filter((action) => phaseAllows(now, action))).toEqual([]);
    }
  });
});

describe('checkTimelineChange', () => {
  const now = day(20); // applications open
  const change = (phase: Phase, from: number, to: number) => fullRound().map((w) => (w.phase === phase ? window(phase, from, to) : w));

  it('lets phases to come move, and the open phase close earlier or later', () => {
    expect(checkTimelineChange(fullRound(), change('public-vote', 64, 78), now)).toEqual([]);
    expect(checkTimelineChange(fullRound(), change('applications', 14, 30), now)).toEqual([]);
  });

  it('keeps the past as it was, and refuses to rewrite it', () => {
    expect(checkTimelineChange(fullRound(), change('co-design', 0, 13), now)).toEqual([{ phase: 'co-design', problem: 'closedPhaseChanged' }]);
    expect(checkTimelineChange(fullRound(), change('applications', 15, 42), now)).toEqual([{ phase: 'applications', problem: 'openPhaseChanged' }]);
    expect(checkTimelineChange(fullRound(), change('applications', 14, 19), now)).toEqual([{ phase: 'applications', problem: 'closesInPast' }]);
    expect(checkTimelineChange(fullRound(), change('screening', 19, 49), now)).toEqual([{ phase: 'screening', problem: 'opensInPast' }]);
    const switchedOff = fullRound().map((w) => (w.phase === 'applications' ? { ...w, enabled: false } : w));
    expect(checkTimelineChange(fullRound(), switchedOff, now)).toEqual([{ phase: 'applications', problem: 'openPhaseChanged' }]);
  });
});

describe('missedPhases', () => {
  it('names the phases that opened and closed unrecorded, in order, leaving out the one being recorded', () => {
    expect(missedPhases(fullRound(), day(45), new Set(['co-design']), 'screening')).toEqual(['applications']);
    expect(missedPhases(fullRound(), day(45), new Set(['co-design', 'applications']), 'screening')).toEqual([]);
    expect(missedPhases(fullRound(), day(20), new Set(), 'applications')).toEqual(['co-design']);
    expect(missedPhases(fullRound(), day(500), new Set(['co-design', 'applications', 'screening']), null)).toEqual(['panel-review', 'public-vote', 'results', 'awards']);
    const noVote = fullRound().map((w) => (w.phase === 'public-vote' ? { ...w, enabled: false } : w));
    expect(missedPhases(noVote, day(78), new Set(['co-design', 'applications', 'screening']), 'results')).toEqual(['panel-review']);
  });
});

describe('advanceNow', () => {
  it('closes the open phase now and opens the next now, keeping its closing date', () => {
    const now = day(20);
    const advance = advanceNow(fullRound(), now);
    expect(advance).toMatchObject({ ok: true, from: 'applications', to: 'screening' });
    if (!advance.ok) throw new Error('expected to advance');
    expect(advance.windows.find((w) => w.phase === 'applications')).toMatchObject({ opensAt: day(14), closesAt: now });
    expect(advance.windows.find((w) => w.phase === 'screening')).toMatchObject({ opensAt: now, closesAt: day(49) });
    expect(checkTimeline(advance.windows)).toEqual([]);
    expect(phaseAt(advance.windows, now)).toEqual({ state: 'open', phase: 'screening' });
  });

  it('skips switched-off phases, opens the first phase early, closes the last, and stops after it', () => {
    const noScreening = fullRound().map((w) => (w.phase === 'screening' ? { ...w, enabled: false } : w));
    expect(advanceNow(noScreening, day(20))).toMatchObject({ from: 'applications', to: 'panel-review' });
    expect(advanceNow(fullRound(), day(-3))).toMatchObject({ from: null, to: 'co-design' });
    expect(advanceNow(fullRound(), day(100))).toMatchObject({ from: 'awards', to: null });
    expect(advanceNow(fullRound(), day(200))).toEqual({ ok: false, problem: 'roundOver' });
  });
});
