import { allocate } from './tally';
import { approvalElection, cumulativeElection } from './testing/elections.factory';
import { VotingErrorCode } from './voting.exception';

const byId = (result: ReturnType<typeof allocate>) => Object.fromEntries(result.explanations.map((e) => [e.projectId, e]));

describe('allocate on elections worked out by hand', () => {
  // Three voters, 100 each under equal shares. C is wanted by all, A by two, B by one.
  const small = approvalElection({ budget: '300', projects: { A: '200', B: '60', C: '150' }, ballots: [['A', 'C'], ['A', 'C'], ['B', 'C']] });

  it('greedy: by votes, skipping what no longer fits and carrying on', () => {
    const result = allocate(small, 'greedy');
    expect(result).toMatchObject({ rule: 'greedy', budget: '300', voters: 3, selected: ['C', 'B'], totalCost: '210' });
    expect(result.explanations).toEqual([
      { projectId: 'C', cost: '150', support: '3', supporters: 3, selected: true, reason: 'greedy', rank: 1, available: '300' },
      { projectId: 'A', cost: '200', support: '2', supporters: 2, selected: false, reason: 'budget-exhausted', rank: 2, available: '150', needed: '50' },
      { projectId: 'B', cost: '60', support: '1', supporters: 1, selected: true, reason: 'greedy', rank: 3, available: '150' },
    ]);
  });

  it('equalshares: C at 50 each (price 1/3), then nothing else is affordable', () => {
    const result = allocate(small, 'equalshares');
    expect(result).toMatchObject({ selected: ['C'], totalCost: '150' });
    expect(result.explanations).toEqual([
      { projectId: 'C', cost: '150', support: '3', supporters: 3, selected: true, reason: 'mes-round', round: 1, pricePerSupporter: '50', effectiveVotes: '3', paidInFull: 0 },
      { projectId: 'A', cost: '200', support: '2', supporters: 2, selected: false, reason: 'unaffordable', supportersBudget: '100', needed: '100' },
      { projectId: 'B', cost: '60', support: '1', supporters: 1, selected: false, reason: 'unaffordable', supportersBudget: '50', needed: '10' },
    ]);
  });

  it('equalshares/add1: 110 each buys B too; 150 each would buy A and cost 410, so 149 is kept', () => {
    const result = allocate(small, 'equalshares/add1');
    expect(result).toMatchObject({ selected: ['C', 'B'], totalCost: '210', completion: { acceptedK: 49, endowment: '149', rejectedK: 50, rejectedEndowment: '150' } });
    expect(byId(result).B).toMatchObject({ selected: true, reason: 'mes-round', round: 2, pricePerSupporter: '60', paidInFull: 0 });
    expect(byId(result).A).toMatchObject({ selected: false, reason: 'unaffordable', supportersBudget: '198', needed: '2' });
  });

  it('equalshares/add1-comparison: keeps equal shares when no more voters prefer greedy', () => {
    const result = allocate(small, 'equalshares/add1-comparison');
    expect(result.selected).toEqual(['C', 'B']);
    expect(result.comparison).toEqual({ used: 'equalshares/add1', prefersEqualShares: 0, prefersGreedy: 0, equalSharesSelected: ['C', 'B'], greedySelected: ['C', 'B'] });
    expect(result.explanations[0].reason).toBe('mes-round');
  });

  it('equalshares/add1-comparison: uses greedy when strictly more voters prefer it', () => {
    // Three want A (300), one wants B (100): equal shares never affords A alone, greedy buys it.
    const election = approvalElection({ budget: '300', projects: { A: '300', B: '100' }, ballots: [['A'], ['A'], ['A'], ['B']] });
    const result = allocate(election, 'equalshares/add1-comparison');
    expect(result).toMatchObject({ selected: ['A'], totalCost: '300', completion: { acceptedK: 24, rejectedK: 25 } });
    expect(result.comparison).toEqual({ used: 'greedy', prefersEqualShares: 0, prefersGreedy: 3, equalSharesSelected: [], greedySelected: ['A'] });
    expect(result.explanations.map((e) => e.reason)).toEqual(['greedy', 'budget-exhausted']);
  });

  it('equalshares: a supporter with less than the price pays all they have, the others share the rest', () => {
    // A (4 supporters, 90 each) comes first and leaves v1 with 10; B then costs v1 10 and v2, v3 55 each.
    const election = approvalElection({ budget: '600', projects: { A: '360', B: '120' }, ballots: [['A', 'B'], ['B'], ['B'], ['A'], ['A'], ['A']] });
    const result = allocate(election, 'equalshares');
    expect(result.selected).toEqual(['A', 'B']);
    expect(byId(result).A).toMatchObject({ round: 1, pricePerSupporter: '90', effectiveVotes: '4', paidInFull: 0 });
    expect(byId(result).B).toMatchObject({ round: 2, pricePerSupporter: '55', effectiveVotes: '2.18', paidInFull: 1 });
  });

  it('decimal budgets and costs are exact', () => {
    const election = approvalElection({ budget: '100.10', projects: { A: '50.05', B: '50.05', C: '0.01' }, ballots: [['A', 'B', 'C'], ['A', 'B'], ['A', 'B', 'C']] });
    expect(allocate(election, 'greedy')).toMatchObject({ selected: ['A', 'B'], totalCost: '100.1' });
    expect(byId(allocate(election, 'greedy')).C).toMatchObject({ reason: 'budget-exhausted', available: '0', needed: '0.01' });
    expect(allocate(election, 'equalshares')).toMatchObject({ selected: ['A', 'B'], totalCost: '100.1' });
  });

  it('an empty ballot is still a voter with a share', () => {
    // Two voters: 50 each. The one who voted for nothing keeps their 50, so A (60) is unaffordable.
    const election = approvalElection({ budget: '100', projects: { A: '60' }, ballots: [['A'], []] });
    expect(allocate(election, 'equalshares')).toMatchObject({ voters: 2, selected: [] });
    expect(allocate(election, 'equalshares/add1')).toMatchObject({ selected: ['A'], completion: { acceptedK: 10, endowment: '60' } });
  });
});

