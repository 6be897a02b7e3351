import { equalShares } from './equal-shares';
import { profileOf } from './profile';
import { Rational } from './rational';
import { approvalElection, cumulativeElection } from './testing/elections.factory';

describe('equalShares', () => {
  it('decides in exact fractions when supporters have exactly the cost between them', () => {
    // Two voters with 50 each: A (100) takes everything they have, which doubles cannot be trusted to see.
    const profile = profileOf(approvalElection({ budget: '100', projects: { A: '100', B: '1' }, ballots: [['A'], ['A', 'B']] }));
    const run = equalShares(profile, Rational.of(50n));
    expect(run.winners.map((p) => profile.projects[p].id)).toEqual(['A']);
    expect(run.exactRounds).toBeGreaterThan(0);
    expect(run.rounds[0].paidInFull).toBe(2);
  });

  it('decides in exact fractions between prices too close for doubles, and reports only exact ties as ties', () => {
    // Price per point: A 10^15 (3 points); B the same exactly (6 points, dearer); C 10^15 + 1/3, a hair more, never a tie.
    const profile = profileOf(
      cumulativeElection({
        budget: '9000000000000000',
        projects: { A: '3000000000000000', B: '6000000000000000', C: '3000000000000001' },
        ballots: [
          { A: 1, B: 2, C: 1 },
          { A: 1, B: 2, C: 1 },
          { A: 1, B: 2, C: 1 },
        ],
      }),
    );
    const run = equalShares(profile, Rational.of(3000000000000000n));
    expect(run.winners.map((p) => profile.projects[p].id)).toEqual(['A', 'B']);
    expect(run.rounds[0].tie).toEqual({ tiedWith: [1], brokenBy: 'cost' });
    expect(run.exactRounds).toBeGreaterThan(0);
  });

  it('stops as soon as the cost passes stopAbove', () => {
    const profile = profileOf(approvalElection({ budget: '300', projects: { A: '100', B: '100', C: '100' }, ballots: [['A', 'B', 'C'], ['A', 'B', 'C'], ['A', 'B', 'C']] }));
    const run = equalShares(profile, Rational.of(100n), { stopAbove: 150n });
    expect(run).toMatchObject({ stoppedAbove: true, cost: 200n });
    expect(run.winners).toHaveLength(2);
    expect(equalShares(profile, Rational.of(100n))).toMatchObject({ stoppedAbove: false, cost: 300n });
  });
});
