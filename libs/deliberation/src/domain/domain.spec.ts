import { assignReviewers, pairKey } from './assignment';
import { checkDeclaration, isConflicted } from './conflicts';
import { canEditPost, outcomesFor, suggestSeed, threadOf, volunteerNumber } from './panel-rules';
import { checkSettings } from './panel-settings';
import { answersTo, normaliseProfile, PREFER_NOT_TO_SAY } from './profile-questions';
import { aggregate, checkMarks, rubricFor, weightedScore } from './scoring';

describe('profile questions', () => {
  it('offers the fund’s areas for the area question, and “prefer not to say” last on every question', () => {
    expect(answersTo('area', ['BS5', 'BS6'])).toEqual(['BS5', 'BS6', PREFER_NOT_TO_SAY]);
    expect(answersTo('tenure', []).at(-1)).toBe(PREFER_NOT_TO_SAY);
  });

  it('keeps answers to the questions asked, counts a skipped one as “prefer not to say”, and drops the rest', () => {
    expect(normaliseProfile(['age-band', 'gender'], [], { 'age-band': '16-24', ethnicity: 'white' })).toEqual({ profile: { 'age-band': '16-24', gender: PREFER_NOT_TO_SAY }, problems: [] });
    expect(normaliseProfile(['area'], ['BS5'], { area: 'CF10' }).problems).toEqual([{ field: 'area', problem: 'answerUnknown' }]);
  });
});

describe('panel settings', () => {
  const given = { panelSize: '10', profileQuestions: ['age-band'], quotas: [{ category: 'age-band', value: '16-24', min: '2', max: '' }], scoreMax: '5' };

  it('reads the form, a blank maximum meaning the whole panel, and drops quotas that constrain nothing', () => {
    expect(checkSettings(given, []).settings.quotas).toEqual([{ category: 'age-band', value: '16-24', min: 2, max: 10 }]);
    expect(checkSettings({ ...given, quotas: [{ category: 'age-band', value: '16-24', min: '0', max: '10' }] }, []).settings.quotas).toEqual([]);
    expect(checkSettings({ ...given, quotas: [{ category: 'age-band', value: '16-24', min: '', max: '' }] }, []).problems).toEqual([]);
  });

  it('names the field of every problem', () => {
    const fields = (over: object) => checkSettings({ ...given, ...over }, []).problems.map((p) => [p.field, p.problem]);
    expect(fields({ panelSize: '0' })).toEqual([['panelSize', 'deliberation.settings.panelSizeInvalid']]);
    expect(fields({ panelSize: '2.5' })[0]).toEqual(['panelSize', 'deliberation.settings.panelSizeInvalid']);
    expect(fields({ scoreMax: '11' })).toEqual([['scoreMax', 'deliberation.settings.scoreMaxInvalid']]);
    expect(fields({ profileQuestions: ['shoe-size'] })[0]).toEqual(['profileQuestions', 'deliberation.settings.questionUnknown']);
    expect(fields({ quotas: [{ category: 'gender', value: 'woman', min: '1', max: '2' }] })).toEqual([['quota-gender-woman', 'deliberation.settings.quotaNotAsked']]);
    expect(fields({ quotas: [{ category: 'age-band', value: PREFER_NOT_TO_SAY, min: '1', max: '2' }] })).toEqual([[`quota-age-band-${PREFER_NOT_TO_SAY}`, 'deliberation.settings.quotaAnswerUnknown']]);
    expect(fields({ quotas: [{ category: 'age-band', value: '16-24', min: '3', max: '2' }] })).toEqual([['quota-age-band-16-24', 'deliberation.settings.quotaMinAboveMax']]);
    expect(fields({ quotas: [{ category: 'age-band', value: '16-24', min: '11', max: '12' }] })).toEqual([['quota-age-band-16-24', 'deliberation.settings.quotaAbovePanel']]);
    expect(fields({ quotas: [{ category: 'age-band', value: '16-24', min: 'two', max: '' }] })).toEqual([['quota-age-band-16-24', 'deliberation.settings.quotaNotWhole']]);
  });
});

describe('conflicts of interest', () => {
  it('lets a panellist declare or change a conflict, but only a facilitator take one back', () => {
    expect(checkDeclaration(null, 'none', '', false)).toBeNull();
    expect(checkDeclaration('none', 'family', '', false)).toBeNull();
    expect(checkDeclaration('family', 'business', '', false)).toBeNull();
    expect(checkDeclaration('family', 'none', '', false)).toBe('withdrawNeedsFacilitator');
    expect(checkDeclaration('family', 'none', '', true)).toBeNull();
  });

  it('needs a word on “another connection”, and refuses kinds it does not know', () => {
    expect(checkDeclaration(null, 'other', ' ', false)).toBe('detailRequired');
    expect(checkDeclaration(null, 'other', 'My landlord', false)).toBeNull();
    expect(checkDeclaration(null, 'friend', '', false)).toBe('kindUnknown');
    expect(checkDeclaration(null, 'member', 'x'.repeat(501), false)).toBe('detailTooLong');
    expect([isConflicted('none'), isConflicted(null), isConflicted('member')]).toEqual([false, false, true]);
  });
});