describe('ties', () => {
  it('greedy orders equal support by id, whole numbers by value, and says so', () => {
    const election = approvalElection({ budget: '50', projects: { '10': '50', '9': '50' }, ballots: [['9', '10'], ['10', '9']] });
    const result = allocate(election, 'greedy');
    expect(result.selected).toEqual(['9']);
    expect(result.explanations).toEqual([
      expect.objectContaining({ projectId: '9', selected: true, rank: 1, tie: { tiedWith: ['10'], brokenBy: 'id' } }),
      expect.objectContaining({ projectId: '10', selected: false, rank: 2, reason: 'budget-exhausted', tie: { tiedWith: ['9'], brokenBy: 'id' } }),
    ]);
  });

  it('equal shares: equal prices go to the lower cost', () => {
    // Ten voters at 10 each for A (100), ten at 20 each for B (200): both 1/10 per unit of cost.
    const ballots = [...Array.from({ length: 10 }, () => ['A']), ...Array.from({ length: 10 }, () => ['B'])];
    const result = allocate(approvalElection({ budget: '400', projects: { A: '100', B: '200' }, ballots }), 'equalshares');
    expect(result.selected).toEqual(['A', 'B']);
    expect(byId(result).A).toMatchObject({ round: 1, tie: { tiedWith: ['B'], brokenBy: 'cost' } });
    expect(byId(result).B).not.toHaveProperty('tie');
  });

  it('equal shares: equal prices and costs go to the project id', () => {
    const ballots = [...Array.from({ length: 10 }, () => ['10']), ...Array.from({ length: 10 }, () => ['9'])];
    const result = allocate(approvalElection({ budget: '200', projects: { '10': '100', '9': '100' }, ballots }), 'equalshares');
    expect(result.selected).toEqual(['9', '10']);
    expect(byId(result)['9']).toMatchObject({ round: 1, tie: { tiedWith: ['10'], brokenBy: 'id' } });
  });

  it('equal shares: equal prices and costs go to the more support', () => {
    // Twelve voters, 20 each. Round 1 buys X (six supporters) with everything v1, v2 and v9–v12
    // have. Then A's v3–v5 and B's v6–v8 would each pay 20 for 60: the same price and cost, but B
    // has five votes (v1 and v2, with nothing left, still count) to A's three.
    const election = approvalElection({
      budget: '240',
      projects: { X: '120', A: '60', B: '60' },
      ballots: [['X', 'B'], ['X', 'B'], ['A'], ['A'], ['A'], ['B'], ['B'], ['B'], ['X'], ['X'], ['X'], ['X']],
    });
    const result = allocate(election, 'equalshares');
    expect(result.selected).toEqual(['X', 'B', 'A']);
    expect(byId(result).B).toMatchObject({ round: 2, support: '5', tie: { tiedWith: ['A'], brokenBy: 'support' } });
  });
});

