import fc from 'fast-check';
import { ballotsDigest, resultDigest } from './digest';
import { compareProjectIds, type Election, RULES } from './election';
import { equalShares } from './equal-shares';
import { profileOf } from './profile';
import { parseDecimal, Rational } from './rational';
import { allocate } from './tally';
import { reordered } from './testing/elections.factory';

/**
 * Properties of the rules on many small random elections. Small whole numbers on purpose: they
 * make exact ties, and supporters with exactly a project's cost, common, which is where a tally
 * in doubles would go wrong.
 */

const RUNS = 250;
const value = (text: string) => {
  const d = parseDecimal(text)!;
  return Rational.of(d.units, 10n ** BigInt(d.scale));
};

function electionArbitrary(voteType: 'approval' | 'cumulative'): fc.Arbitrary<Election> {
  return fc.integer({ min: 1, max: 7 }).chain((projectCount) =>
    fc.record({
      costs: fc.array(fc.oneof(fc.integer({ min: 0, max: 60 }).map(String), fc.integer({ min: 1, max: 600 }).map((n) => (n / 10).toFixed(1))), { minLength: projectCount, maxLength: projectCount }),
      budget: fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 3000 }).map((n) => (n / 10).toFixed(1))),
      ballots: fc.array(
        fc.uniqueArray(fc.record({ project: fc.nat({ max: projectCount - 1 }), points: fc.integer({ min: 0, max: 4 }) }), { maxLength: projectCount, selector: (e) => e.project }),
        { maxLength: 14 },
      ),
      threshold: fc.integer({ min: 0, max: 6 }),
    }).map(({ costs, budget, ballots, threshold }) => {
      // Ids that sort differently as text and as numbers, and one that is not a number.
      const ids = costs.map((_, i) => (i === 3 ? 'x-3' : String(i * 5)));
      return {
        meta: { budget, vote_type: voteType, min_project_score_threshold: String(threshold) },
        budget,
        voteType,
        projects: costs.map((cost, i) => ({ id: ids[i], cost })),
        ballots: ballots.map((entries, v) => ({
          voterId: `v${v}`,
          projects: entries.map((e) => ids[e.project]),
          ...(voteType === 'cumulative' ? { points: entries.map((e) => String(e.points)) } : {}),
        })),
      };
    }),
  );
}

const elections = fc.oneof(electionArbitrary('approval'), electionArbitrary('cumulative'));

/** Utility and support of a ballot entry, read straight from the election (not through the engine's profile). */
function entries(election: Election) {
  const cumulative = election.voteType === 'cumulative';
  return election.ballots.map((b) => b.projects.map((id, i) => ({ id, points: cumulative ? value(b.points![i]) : Rational.ONE })).filter((e) => e.points.num > 0n));
}

function supportOf(election: Election): Map<string, Rational> {
  const support = new Map(election.projects.map((p) => [p.id, Rational.ZERO]));
  for (const ballot of entries(election)) for (const e of ballot) support.set(e.id, support.get(e.id)!.add(e.points));
  return support;
}

/**
 * Equal shares as ALGORITHMS.md words it, voter by voter in exact fractions with no speed-ups:
 * the reference the engine is checked against.
 */
function referenceMes(election: Election, endowment: Rational): string[] {
  const ballots = entries(election);
  const support = supportOf(election);
  const money = ballots.map(() => endowment);
  const cost = new Map(election.projects.map((p) => [p.id, value(p.cost)]));
  let open = election.projects.map((p) => p.id);
  const chosen: string[] = [];
  const utility = (v: number, id: string) => {
    const e = ballots[v].find((x) => x.id === id);
    if (!e) return Rational.ZERO;
    return election.voteType === 'approval' ? cost.get(id)! : e.points;
  };
  for (;;) {
    const priced: Array<{ id: string; rho: Rational }> = [];
    for (const id of open) {
      const c = cost.get(id)!;
      const supporters = ballots.map((_, v) => v).filter((v) => ballots[v].some((e) => e.id === id));
      const total = supporters.reduce((sum, v) => sum.add(money[v]), Rational.ZERO);
      if (total.cmp(c) < 0) continue;
      if (c.isZero()) {
        priced.push({ id, rho: Rational.ZERO });
        continue;
      }
      const order = supporters.filter((v) => money[v].num > 0n).sort((a, b) => money[a].div(utility(a, id)).cmp(money[b].div(utility(b, id))));
      let paid = Rational.ZERO;
      for (let j = 0; j < order.length; j++) {
        const rest = order.slice(j).reduce((sum, v) => sum.add(utility(v, id)), Rational.ZERO);
        const rho = c.sub(paid).div(rest);
        if (money[order[j]].cmp(rho.mul(utility(order[j], id))) >= 0) {
          priced.push({ id, rho });
          break;
        }
        paid = paid.add(money[order[j]]);
      }
    }
    open = open.filter((id) => priced.some((p) => p.id === id));
    if (priced.length === 0) return chosen;
    priced.sort((a, b) => a.rho.cmp(b.rho) || cost.get(a.id)!.cmp(cost.get(b.id)!) || support.get(b.id)!.cmp(support.get(a.id)!) || compareProjectIds(a.id, b.id));
    const { id, rho } = priced[0];
    ballots.forEach((_, v) => {
      const pay = rho.mul(utility(v, id));
      money[v] = money[v].cmp(pay) <= 0 ? Rational.ZERO : money[v].sub(pay);
    });
    chosen.push(id);
    open = open.filter((x) => x !== id);
  }
}

