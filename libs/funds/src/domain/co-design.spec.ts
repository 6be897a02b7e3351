import { criterionProblems, dotFits, mergeProblem, standingIn, stillStanding, weightShares } from './co-design';

describe('standingIn', () => {
  const districts = [{ kind: 'postcode_district' as const, code: 'BS5', name: null }];
  const wards = [{ kind: 'ward' as const, code: 'E05001979', name: 'Ashley' }];

  it('takes confirmed residents of the area, and says why others cannot take part', () => {
    expect(standingIn(districts, { emailVerified: true, postcode: 'BS5 6XY' })).toBe('resident');
    expect(standingIn(districts, { emailVerified: false, postcode: 'BS5 6XY' })).toBe('notVerified');
    expect(standingIn(districts, { emailVerified: true, postcode: null })).toBe('noPostcode');
    expect(standingIn(districts, { emailVerified: true, postcode: 'BS6 5QA' })).toBe('outsideArea');
    expect(standingIn(wards, { emailVerified: true, postcode: 'BS5 6XY' })).toBe('areaUnknown');
  });
});

describe('dots, merging and weights', () => {
  it('fits a dot only while some of the allowance is left', () => {
    expect(dotFits(4, 5)).toBe(true);
    expect(dotFits(5, 5)).toBe(false);
  });

  it('merges a priority once, into one that still stands', () => {
    const p = (id: string, mergedInto: string | null = null, removedReason: string | null = null) => ({ id, mergedInto, removedReason });
    expect(mergeProblem(p('a'), p('b'))).toBeNull();
    expect(mergeProblem(p('a'), p('a'))).toBe('sameTwice');
    expect(mergeProblem(p('a', 'c'), p('b'))).toBe('sourceMerged');
    expect(mergeProblem(p('a'), p('b', 'c'))).toBe('targetMerged');
    expect(mergeProblem(p('a'), p('b', null, 'Abusive'))).toBe('removed');
    expect([stillStanding(p('a')), stillStanding(p('a', 'b')), stillStanding(p('a', null, 'Spam'))]).toEqual([true, false, false]);
  });

  it('shares the rubric in whole percent that always add up to 100', () => {
    expect(weightShares([2, 1])).toEqual([67, 33]);
    expect(weightShares([1, 1, 1])).toEqual([34, 33, 33]);
    for (let n = 1; n <= 12; n++) expect(weightShares(Array.from({ length: n }, () => 1)).reduce((a, b) => a + b, 0)).toBe(100);
    expect(weightShares([1, 1, 1, 1, 1, 1, 1])).toEqual([15, 15, 14, 14, 14, 14, 14]);
    expect(weightShares([5])).toEqual([100]);
    expect(weightShares([])).toEqual([]);
  });

  it('checks a criterion’s words and weight', () => {
    expect(criterionProblems({ title: 'Warmth', description: 'Warm spaces', weight: 3 })).toEqual([]);
    expect(criterionProblems({ title: ' ', description: 'x'.repeat(1001), weight: 0 }).map((p) => p.field)).toEqual(['title', 'description', 'weight']);
  });
});
