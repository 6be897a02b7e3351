import fc from 'fast-check';
import { resultDigest } from './digest';
import { compareProjectIds, type Election } from './election';
import { type PanelWeighting } from './hybrid';
import { parseDecimal, Rational } from './rational';
import { allocate } from './tally';
import { approvalElection, reordered } from './testing/elections.factory';
import { VotingErrorCode } from './voting.exception';

const byId = (result: ReturnType<typeof allocate>) => Object.fromEntries(result.explanations.map((e) => [e.projectId, e]));

describe('the hybrid rule, on elections worked out by hand', () => {
  // Support alone funds C, then only A fits. The panel rates A and B highly and C poorly.
  const election = approvalElection({ budget: '4000', projects: { A: '1000', B: '2000', C: '3000' }, ballots: [['C', 'B', 'A'], ['C', 'B'], ['C', 'B'], ['C', 'B'], ['C']] });
  const panel = (weightPercent: number, scores: PanelWeighting['scores'] = { A: '5', B: '5', C: '1' }) => ({ panel: { weightPercent, scores } });

  it('50% panel, 50% public: combined scores in exact fractions, funded greedily, a tie broken by support and reported', () => {
    expect(allocate(election, 'greedy').selected).toEqual(['C', 'A']);
    const result = allocate(election, 'greedy', panel(50));
    // B: 0.5 × 5/5 + 0.5 × 4/5 = 0.9; C: 0.5 × 1/5 + 0.5 × 5/5 = 0.6; A: 0.5 × 5/5 + 0.5 × 1/5 = 0.6.
    expect(result).toMatchObject({ rule: 'greedy', selected: ['B', 'A'], totalCost: '3000', panel: { weightPercent: 50, scores: { A: '5', B: '5', C: '1' } } });
    expect(result.explanations).toEqual([
      { projectId: 'B', cost: '2000', support: '4', supporters: 4, panelWeightPercent: 50, panelScore: '5', combinedScore: '0.9', selected: true, reason: 'hybrid', rank: 1, available: '4000' },
      { projectId: 'C', cost: '3000', support: '5', supporters: 5, panelWeightPercent: 50, panelScore: '1', combinedScore: '0.6', selected: false, reason: 'hybrid-budget-exhausted', rank: 2, available: '2000', needed: '1000', tie: { tiedWith: ['A'], brokenBy: 'support' } },
      { projectId: 'A', cost: '1000', support: '1', supporters: 1, panelWeightPercent: 50, panelScore: '5', combinedScore: '0.6', selected: true, reason: 'hybrid', rank: 3, available: '2000', tie: { tiedWith: ['C'], brokenBy: 'support' } },
    ]);
  });

  it('weight 0 funds exactly what greedy funds; weight 100 the panel’s order, a project with no score counting 0', () => {
    expect(allocate(election, 'greedy', panel(0)).selected).toEqual(allocate(election, 'greedy').selected);
    const panelOnly = allocate(election, 'greedy', panel(100, { A: '4.5', B: null, C: '4.50' }));
    // A and C tie on 4.5 (however it is written): C has more support. B counts 0 for the panel.
    expect(panelOnly.explanations.map((e) => [e.projectId, 'combinedScore' in e && e.combinedScore, 'tie' in e ? e.tie?.brokenBy : undefined])).toEqual([
      ['C', '1', 'support'],
      ['A', '1', 'support'],
      ['B', '0', undefined],
    ]);
    expect(panelOnly.selected).toEqual(['C', 'A']);
    expect(byId(panelOnly).B).toMatchObject({ panelScore: null, reason: 'hybrid-budget-exhausted', needed: '2000' });
  });

  it('equal combined scores and equal support go to the project id', () => {
    const result = allocate(approvalElection({ budget: '10', projects: { '10': '10', '9': '10' }, ballots: [['9', '10']] }), 'greedy', panel(30, { '9': '2', '10': '2' }));
    expect(result.selected).toEqual(['9']);
    expect(byId(result)['10']).toMatchObject({ rank: 2, tie: { tiedWith: ['9'], brokenBy: 'id' } });
  });

  it('with no panel scores at all, or no votes at all, that term counts 0 for everyone', () => {
    expect(allocate(election, 'greedy', panel(50, {})).explanations.map((e) => e.projectId)).toEqual(['C', 'B', 'A']);
    const noVotes = allocate({ ...election, ballots: [] }, 'greedy', panel(50));
    expect(noVotes.explanations.map((e) => [e.projectId, 'combinedScore' in e && e.combinedScore])).toEqual([
      ['A', '0.5'],
      ['B', '0.5'],
      ['C', '0.1'],
    ]);
  });

  it('greedy-threshold: the threshold filters by support first, and the best panel score is among those taking part', () => {
    // X, the panel's favourite, is below the threshold. Scaled by Y's 2 (not X's 4), Y beats Z.
    const e = approvalElection({ budget: '10', projects: { X: '10', Y: '10', Z: '10' }, ballots: [['Y', 'Z'], ['Y', 'Z'], ['Z'], ['X']], meta: { min_project_score_threshold: '2' } });
    const result = allocate(e, 'greedy-threshold', panel(50, { X: '4', Y: '2', Z: '1' }));
    expect(result).toMatchObject({ selected: ['Y'], threshold: '2' });
    expect(result.explanations.map((x) => [x.projectId, x.reason, 'combinedScore' in x ? x.combinedScore : 'panelScore' in x && x.panelScore])).toEqual([
      ['Y', 'hybrid', '0.833'],
      ['Z', 'hybrid-budget-exhausted', '0.75'],
      ['X', 'below-threshold', '4'],
    ]);
  });

  it('certifies the weight and the scores: the same again gives the same hash, another weight or score another', () => {
    const digest = (weightPercent: number, scores?: PanelWeighting['scores']) => resultDigest(election, allocate(election, 'greedy', panel(weightPercent, scores))).sha256;
    const { canonical } = resultDigest(election, allocate(election, 'greedy', panel(50)));
    expect(JSON.parse(canonical).parameters.panel).toEqual({ weightPercent: 50, scores: [['A', '5'], ['B', '5'], ['C', '1']] });
    expect(digest(50)).toBe(digest(50));
    expect(digest(50, { A: '5.00', B: '5', C: '1.0' })).toBe(digest(50));
    expect(digest(40)).not.toBe(digest(50));
    expect(digest(50, { A: '5', B: '5', C: '1.5' })).not.toBe(digest(50));
    expect(digest(50, { A: '5', B: '5', C: null })).not.toBe(digest(50));
    // Counted by the vote alone, a result's digest has no panel in it (and is what it always was).
    expect(JSON.parse(resultDigest(election, allocate(election, 'greedy')).canonical).parameters).not.toHaveProperty('panel');
    expect(digest(0)).not.toBe(resultDigest(election, allocate(election, 'greedy')).sha256);
  });

  it('refuses a weight with Equal Shares, a weight off the scale, and scores it cannot read', () => {
    const cannot = expect.objectContaining({ code: VotingErrorCode.CannotTally });
    expect(() => allocate(election, 'equalshares/add1', panel(50))).toThrow(expect.objectContaining({ code: VotingErrorCode.CannotTally, message: expect.stringContaining('greedy and greedy-threshold only') }));
    expect(() => allocate(election, 'greedy', panel(101))).toThrow(cannot);
    expect(() => allocate(election, 'greedy', panel(12.5))).toThrow(cannot);
    expect(() => allocate(election, 'greedy', panel(50, { A: 'high' }))).toThrow(cannot);
    expect(() => allocate(election, 'greedy', panel(50, { D: '3' }))).toThrow(expect.objectContaining({ message: expect.stringContaining('"D"') }));
  });
});

