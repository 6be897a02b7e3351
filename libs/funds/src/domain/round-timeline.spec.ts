import { checkTimeline, phaseAllows, phaseAt, type Phase, type PhaseWindow } from './round-timeline';

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
