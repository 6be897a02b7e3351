import { checkQuestion, type FormQuestion } from './form-questions';
import { checkLots, type Lot } from './round-lots';
import { checkRules, DEFAULT_RULES, frozenBy, frozenChanges, type RoundRules } from './round-rules';
import type { Phase, PhaseWindow } from './round-timeline';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const window = (phase: Phase, from: number, to: number, enabled = true): PhaseWindow => ({ phase, enabled, opensAt: day(from), closesAt: day(to) });
const round = (): PhaseWindow[] => [window('co-design', 0, 14), window('applications', 14, 42), window('panel-review', 49, 63), window('public-vote', 63, 77), window('results', 77, 80)];
const rules = (changes: Partial<RoundRules> = {}): RoundRules => ({ ...DEFAULT_RULES, budgetPence: 20_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, ...changes });

describe('frozenBy', () => {
  it('freezes each rule when the phase that uses it opens, and keeps it frozen', () => {
    expect(frozenBy('endorsementDots', round(), day(-1))).toBeNull();
    expect(frozenBy('endorsementDots', round(), day(1))).toBe('co-design');
    expect(frozenBy('budgetPence', round(), day(13))).toBeNull();
    expect(frozenBy('budgetPence', round(), day(14))).toBe('applications');
    expect(frozenBy('questions', round(), day(50))).toBe('applications');
    expect(frozenBy('votingMethod', round(), day(62))).toBeNull();
    expect(frozenBy('votingMethod', round(), day(63))).toBe('public-vote');
  });

  it('freezes a rule at the next phase that opens when its own phase is switched off', () => {
    const noVote = round().map((w) => (w.phase === 'public-vote' ? { ...w, enabled: false } : w));
    expect(frozenBy('votingMethod', noVote, day(70))).toBeNull();
    expect(frozenBy('votingMethod', noVote, day(78))).toBe('results');
    const noCoDesign = round().filter((w) => w.phase !== 'co-design');
    expect(frozenBy('endorsementDots', noCoDesign, day(20))).toBe('applications');
  });

  it('names only the changed rules that are frozen', () => {
    expect(frozenChanges(rules(), rules({ votingMethod: 'cumulative', budgetPence: 25_000_00 }), round(), day(20))).toEqual([{ field: 'budgetPence', phase: 'applications' }]);
    expect(frozenChanges(rules(), rules(), round(), day(100))).toEqual([]);
  });
});