/**
 * Properties on many small random elections, as in properties.spec.ts: small whole numbers and
 * few distinct panel scores, so that equal combined scores (and equal support) are common.
 */
const RUNS = 250;
const value = (text: string) => {
  const d = parseDecimal(text)!;
  return Rational.of(d.units, 10n ** BigInt(d.scale));
};

const hybridElections = fc.integer({ min: 1, max: 7 }).chain((projectCount) =>
  fc
    .record({
      voteType: fc.constantFrom('approval' as const, 'cumulative' as const),
      costs: fc.array(fc.oneof(fc.integer({ min: 0, max: 60 }).map(String), fc.integer({ min: 1, max: 600 }).map((n) => (n / 10).toFixed(1))), { minLength: projectCount, maxLength: projectCount }),
      budget: fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 3000 }).map((n) => (n / 10).toFixed(1))),
      ballots: fc.array(fc.uniqueArray(fc.record({ project: fc.nat({ max: projectCount - 1 }), points: fc.integer({ min: 0, max: 4 }) }), { maxLength: projectCount, selector: (e) => e.project }), { maxLength: 14 }),
      threshold: fc.integer({ min: 0, max: 6 }),
      scores: fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }).map(String), fc.integer({ min: 0, max: 500 }).map((n) => (n / 100).toFixed(2))), { nil: null }), { minLength: projectCount, maxLength: projectCount }),
      weightPercent: fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 })),
    })
    .map(({ voteType, costs, budget, ballots, threshold, scores, weightPercent }) => {
      const ids = costs.map((_, i) => (i === 3 ? 'x-3' : String(i * 5)));
      const election: Election = {
        meta: { budget, vote_type: voteType, min_project_score_threshold: String(threshold) },
        budget,
        voteType,
        projects: costs.map((cost, i) => ({ id: ids[i], cost })),
        ballots: ballots.map((entries, v) => ({ voterId: `v${v}`, projects: entries.map((e) => ids[e.project]), ...(voteType === 'cumulative' ? { points: entries.map((e) => String(e.points)) } : {}) })),
      };
      const panel: PanelWeighting = { weightPercent, scores: Object.fromEntries(ids.map((id, i) => [id, scores[i]])) };
      return { election, panel };
    }),
);