describe('cumulative ballots', () => {
  it('greedy-threshold: by points, only projects with at least the threshold take part', () => {
    const election = cumulativeElection({
      budget: '100',
      projects: { A: '60', B: '50', C: '30' },
      ballots: [{ A: 3 }, { B: 2, C: 1 }, { B: 1, A: 1 }],
      meta: { min_project_score_threshold: '2' },
    });
    const result = allocate(election, 'greedy-threshold');
    expect(result).toMatchObject({ selected: ['A'], totalCost: '60', threshold: '2' });
    expect(result.explanations).toEqual([
      { projectId: 'A', cost: '60', support: '4', supporters: 2, selected: true, reason: 'greedy', rank: 1, available: '100' },
      { projectId: 'B', cost: '50', support: '3', supporters: 2, selected: false, reason: 'budget-exhausted', rank: 2, available: '40', needed: '10' },
      { projectId: 'C', cost: '30', support: '1', supporters: 1, selected: false, reason: 'below-threshold', threshold: '2' },
    ]);
    // The threshold can be given instead of read from META.
    expect(allocate(election, 'greedy-threshold', { threshold: '5' }).selected).toEqual([]);
  });

  it('equalshares: utility is the points given, so each supporter pays the price per point times their points', () => {
    // 10 each. B: 3 points from v3, price 3 per point. A: 2 points from v1 and 1 from v2, price 4. C: 20 between them, short of 25.
    const election = cumulativeElection({ budget: '30', projects: { A: '12', B: '9', C: '25' }, ballots: [{ A: 2, C: 5 }, { A: 1, C: 1 }, { B: 3 }] });
    const result = allocate(election, 'equalshares');
    expect(result).toMatchObject({ selected: ['B', 'A'], totalCost: '21' });
    expect(result.explanations).toEqual([
      { projectId: 'B', cost: '9', support: '3', supporters: 1, selected: true, reason: 'mes-round', round: 1, pricePerPoint: '3', paidInFull: 0 },
      { projectId: 'A', cost: '12', support: '3', supporters: 2, selected: true, reason: 'mes-round', round: 2, pricePerPoint: '4', paidInFull: 0 },
      { projectId: 'C', cost: '25', support: '6', supporters: 2, selected: false, reason: 'unaffordable', supportersBudget: '8', needed: '17' },
    ]);
  });

  it('a project given no points is not supported by that voter', () => {
    const election = cumulativeElection({ budget: '20', projects: { A: '10' }, ballots: [{ A: 0 }, { A: 2 }] });
    expect(byId(allocate(election, 'greedy')).A).toMatchObject({ support: '2', supporters: 1 });
  });
});

describe('what cannot be tallied', () => {
  const election = approvalElection({ budget: '10', projects: { A: '5' }, ballots: [['A']] });

  it('refuses an unknown rule', () => {
    expect(() => allocate(election, 'phragmen' as never)).toThrow(expect.objectContaining({ code: VotingErrorCode.UnknownRule }));
  });

  it('refuses greedy-threshold without a threshold', () => {
    expect(() => allocate(election, 'greedy-threshold')).toThrow(expect.objectContaining({ code: VotingErrorCode.CannotTally, message: expect.stringContaining('min_project_score_threshold') }));
  });

  it('refuses ballots it cannot count', () => {
    expect(() => allocate({ ...election, voteType: 'ordinal' }, 'greedy')).toThrow(expect.objectContaining({ code: VotingErrorCode.CannotTally }));
  });
});
