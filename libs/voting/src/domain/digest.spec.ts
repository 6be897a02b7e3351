import { ballotsDigest, resultDigest } from './digest';
import { allocate } from './tally';
import { approvalElection, cumulativeElection } from './testing/elections.factory';

describe('ballotsDigest', () => {
  const election = approvalElection({ budget: '100', projects: { '1': '40', '2': '60', '10': '30' }, ballots: [['1', '10'], ['2'], []] });

  it('depends on the ballots as a multiset: not their order, their voter ids or the order within a ballot', () => {
    const digest = ballotsDigest(election);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const same = { ...election, ballots: [{ voterId: 'z', projects: [] }, { voterId: 'y', projects: ['2'] }, { voterId: 'x', projects: ['10', '1'] }] };
    expect(ballotsDigest(same)).toBe(digest);
  });

  it('changes when any ballot does, when one is added (even empty), and with the vote type', () => {
    const digest = ballotsDigest(election);
    expect(ballotsDigest({ ...election, ballots: [...election.ballots.slice(0, 2), { voterId: 'v3', projects: ['1'] }] })).not.toBe(digest);
    expect(ballotsDigest({ ...election, ballots: [...election.ballots, { voterId: 'v4', projects: [] }] })).not.toBe(digest);
    expect(ballotsDigest({ ...election, voteType: 'cumulative', ballots: election.ballots.map((b) => ({ ...b, points: b.projects.map(() => '1') })) })).not.toBe(digest);
  });

  it('reads points as numbers: "2" and "2.0" are the same points', () => {
    const a = cumulativeElection({ budget: '10', projects: { A: '5' }, ballots: [{ A: '2' }] });
    const b = cumulativeElection({ budget: '10', projects: { A: '5' }, ballots: [{ A: '2.0' }] });
    const c = cumulativeElection({ budget: '10', projects: { A: '5' }, ballots: [{ A: '3' }] });
    expect(ballotsDigest(b)).toBe(ballotsDigest(a));
    expect(ballotsDigest(c)).not.toBe(ballotsDigest(a));
  });
});

describe('resultDigest', () => {
  const election = approvalElection({ budget: '100.00', projects: { A: '40', B: '60.50' }, ballots: [['A'], ['A', 'B'], ['B']] });

  it('is canonical JSON of the rule, its parameters, the ballots digest and the winners, hashed', () => {
    const result = allocate(election, 'greedy');
    const { canonical, sha256 } = resultDigest(election, result);
    expect(JSON.parse(canonical)).toEqual({
      algorithm: 'commonpurse-tally-1',
      rule: 'greedy',
      parameters: { budget: '100', voteType: 'approval', projects: [['A', '40'], ['B', '60.5']] },
      voters: 3,
      ballots: ballotsDigest(election),
      winners: ['A'],
    });
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    // Re-running gives the same hash.
    expect(resultDigest(election, allocate(election, 'greedy')).sha256).toBe(sha256);
  });

  it('differs by rule, threshold, costs and budget', () => {
    const digest = (e: typeof election, rule: Parameters<typeof allocate>[1], threshold?: string) => resultDigest(e, allocate(e, rule, { threshold })).sha256;
    const base = digest(election, 'greedy');
    expect(digest(election, 'equalshares')).not.toBe(base);
    expect(digest(election, 'greedy-threshold', '0')).not.toBe(digest(election, 'greedy-threshold', '1'));
    expect(digest({ ...election, budget: '101' }, 'greedy')).not.toBe(base);
    expect(digest({ ...election, projects: [election.projects[0], { ...election.projects[1], cost: '60.51' }] }, 'greedy')).not.toBe(base);
  });
});