/** Support read straight from the election, not through the engine's profile. */
function supportOf(election: Election): Map<string, Rational> {
  const support = new Map(election.projects.map((p) => [p.id, Rational.ZERO]));
  for (const b of election.ballots) b.projects.forEach((id, i) => support.set(id, support.get(id)!.add(election.voteType === 'cumulative' ? value(b.points![i]) : Rational.ONE)));
  return support;
}

describe('the hybrid rule, on random elections', () => {
  const rules = ['greedy', 'greedy-threshold'] as const;

  it('never spends more than the budget, and is exhaustive: nothing taking part and left out would still fit', () => {
    fc.assert(
      fc.property(hybridElections, ({ election, panel }) => {
        const support = supportOf(election);
        for (const rule of rules) {
          const result = allocate(election, rule, { panel });
          const left = value(election.budget).sub(value(result.totalCost));
          expect(left.num >= 0n).toBe(true);
          const threshold = rule === 'greedy' ? Rational.ZERO : value(election.meta.min_project_score_threshold);
          for (const p of election.projects) {
            if (result.selected.includes(p.id) || support.get(p.id)!.cmp(threshold) < 0) continue;
            expect(value(p.cost).cmp(left)).toBeGreaterThan(0);
          }
          expect(result.explanations.map((e) => e.projectId).sort()).toEqual(election.projects.map((p) => p.id).sort());
          expect(result.explanations.filter((e) => e.selected).map((e) => e.projectId)).toEqual(result.selected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same result, and the same digest, whatever the order of the ballots and the projects', () => {
    fc.assert(
      fc.property(hybridElections, fc.integer(), ({ election, panel }, seed) => {
        const shuffled = reordered(election, seed);
        for (const rule of rules) {
          const result = allocate(election, rule, { panel });
          expect(allocate(shuffled, rule, { panel })).toEqual(result);
          expect(resultDigest(shuffled, result).sha256).toBe(resultDigest(election, result).sha256);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('at weight 0 funds exactly what greedy funds, with and without the threshold', () => {
    fc.assert(
      fc.property(hybridElections, ({ election, panel }) => {
        for (const rule of rules) {
          const plain = allocate(election, rule);
          const weighted = allocate(election, rule, { panel: { ...panel, weightPercent: 0 } });
          expect([weighted.selected, weighted.totalCost]).toEqual([plain.selected, plain.totalCost]);
          expect(weighted.explanations.map((e) => [e.projectId, e.selected])).toEqual(plain.explanations.map((e) => [e.projectId, e.selected]));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('takes projects in order of combined score, then support, then id, as worked out from the election itself', () => {
    fc.assert(
      fc.property(hybridElections, ({ election, panel }) => {
        const support = supportOf(election);
        const threshold = value(election.meta.min_project_score_threshold);
        const taking = election.projects.filter((p) => support.get(p.id)!.cmp(threshold) >= 0);
        const score = (id: string) => (panel.scores[id] === null ? Rational.ZERO : value(panel.scores[id]!));
        const best = taking.reduce((m, p) => (score(p.id).cmp(m) > 0 ? score(p.id) : m), Rational.ZERO);
        const most = taking.reduce((m, p) => (support.get(p.id)!.cmp(m) > 0 ? support.get(p.id)! : m), Rational.ZERO);
        const w = Rational.of(BigInt(panel.weightPercent), 100n);
        const combined = (id: string) => (best.isZero() ? Rational.ZERO : w.mul(score(id).div(best))).add(most.isZero() ? Rational.ZERO : Rational.ONE.sub(w).mul(support.get(id)!.div(most)));
        const order = [...taking].sort((a, b) => combined(b.id).cmp(combined(a.id)) || support.get(b.id)!.cmp(support.get(a.id)!) || compareProjectIds(a.id, b.id));
        let left = value(election.budget);
        const expected: string[] = [];
        for (const p of order) {
          if (value(p.cost).cmp(left) > 0) continue;
          expected.push(p.id);
          left = left.sub(value(p.cost));
        }
        expect(allocate(election, 'greedy-threshold', { panel }).selected).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