function referenceAdd1(election: Election): string[] {
  const n = BigInt(election.ballots.length);
  const budget = value(election.budget);
  const costOf = (ids: string[]) => ids.reduce((sum, id) => sum.add(value(election.projects.find((p) => p.id === id)!.cost)), Rational.ZERO);
  let accepted = referenceMes(election, n === 0n ? Rational.ZERO : budget.div(Rational.of(n)));
  const buyable = election.projects.filter((p) => supportOf(election).get(p.id)!.num > 0n || value(p.cost).isZero()).length;
  const whole = n === 0n ? 0n : budget.div(Rational.of(n)).floor();
  for (let k = 1n; accepted.length < buyable; k++) {
    const outcome = referenceMes(election, Rational.of(whole + k));
    if (costOf(outcome).cmp(budget) > 0) break;
    accepted = outcome;
  }
  return accepted;
}

describe('every rule, on random elections', () => {
  it('never spends more than the budget', () => {
    fc.assert(
      fc.property(elections, (election) => {
        for (const rule of RULES) expect(value(allocate(election, rule).totalCost).cmp(value(election.budget))).toBeLessThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same result, and the same digests, whatever the order of the ballots and the projects', () => {
    fc.assert(
      fc.property(elections, fc.integer(), (election, seed) => {
        const shuffled = reordered(election, seed);
        expect(ballotsDigest(shuffled)).toBe(ballotsDigest(election));
        for (const rule of RULES) {
          const result = allocate(election, rule);
          expect(allocate(shuffled, rule)).toEqual(result);
          expect(resultDigest(shuffled, result).sha256).toBe(resultDigest(election, result).sha256);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('explains every project exactly once', () => {
    fc.assert(
      fc.property(elections, (election) => {
        for (const rule of RULES) {
          const result = allocate(election, rule);
          expect(result.explanations.map((e) => e.projectId).sort()).toEqual(election.projects.map((p) => p.id).sort());
          expect(result.explanations.filter((e) => e.selected).map((e) => e.projectId)).toEqual(result.selected);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('greedy, on random elections', () => {
  it('is exhaustive: no eligible project left out would still fit in what is left', () => {
    fc.assert(
      fc.property(elections, (election) => {
        const support = supportOf(election);
        for (const rule of ['greedy', 'greedy-threshold'] as const) {
          const result = allocate(election, rule);
          const left = value(election.budget).sub(value(result.totalCost));
          const threshold = rule === 'greedy' ? Rational.ZERO : value(election.meta.min_project_score_threshold);
          for (const p of election.projects) {
            if (result.selected.includes(p.id) || support.get(p.id)!.cmp(threshold) < 0) continue;
            expect(value(p.cost).cmp(left)).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('takes projects in order of support, ties by id, and only those reaching the threshold', () => {
    fc.assert(
      fc.property(elections, (election) => {
        const support = supportOf(election);
        const threshold = value(election.meta.min_project_score_threshold);
        const order = [...election.projects].sort((a, b) => support.get(b.id)!.cmp(support.get(a.id)!) || compareProjectIds(a.id, b.id));
        let left = value(election.budget);
        const expected: string[] = [];
        for (const p of order) {
          if (support.get(p.id)!.cmp(threshold) < 0 || value(p.cost).cmp(left) > 0) continue;
          expected.push(p.id);
          left = left.sub(value(p.cost));
        }
        expect(allocate(election, 'greedy-threshold').selected).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('equal shares, on random elections', () => {
  it('chooses as the voter-by-voter exact reference does, round by round (equalshares and add1)', () => {
    fc.assert(
      fc.property(elections, (election) => {
        const n = election.ballots.length;
        const share = n === 0 ? Rational.ZERO : value(election.budget).div(Rational.of(BigInt(n)));
        expect(allocate(election, 'equalshares').selected).toEqual(referenceMes(election, share));
        expect(allocate(election, 'equalshares/add1').selected).toEqual(referenceAdd1(election));
      }),
      { numRuns: RUNS },
    );
  });

  it('never charges a voter more than their share, and charges exactly each project’s cost', () => {
    fc.assert(
      fc.property(elections, fc.integer({ min: 0, max: 3 }), (election, extra) => {
        const profile = profileOf(election);
        const unit = 10n ** BigInt(profile.scale);
        const endowments = [profile.voters ? Rational.of(profile.budget, BigInt(profile.voters)) : Rational.ZERO, Rational.of(BigInt(10 + 7 * extra) * unit)];
        for (const endowment of endowments) {
          const exact = equalShares(profile, endowment, { exactOnly: true });
          let spent = Rational.ZERO;
          exact.exactLeft!.forEach((left, g) => {
            expect(left.num >= 0n && left.cmp(endowment) <= 0).toBe(true);
            spent = spent.add(endowment.sub(left).mulInt(BigInt(profile.groups.count[g])));
          });
          expect(spent.cmp(Rational.of(exact.cost))).toBe(0);
          // The fast path (doubles, exact only when close) decides exactly as the exact one, ties included.
          const fast = equalShares(profile, endowment);
          expect(fast.winners).toEqual(exact.winners);
          expect(fast.rounds.map((r) => r.tie)).toEqual(exact.rounds.map((r) => r.tie));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
