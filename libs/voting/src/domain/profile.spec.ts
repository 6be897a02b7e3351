import { profileOf } from './profile';
import { approvalElection, cumulativeElection, reordered } from './testing/elections.factory';
import { VotingErrorCode } from './voting.exception';

describe('profileOf', () => {
  it('merges identical ballots (in any order within the ballot) into one group with a count', () => {
    const election = approvalElection({ budget: '10', projects: { '2': '1', '10': '1', a: '1' }, ballots: [['10', '2'], ['2', '10'], ['a'], [], ['2', '10'], []] });
    const profile = profileOf(election);
    expect(profile.voters).toBe(6);
    expect(profile.groups.count.length).toBe(3);
    expect([...profile.groups.count].sort()).toEqual([1, 2, 3]);
    // Projects in canonical id order: "2", "10", "a".
    expect(profile.projects.map((p) => [p.id, p.supporters, p.support])).toEqual([
      ['2', 3, 3n],
      ['10', 3, 3n],
      ['a', 1, 1n],
    ]);
  });

  it('keeps cumulative points as weights, in units of the smallest decimal place, and drops zero points', () => {
    const election = cumulativeElection({ budget: '10.5', projects: { A: '1.25', B: '2' }, ballots: [{ A: '1.5', B: 0 }, { A: 2, B: 1 }, { B: 1, A: 2 }] });
    const profile = profileOf(election);
    expect(profile).toMatchObject({ scale: 2, budget: 1050n, pointScale: 1 });
    expect(profile.projects.map((p) => [p.id, p.cost, p.support, p.supporters])).toEqual([
      ['A', 125n, 55n, 3],
      ['B', 200n, 20n, 2],
    ]);
    expect(profile.groups.count.length).toBe(2);
  });

  it('lays the groups out the same whatever order the ballots and projects come in', () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(i));
    const ballots = Array.from({ length: 400 }, (_, v) => ids.filter((_, i) => (v * 7919 + i * 104729) % 5 < 2));
    const election = approvalElection({ budget: '100', projects: Object.fromEntries(ids.map((id) => [id, '10'])), ballots });
    const layout = (p: ReturnType<typeof profileOf>) => ({ groups: p.groups, projects: p.projects.map((x) => ({ ...x })) });
    expect(layout(profileOf(reordered(election, 7)))).toEqual(layout(profileOf(election)));
  });

  it('refuses vote types it cannot count and votes for unknown projects', () => {
    const election = approvalElection({ budget: '10', projects: { A: '1' }, ballots: [['A']] });
    expect(() => profileOf({ ...election, voteType: 'ordinal' })).toThrow(expect.objectContaining({ code: VotingErrorCode.CannotTally }));
    expect(() => profileOf({ ...election, ballots: [{ voterId: 'x', projects: ['B'] }] })).toThrow(/project "B", which is not in the election/);
    expect(() => profileOf({ ...election, ballots: [{ voterId: 'x', projects: ['A', 'A'] }] })).toThrow(/twice/);
  });
});