describe('checkRules', () => {
  it('accepts the defaults and every sensible combination', () => {
    expect(checkRules(rules(), round())).toEqual([]);
    expect(checkRules(rules({ votingMethod: 'cumulative', allocationRule: 'equalshares/add1-comparison', minimumVoterAge: 11, endorsementDots: 20 }), round())).toEqual([]);
    expect(checkRules(rules({ votingMethod: 'knapsack', allocationRule: 'greedy-threshold', panelWeightPercent: 100 }), round())).toEqual([]);
  });

  it('takes a panel weight only with a greedy rule, and only where the round has a panel to score', () => {
    const noPanel = round().map((w) => (w.phase === 'panel-review' ? { ...w, enabled: false } : w));
    for (const allocationRule of ['equalshares', 'equalshares/add1', 'equalshares/add1-comparison'] as const) {
      expect(checkRules(rules({ allocationRule, panelWeightPercent: 50 }), round())).toEqual([{ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightNeedsGreedy' }]);
      expect(checkRules(rules({ allocationRule, panelWeightPercent: 0 }), round())).toEqual([]);
    }
    expect(checkRules(rules({ panelWeightPercent: 1 }), noPanel)).toEqual([{ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightNeedsPanel' }]);
    expect(checkRules(rules({ panelWeightPercent: 1 }), round().filter((w) => w.phase !== 'panel-review'))).toEqual([{ field: 'panelWeightPercent', problem: 'funds.rules.panelWeightNeedsPanel' }]);
    expect(checkRules(rules({ panelWeightPercent: 0 }), noPanel)).toEqual([]);
  });

  it.each([
    [{ grantMinPence: 6_000_00 }, 'grantMaxPence', 'funds.round.grantMaxBelowMin'],
    [{ grantMaxPence: 30_000_00 }, 'grantMaxPence', 'funds.round.grantMaxAboveBudget'],
    [{ applicantTypes: [] }, 'applicantTypes', 'funds.rules.applicantTypesNone'],
    [{ votingMethod: 'knapsack', allocationRule: 'equalshares' }, 'allocationRule', 'funds.rules.equalSharesNeedsApprovalOrCumulative'],
    [{ panelWeightPercent: 12.5 }, 'panelWeightPercent', 'funds.rules.panelWeightRange'],
    [{ minimumVoterAge: 19 }, 'minimumVoterAge', 'funds.rules.voterAgeRange'],
    [{ endorsementDots: 21 }, 'endorsementDots', 'funds.rules.dotsRange'],
  ] as Array<[Partial<RoundRules>, string, string]>)('refuses %j', (change, field, problem) => {
    expect(checkRules(rules(change), round())).toContainEqual({ field, problem });
  });
});

describe('checkLots', () => {
  const areas = [
    { kind: 'ward' as const, code: 'E05001979', name: 'Ashley' },
    { kind: 'postcode_district' as const, code: 'BS5', name: null },
  ];
  const context = { budgetPence: 20_000_00, areas, criterionIds: ['c1', 'c2'] };
  const lot = (name: string, pounds: number, basis: { areaCode?: string; criterionId?: string }): Lot => ({ name, budgetPence: pounds * 100, areaCode: basis.areaCode ?? null, criterionId: basis.criterionId ?? null });

  it('accepts no lots, or lots by area or by priority that spend the whole budget', () => {
    expect(checkLots([], context)).toEqual([]);
    expect(checkLots([lot('Ashley', 12_000, { areaCode: 'E05001979' }), lot('BS5', 8_000, { areaCode: 'BS5' })], context)).toEqual([]);
    expect(checkLots([lot('Warmth', 10_000, { criterionId: 'c1' }), lot('Food', 10_000, { criterionId: 'c2' })], context)).toEqual([]);
  });

  it('refuses lots that do not add up, mix their basis, repeat, or point nowhere', () => {
    expect(checkLots([lot('A', 10_000, { areaCode: 'BS5' }), lot('B', 9_999, { areaCode: 'E05001979' })], context)).toEqual([{ field: 'lots', problem: 'funds.lots.sumBelowBudget' }]);
    expect(checkLots([lot('A', 10_000, { areaCode: 'BS5' }), lot('B', 10_000, { criterionId: 'c1' })], context)).toContainEqual({ field: 'lots', problem: 'funds.lots.mixedBasis' });
    expect(checkLots([lot('A', 10_000, { areaCode: 'BS5' }), lot('B', 10_000, { areaCode: 'BS5' })], context)).toContainEqual({ field: 'lots', problem: 'funds.lots.basisTwice' });
    expect(checkLots([lot('A', 10_000, { criterionId: 'c9' }), lot('B', 10_000, { criterionId: 'c1' })], context)).toContainEqual({ field: 'lots.0.basis', problem: 'funds.lots.criterionNotAdopted' });
    expect(checkLots([lot('A', 10_000, { areaCode: 'BS5', criterionId: 'c1' }), lot('B', 10_000, { criterionId: 'c2' })], context)).toContainEqual({ field: 'lots.0.basis', problem: 'funds.lots.basisOne' });
    expect(checkLots([lot(' ', 10_000, { areaCode: 'BS5' }), lot('B', 10_000, { areaCode: 'E05001979' })], context)).toContainEqual({ field: 'lots.0.name', problem: 'funds.lots.nameMissing' });
  });
});

describe('checkQuestion', () => {
  const question = (changes: Partial<FormQuestion>): FormQuestion => ({ type: 'short-text', label: 'Your group’s name', hint: null, required: true, wordLimit: null, options: [], ...changes });

  it('accepts each kind of question with what it needs', () => {
    expect(checkQuestion(question({}))).toEqual([]);
    expect(checkQuestion(question({ type: 'long-text', wordLimit: 300 }))).toEqual([]);
    expect(checkQuestion(question({ type: 'multiple-choice', options: ['Yes', 'No', 'Not sure'] }))).toEqual([]);
    expect(checkQuestion(question({ type: 'file', required: false }))).toEqual([]);
  });

  it('refuses choices without options, options without choices, and word limits out of place', () => {
    expect(checkQuestion(question({ type: 'single-choice', options: ['Only'] }))).toEqual([{ field: 'options', problem: 'funds.questions.optionsTooFew' }]);
    expect(checkQuestion(question({ options: ['a', 'b'] }))).toEqual([{ field: 'options', problem: 'funds.questions.optionsOnlyChoice' }]);
    expect(checkQuestion(question({ type: 'single-choice', options: ['Yes', 'yes'] }))).toEqual([{ field: 'options', problem: 'funds.questions.optionTwice' }]);
    expect(checkQuestion(question({ wordLimit: 100 }))).toEqual([{ field: 'wordLimit', problem: 'funds.questions.wordLimitOnlyLongText' }]);
    expect(checkQuestion(question({ type: 'long-text', wordLimit: 9 }))).toEqual([{ field: 'wordLimit', problem: 'funds.questions.wordLimitRange' }]);
    expect(checkQuestion(question({ label: '' }))).toEqual([{ field: 'label', problem: 'funds.questions.labelMissing' }]);
  });
});
