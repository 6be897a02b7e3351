import { ballotTotal, checkBallot, checkBallotSettings, DEFAULT_BALLOT, type BallotProject } from './ballot';

describe('ballot settings', () => {
  it('accepts the defaults for every method', () => {
    for (const method of ['approval', 'knapsack', 'cumulative', 'ranked'] as const) expect(checkBallotSettings(method, DEFAULT_BALLOT)).toEqual([]);
  });

  it('names the setting at fault', () => {
    expect(checkBallotSettings('approval', { ...DEFAULT_BALLOT, minChoices: 3, maxChoices: 2 })).toEqual([{ field: 'maxChoices', problem: 'minAboveMax' }]);
    expect(checkBallotSettings('approval', { ...DEFAULT_BALLOT, maxChoices: 0 })).toEqual([{ field: 'maxChoices', problem: 'outOfRange' }]);
    expect(checkBallotSettings('cumulative', { ...DEFAULT_BALLOT, points: 10, maxPointsPerProject: 11 })).toEqual([{ field: 'maxPointsPerProject', problem: 'outOfRange' }]);
    expect(checkBallotSettings('cumulative', { ...DEFAULT_BALLOT, points: 2.5 })).toEqual([{ field: 'points', problem: 'notWhole' }]);
    expect(checkBallotSettings('knapsack', { ...DEFAULT_BALLOT, minSpendPercent: 101 })).toEqual([{ field: 'minSpendPercent', problem: 'outOfRange' }]);
    // Settings a method does not use are not its problem.
    expect(checkBallotSettings('approval', { ...DEFAULT_BALLOT, minSpendPercent: 101 })).toEqual([]);
  });
});

describe('checking a ballot', () => {
  const projects: BallotProject[] = [
    { id: 'a', costPence: 10_000_00 },
    { id: 'b', costPence: 8_500_00 },
    { id: 'c', costPence: 7_000_00 },
  ];

  it('takes an approval ballot within its limits, and refuses one outside them', () => {
    const settings = { ...DEFAULT_BALLOT, minChoices: 1, maxChoices: 2 };
    expect(checkBallot('approval', settings, projects, 0, [{ projectId: 'a' }, { projectId: 'c' }])).toEqual({ ok: true, choices: [{ projectId: 'a', points: 1 }, { projectId: 'c', points: 1 }] });
    expect(checkBallot('approval', settings, projects, 0, [])).toEqual({ ok: false, problems: [{ problem: 'tooFew', min: 1 }] });
    expect(checkBallot('approval', settings, projects, 0, [{ projectId: 'a' }, { projectId: 'b' }, { projectId: 'c' }])).toEqual({ ok: false, problems: [{ problem: 'tooMany', max: 2 }] });
  });

  it('refuses projects not on this ballot, or chosen twice', () => {
    expect(checkBallot('approval', DEFAULT_BALLOT, projects, 0, [{ projectId: 'z' }, { projectId: 'a' }, { projectId: 'a' }])).toEqual({
      ok: false,
      problems: [
        { problem: 'projectUnknown', projectId: 'z' },
        { problem: 'projectTwice', projectId: 'a' },
      ],
    });
  });

  it('keeps a knapsack ballot within the budget, and above the minimum spend', () => {
    const settings = { ...DEFAULT_BALLOT, minSpendPercent: 50 };
    expect(checkBallot('knapsack', settings, projects, 25_000_00, [{ projectId: 'a' }, { projectId: 'b' }]).ok).toBe(true);
    expect(checkBallot('knapsack', settings, projects, 25_000_00, [{ projectId: 'a' }, { projectId: 'b' }, { projectId: 'c' }])).toEqual({ ok: false, problems: [{ problem: 'overBudget', totalPence: 25_500_00, limitPence: 25_000_00 }] });
    expect(checkBallot('knapsack', settings, projects, 25_000_00, [{ projectId: 'c' }])).toEqual({ ok: false, problems: [{ problem: 'underSpend', totalPence: 7_000_00, minimumPence: 12_500_00 }] });
  });

  it('spreads cumulative points within the allowance and the cap, dropping projects given none', () => {
    const settings = { ...DEFAULT_BALLOT, points: 10, maxPointsPerProject: 6 };
    expect(checkBallot('cumulative', settings, projects, 0, [{ projectId: 'a', points: 6 }, { projectId: 'b', points: 4 }, { projectId: 'c', points: 0 }])).toEqual({ ok: true, choices: [{ projectId: 'a', points: 6 }, { projectId: 'b', points: 4 }] });
    expect(checkBallot('cumulative', settings, projects, 0, [{ projectId: 'a', points: 6 }, { projectId: 'b', points: 5 }])).toEqual({ ok: false, problems: [{ problem: 'tooManyPoints', total: 11, points: 10 }] });
    expect(checkBallot('cumulative', settings, projects, 0, [{ projectId: 'a', points: 7 }])).toEqual({ ok: false, problems: [{ problem: 'tooManyPointsOnOne', projectId: 'a', max: 6 }] });
    expect(checkBallot('cumulative', settings, projects, 0, [{ projectId: 'a', points: 1.5 }])).toEqual({ ok: false, problems: [{ problem: 'pointsNotWhole', projectId: 'a' }] });
  });

  it('keeps a ranked ballot in the order given, up to its length', () => {
    const settings = { ...DEFAULT_BALLOT, maxChoices: 2 };
    expect(checkBallot('ranked', settings, projects, 0, [{ projectId: 'c' }, { projectId: 'a' }])).toEqual({ ok: true, choices: [{ projectId: 'c', points: 1 }, { projectId: 'a', points: 1 }] });
    expect(checkBallot('ranked', settings, projects, 0, [{ projectId: 'c' }, { projectId: 'a' }, { projectId: 'b' }]).ok).toBe(false);
  });

  it('adds up what is chosen, for the running total', () => {
    expect(ballotTotal('knapsack', projects, [{ projectId: 'a', points: 1 }, { projectId: 'c', points: 1 }])).toEqual({ chosen: 2, pence: 17_000_00, points: 2 });
    expect(ballotTotal('cumulative', projects, [{ projectId: 'a', points: 3 }])).toEqual({ chosen: 1, pence: 10_000_00, points: 3 });
  });
});