describe('scoring', () => {
  const rubric = rubricFor([
    { id: 'warmth', title: 'Warmth', weight: 3 },
    { id: 'youth', title: 'Youth', weight: 1 },
  ]);

  it('scores a round without criteria on one overall mark', () => {
    expect(rubricFor([]).map((c) => c.id)).toEqual(['overall']);
  });

  it('takes whole marks on the scale, complete once every criterion has one', () => {
    expect(checkMarks(rubric, 5, { warmth: '4' }, '')).toEqual({ marks: { warmth: 4 }, complete: false, problems: [] });
    expect(checkMarks(rubric, 5, { warmth: 4, youth: '0' }, 'ok')).toMatchObject({ marks: { warmth: 4, youth: 0 }, complete: true });
    expect(checkMarks(rubric, 5, { warmth: '6' }, '').problems).toEqual([{ field: 'scores.warmth', problem: 'scoreOutOfRange' }]);
    expect(checkMarks(rubric, 5, { warmth: '-1' }, '').problems).toEqual([{ field: 'scores.warmth', problem: 'scoreOutOfRange' }]);
    expect(checkMarks(rubric, 5, { warmth: '3.5' }, '').problems).toEqual([{ field: 'scores.warmth', problem: 'scoreNotWhole' }]);
    expect(checkMarks(rubric, 5, { cost: 3 }, '').problems).toEqual([{ field: 'scores.cost', problem: 'criterionUnknown' }]);
    expect(checkMarks(rubric, 5, { warmth: 1, youth: 1 }, 'x'.repeat(1001))).toMatchObject({ complete: false, problems: [{ field: 'comment', problem: 'commentTooLong' }] });
  });

  it('weighs the criteria, and leaves the conflicted and unfinished out of the totals', () => {
    expect(weightedScore(rubric, { warmth: 4, youth: 0 })).toBe(3);
    const scores: Array<{ accountId: string; marks: Record<string, number>; complete: boolean }> = [
      { accountId: 'a', marks: { warmth: 4, youth: 0 }, complete: true },
      { accountId: 'b', marks: { warmth: 5, youth: 5 }, complete: true },
      { accountId: 'c', marks: { warmth: 0, youth: 0 }, complete: true },
      { accountId: 'd', marks: { warmth: 1 }, complete: false },
    ];
    const result = aggregate(rubric, scores, new Set(['c']));
    expect(result.count).toBe(2);
    expect(result.mean).toBe(4);
    expect(result.spread).toBe(1);
    expect(result.byCriterion).toEqual({ warmth: 4.5, youth: 2.5 });
    expect(aggregate(rubric, [], new Set())).toEqual({ count: 0, mean: null, spread: null, byCriterion: { warmth: null, youth: null } });
  });
});

describe('assigning reviewers', () => {
  const applicationIds = ['x', 'y', 'z'];
  const panellistIds = ['p1', 'p2', 'p3', 'p4'];

  it('gives everyone everything, except what they are conflicted on', () => {
    const { pairs } = assignReviewers({ applicationIds, panellistIds, conflicts: new Set([pairKey('x', 'p1')]), keep: new Set() });
    expect(pairs).toHaveLength(11);
    expect(pairs).not.toContainEqual({ applicationId: 'x', accountId: 'p1' });
  });

  it('gives each application k reviewers, balanced, never conflicted, keeping reviews under way', () => {
    const conflicts = new Set([pairKey('x', 'p1'), pairKey('x', 'p2')]);
    const { pairs, short } = assignReviewers({ applicationIds, panellistIds, conflicts, keep: new Set([pairKey('z', 'p1')]), perApplication: 2 });
    expect(short).toEqual([]);
    for (const a of applicationIds) expect(pairs.filter((p) => p.applicationId === a)).toHaveLength(2);
    expect(pairs).toContainEqual({ applicationId: 'z', accountId: 'p1' });
    for (const key of conflicts) expect(pairs.map((p) => pairKey(p.applicationId, p.accountId))).not.toContain(key);
    const loads = panellistIds.map((p) => pairs.filter((x) => x.accountId === p).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('says which applications could not get enough reviewers', () => {
    const conflicts = new Set(['p1', 'p2', 'p3'].map((p) => pairKey('x', p)));
    expect(assignReviewers({ applicationIds, panellistIds, conflicts, keep: new Set(), perApplication: 2 }).short).toEqual([{ applicationId: 'x', reviewers: 1 }]);
  });
});

describe('panel rules', () => {
  it('lets authors change their own posts for fifteen minutes, and never a removed one', () => {
    const createdAt = new Date('2027-05-01T10:00:00Z');
    expect(canEditPost({ authorId: 'a', createdAt, removedAt: null }, 'a', new Date('2027-05-01T10:14:59Z'))).toBe(true);
    expect(canEditPost({ authorId: 'a', createdAt, removedAt: null }, 'a', new Date('2027-05-01T10:15:01Z'))).toBe(false);
    expect(canEditPost({ authorId: 'a', createdAt, removedAt: null }, 'b', createdAt)).toBe(false);
    expect(canEditPost({ authorId: 'a', createdAt, removedAt: createdAt }, 'a', createdAt)).toBe(false);
  });

  it('decides a shortlist before a public vote and awards without one', () => {
    expect(outcomesFor(true)).toEqual(['shortlisted', 'not-shortlisted']);
    expect(outcomesFor(false)).toEqual(['award', 'no-award']);
  });

  it('threads replies (and replies to replies) under the post they answer', () => {
    const posts = [
      { id: '1', parentId: null },
      { id: '2', parentId: '1' },
      { id: '3', parentId: null },
      { id: '4', parentId: '2' },
    ];
    expect(threadOf(posts).map((p) => [p.id, p.replies.map((r) => r.id)])).toEqual([
      ['1', ['2', '4']],
      ['3', []],
    ]);
  });

  it('numbers volunteers and suggests seeds anyone can read out', () => {
    expect([volunteerNumber(0), volunteerNumber(41)]).toEqual(['V001', 'V042']);
    expect(suggestSeed(() => Buffer.from([0, 1, 0xff, 0xff, 0, 0, 1, 0]))).toBe('00001-65535-00000-00256');
  });
});
