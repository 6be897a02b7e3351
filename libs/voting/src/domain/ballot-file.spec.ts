import { electionOf, pounds } from './ballot-file';
import { parsePabulib, writePabulib } from './pabulib';
import { allocate } from './tally';

describe('a ballot paper as an election', () => {
  const paper = { description: 'Bristol Fund, Spring 2029', budgetPence: 4_000_00, projects: [{ id: 'a', costPence: 1_000_00, name: 'Lunch club' }, { id: 'b', costPence: 2_000_00, name: 'Youth music' }, { id: 'c', costPence: 3_000_50, name: 'Street trees' }] };

  it('writes pence as the decimal text of a pabulib file', () => {
    expect([pounds(1_000_00), pounds(3_000_50), pounds(5), pounds(0)]).toEqual(['1000', '3000.50', '0.05', '0']);
  });

  it('lists each ballot under its published id only, and tallies as the published file would', () => {
    const ballots = [
      { publishedId: 'x1', choices: [{ projectId: 'a', points: 1 }, { projectId: 'c', points: 1 }] },
      { publishedId: 'x2', choices: [{ projectId: 'c', points: 1 }, { projectId: 'gone', points: 1 }] },
      { publishedId: 'x3', choices: [] },
    ];
    const election = electionOf(paper, 'approval', 'greedy', ballots);
    expect(election.ballots).toEqual([
      { voterId: 'x1', projects: ['a', 'c'] },
      { voterId: 'x2', projects: ['c'] },
      { voterId: 'x3', projects: [] },
    ]);
    const file = writePabulib(election);
    expect(file).not.toMatch(/voter_id;vote;(age|sex)/);
    const direct = allocate(election, 'greedy');
    // £3,000.50 leaves £999.50: the lunch club's £1,000 is 50p too much.
    expect(direct.selected).toEqual(['c']);
    expect(direct.explanations.find((e) => e.projectId === 'a')).toMatchObject({ selected: false, reason: 'budget-exhausted', needed: '0.5' });
    expect(allocate(parsePabulib(file), 'greedy').selected).toEqual(direct.selected);
  });

  it('keeps cumulative points', () => {
    const election = electionOf(paper, 'cumulative', 'greedy', [{ publishedId: 'x1', choices: [{ projectId: 'b', points: 7 }, { projectId: 'a', points: 3 }] }]);
    expect(election.ballots[0]).toEqual({ voterId: 'x1', projects: ['b', 'a'], points: ['7', '3'] });
    expect(election.voteType).toBe('cumulative');
  });
});
