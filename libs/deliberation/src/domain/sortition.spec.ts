import { PREFER_NOT_TO_SAY } from './profile-questions';
import { canonicalSnapshot, checkQuotas, drawPanel, type DrawInput, type DrawProblem, nextReserve, type Quota, snapshotDigest, SORTITION_ALGORITHM, type Volunteer } from './sortition';

/** The tests' own seeded generator (mulberry32), independent of the one under test. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const shuffled = <T>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { next, int, shuffled };
}

/** Counted here, not with checkQuotas, so a mistake there cannot hide one in the draw. */
function quotasBroken(panel: string[], volunteers: Volunteer[], quotas: Quota[]): Quota[] {
  const byId = new Map(volunteers.map((v) => [v.id, v.profile]));
  return quotas.filter((q) => {
    const n = panel.filter((id) => byId.get(id)?.[q.category] === q.value).length;
    return n < q.min || n > q.max;
  });
}

const CATEGORIES = ['age-band', 'gender', 'area', 'tenure'];

/**
 * A random pool and quotas that some panel meets: a hidden panel is drawn first and each quota
 * set around its count in that panel, within a slack of 0–2 either way (0: exact).
 */
function feasibleInstance(n: number): DrawInput {
  const g = generator(n * 7919 + 17);
  const pool = g.int(20, 150);
  const categories = g.shuffled(CATEGORIES).slice(0, g.int(2, 4));
  const answers = Object.fromEntries(categories.map((c) => [c, Array.from({ length: g.int(2, 5) }, (_, i) => `${c}-${i}`)]));
  const volunteers: Volunteer[] = Array.from({ length: pool }, (_, i) => {
    const profile: Record<string, string> = {};
    for (const c of categories) {
      const roll = g.next();
      if (roll < 0.08) profile[c] = PREFER_NOT_TO_SAY;
      else if (roll < 0.12) continue; // not asked, or no answer stored
      // Skewed: the first answers are commoner, as most real categories are.
      else profile[c] = answers[c][Math.min(answers[c].length - 1, Math.floor(answers[c].length * g.next() ** 1.5))];
    }
    return { id: `v${String(i).padStart(3, '0')}-${n}`, profile };
  });
  const panelSize = g.int(5, Math.min(30, pool));
  const hidden = g.shuffled(volunteers).slice(0, panelSize);
  const quotas: Quota[] = [];
  for (const c of categories) {
    for (const value of answers[c]) {
      if (g.next() < 0.2) continue;
      const held = hidden.filter((v) => v.profile[c] === value).length;
      quotas.push({ category: c, value, min: Math.max(0, held - g.int(0, 2)), max: Math.min(panelSize, held + g.int(0, 2)) });
    }
  }
  return { seed: `instance-${n}`, panelSize, volunteers: g.shuffled(volunteers), quotas };
}

/** What is wrong with a draw of this instance, if anything. */
function drawProblems(n: number, input: DrawInput, result: ReturnType<typeof drawPanel>): string[] {
  if (!result.ok) return [`${n}: ${JSON.stringify(result.problems)}`];
  const failures: string[] = [];
  const ids = input.volunteers.map((v) => v.id);
  const everyone = [...result.panel, ...result.reserves];
  if (result.panel.length !== input.panelSize) failures.push(`${n}: panel of ${result.panel.length}, not ${input.panelSize}`);
  if (new Set(everyone).size !== everyone.length) failures.push(`${n}: someone drawn twice`);
  if (everyone.length !== ids.length || !everyone.every((id) => ids.includes(id))) failures.push(`${n}: panel and reserves are not the pool`);
  const broken = quotasBroken(result.panel, input.volunteers, input.quotas);
  if (broken.length) failures.push(`${n}: quotas not met ${JSON.stringify(broken)}`);
  return failures;
}

describe('drawPanel on random instances that some panel can meet', () => {
  it('draws all of 1,000: the exact size, no one twice, every quota met, everyone else a reserve', () => {
    const failures: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const input = feasibleInstance(n);
      failures.push(...drawProblems(n, input, drawPanel(input)));
    }
    expect(failures).toEqual([]);
  });

  it('draws them by exhaustive search alone too, when local search is given no steps (200 of them)', () => {
    const failures: string[] = [];
    for (let n = 0; n < 200; n++) {
      const input = feasibleInstance(n);
      failures.push(...drawProblems(n, input, drawPanel(input, { repairSteps: 0 })));
    }
    expect(failures).toEqual([]);
  });
});

describe('drawPanel refusing what cannot be drawn', () => {
  const person = (id: string, profile: Record<string, string>): Volunteer => ({ id, profile });
  // Ten volunteers: four women (one young), five men (three young), one who preferred not to say.
  const pool: Volunteer[] = [
    person('a', { gender: 'woman', 'age-band': '16-24' }),
    person('b', { gender: 'woman', 'age-band': '45-54' }),
    person('c', { gender: 'woman', 'age-band': '45-54' }),
    person('d', { gender: 'woman', 'age-band': '65-74' }),
    person('e', { gender: 'man', 'age-band': '16-24' }),
    person('f', { gender: 'man', 'age-band': '16-24' }),
    person('g', { gender: 'man', 'age-band': '16-24' }),
    person('h', { gender: 'man', 'age-band': '45-54' }),
    person('i', { gender: 'man' }),
    person('j', { gender: PREFER_NOT_TO_SAY, 'age-band': '16-24' }),
  ];
  const quota = (category: string, value: string, min: number, max: number): Quota => ({ category, value, min, max });
  const problemsOf = (changes: Partial<DrawInput>): DrawProblem[] => {
    const result = drawPanel({ seed: 'refusals', panelSize: 4, volunteers: pool, quotas: [], ...changes });
    return result.ok ? [] : result.problems;
  };

  it('refuses a panel size that is not a whole number of at least one, or larger than the pool', () => {
    expect(problemsOf({ panelSize: 0 })).toEqual([{ problem: 'panelSizeInvalid' }]);
    expect(problemsOf({ panelSize: 2.5 })).toEqual([{ problem: 'panelSizeInvalid' }]);
    expect(problemsOf({ panelSize: 11 })).toEqual([{ problem: 'panelLargerThanPool', panelSize: 11, volunteers: 10 }]);
    expect(problemsOf({ reserveCount: -1 })).toEqual([{ problem: 'reserveCountInvalid' }]);
    expect(problemsOf({ volunteers: [...pool, person('c', {})] })).toEqual([{ problem: 'volunteerIdTwice', id: 'c' }]);
  });

  it('names each invalid quota, and reports them all at once', () => {
    const bad = [quota('gender', 'woman', 3, 2), quota('gender', 'man', -1, 2), quota('age-band', '16-24', 1.5, 2), quota('age-band', '45-54', 0, 5), quota('gender', PREFER_NOT_TO_SAY, 0, 1)];
    const problems = problemsOf({ quotas: bad });
    expect(problems).toHaveLength(5);
    expect(problems).toContainEqual({ problem: 'quotaInvalid', quota: bad[0], reason: 'bounds' });
    expect(problems).toContainEqual({ problem: 'quotaInvalid', quota: bad[1], reason: 'bounds' });
    expect(problems).toContainEqual({ problem: 'quotaInvalid', quota: bad[2], reason: 'bounds' });
    expect(problems).toContainEqual({ problem: 'quotaInvalid', quota: bad[3], reason: 'abovePanelSize' });
    expect(problems).toContainEqual({ problem: 'quotaInvalid', quota: bad[4], reason: 'preferNotToSay' });
    expect(problemsOf({ quotas: [quota('gender', 'woman', 1, 2), quota('gender', 'woman', 0, 3)] })).toEqual([{ problem: 'quotaInvalid', quota: quota('gender', 'woman', 1, 2), reason: 'sameAnswerTwice' }]);
  });

  it('counts towards a quota only those who gave that answer, not those who preferred not to say', () => {
    const fourWomen = quota('gender', 'woman', 4, 4);
    expect(problemsOf({ quotas: [fourWomen] })).toEqual([]);
    const fiveWomen = quota('gender', 'woman', 5, 5);
    expect(problemsOf({ panelSize: 5, quotas: [fiveWomen] })).toEqual([{ problem: 'quotaTooFewVolunteers', quota: fiveWomen, volunteers: 4 }]);
    const young = quota('age-band', '16-24', 6, 6); // i was never asked, j preferred not to say their gender: five are young
    expect(problemsOf({ panelSize: 6, quotas: [young] })).toEqual([{ problem: 'quotaTooFewVolunteers', quota: young, volunteers: 5 }]);
  });

  it('refuses minimums of a category that do not fit in the panel', () => {
    const quotas = [quota('gender', 'woman', 2, 4), quota('gender', 'man', 3, 4)];
    expect(problemsOf({ quotas })).toEqual([{ problem: 'minimumsExceedPanel', category: 'gender', total: 5, panelSize: 4 }]);
  });

  it('refuses maximums of a category that cannot fill the panel, counting answers without a quota as unbounded', () => {
    // Women at most 1 and men at most 2 leave only the one who preferred not to say: 4 places, 4 people.
    expect(problemsOf({ quotas: [quota('gender', 'woman', 0, 1), quota('gender', 'man', 0, 2)] })).toEqual([]);
    expect(problemsOf({ quotas: [quota('gender', 'woman', 0, 1), quota('gender', 'man', 0, 1)] })).toEqual([{ problem: 'maximumsBelowPanel', category: 'gender', total: 3, panelSize: 4 }]);
  });

  it('explains quotas that each could be met but not together, naming one whose removal allows a panel', () => {
    // Four young are needed, and at least two women, but only one young woman and at most one man.
    const quotas = [quota('age-band', '16-24', 4, 4), quota('gender', 'woman', 2, 4), quota('gender', 'man', 0, 1)];
    expect(problemsOf({ quotas })).toEqual([{ problem: 'quotasConflict', quotas: [quotas[0]] }]);
    expect(problemsOf({ quotas: quotas.slice(1) })).toEqual([]);
  });

  it('names two quotas when no single one explains the conflict', () => {
    // Two conflicts at once: the only two young are women (none wanted), and the only two from CF10 social renters (none wanted).
    const both = { 'age-band': '16-24', gender: 'woman', area: 'CF10', tenure: 'social-rent' };
    const neither = { 'age-band': '45-54', gender: 'man', area: 'CF11', tenure: 'owns' };
    const volunteers = ['p1', 'p2'].map((id) => person(id, both)).concat(['p3', 'p4', 'p5', 'p6', 'p7', 'p8'].map((id) => person(id, neither)));
    const young = quota('age-band', '16-24', 2, 4);
    const cf10 = quota('area', 'CF10', 2, 4);
    const quotas = [young, quota('gender', 'woman', 0, 0), cf10, quota('tenure', 'social-rent', 0, 0)];
    expect(problemsOf({ volunteers, quotas })).toEqual([{ problem: 'quotasConflict', quotas: [young, cf10] }]);
    for (const q of quotas) expect(problemsOf({ volunteers, quotas: quotas.filter((other) => other !== q) })).toHaveLength(1);
    expect(problemsOf({ volunteers, quotas: quotas.filter((q) => q !== young && q !== cf10) })).toEqual([]);
  });

  it('gives up, saying so, when the search runs out of nodes', () => {
    const input = feasibleInstance(3);
    expect(drawPanel(input, { repairSteps: 0, searchNodes: 2 })).toEqual({ ok: false, problems: [{ problem: 'searchTooLarge' }] });
    expect(drawPanel(input).ok).toBe(true);
  });
});

describe('drawPanel reproducibility', () => {
  const input = feasibleInstance(42);
  const g = generator(99);

  it('draws the same panel and reserves from the same seed, in whatever order the volunteers and quotas come', () => {
    const first = drawPanel(input);
    expect(first.ok && first.algorithm).toBe(SORTITION_ALGORITHM);
    for (let i = 0; i < 5; i++) {
      expect(drawPanel({ ...input, volunteers: g.shuffled(input.volunteers), quotas: g.shuffled(input.quotas) })).toEqual(first);
    }
  });

  it('draws today what it drew when this algorithm was named, so a published draw can be re-run', () => {
    // If this changes, the algorithm has changed: name a new SORTITION_ALGORITHM, keep the old one for re-runs.
    const answers: Array<[string, string]> = [
      ['16-24', 'woman'], ['25-34', 'woman'], ['45-54', 'woman'], ['65-74', 'man'], ['16-24', 'man'], ['25-34', 'man'],
      ['45-54', 'woman'], ['65-74', 'woman'], ['16-24', 'woman'], ['25-34', 'man'], ['45-54', 'man'], ['65-74', 'man'],
    ];
    const volunteers = answers.map(([age, gender], i) => ({ id: `vol-${String(i + 1).padStart(2, '0')}`, profile: { 'age-band': age, gender } }));
    const quotas = [
      { category: 'gender', value: 'woman', min: 2, max: 3 },
      { category: 'age-band', value: '16-24', min: 1, max: 2 },
      { category: 'age-band', value: '65-74', min: 1, max: 1 },
    ];
    expect(drawPanel({ seed: '12345-67890-13579-24680', panelSize: 5, volunteers, quotas })).toEqual({
      ok: true,
      panel: ['vol-01', 'vol-04', 'vol-07', 'vol-09', 'vol-10'],
      reserves: ['vol-12', 'vol-02', 'vol-06', 'vol-03', 'vol-05', 'vol-08', 'vol-11'],
      algorithm: 'commonpurse-sortition-1',
    });
  });

  it('draws different panels from different seeds', () => {
    const panels = Array.from({ length: 20 }, (_, i) => {
      const result = drawPanel({ ...input, seed: `seed-${i}` });
      return result.ok ? result.panel.join(',') : 'failed';
    });
    expect(panels).not.toContain('failed');
    expect(new Set(panels).size).toBe(20);
  });

  it('lists only as many reserves as asked for, the first of the full list', () => {
    const all = drawPanel(input);
    const five = drawPanel({ ...input, reserveCount: 5 });
    expect(all.ok && five.ok).toBe(true);
    if (all.ok && five.ok) {
      expect(five.panel).toEqual(all.panel);
      expect(five.reserves).toEqual(all.reserves.slice(0, 5));
    }
  });
});

describe('drawPanel uniformity', () => {
  /** Every subset of `size` of `items`. */
  function subsets<T>(items: T[], size: number): T[][] {
    if (size === 0) return [[]];
    if (items.length < size) return [];
    const [first, ...rest] = items;
    return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
  }

  /**
   * Draws `draws` panels with different seeds and compares how often each feasible panel came up
   * with the uniform frequency, by Pearson's chi-square. For a uniform sampler the statistic is
   * about the degrees of freedom, give or take √(2·df); the bound allows six of those. A sampler
   * that stayed near its first panel, or could not reach some panels, is far beyond it.
   */
  function chiSquareAgainstUniform(volunteers: Volunteer[], panelSize: number, quotas: Quota[], draws: number) {
    const feasible = subsets(volunteers, panelSize)
      .filter((panel) => quotasBroken(panel.map((v) => v.id), volunteers, quotas).length === 0)
      .map((panel) => panel.map((v) => v.id).sort().join(','));
    const seen = new Map(feasible.map((key) => [key, 0]));
    for (let i = 0; i < draws; i++) {
      const result = drawPanel({ seed: `uniform-${i}`, panelSize, volunteers, quotas });
      const key = result.ok ? result.panel.join(',') : 'failed';
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const expected = draws / feasible.length;
    const chiSquare = [...seen.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    const df = feasible.length - 1;
    return { feasible: feasible.length, panelsSeen: seen.size, chiSquare, bound: df + 6 * Math.sqrt(2 * df), least: Math.min(...seen.values()) };
  }

  const profiles: Array<[string, string]> = [
    ['woman', 'young'], ['woman', 'young'], ['woman', 'old'], ['woman', 'old'], ['woman', 'old'],
    ['man', 'young'], ['man', 'young'], ['man', 'young'], ['man', 'old'], ['man', 'old'],
  ];
  const volunteers = profiles.map(([gender, age], i) => ({ id: `p${i}`, profile: { gender, age } }));

  it('draws each panel that meets two quotas about equally often, where the first panel found alone favours some', () => {
    const quotas = [{ category: 'gender', value: 'woman', min: 3, max: 3 }, { category: 'age', value: 'young', min: 1, max: 2 }];
    const stats = chiSquareAgainstUniform(volunteers, 4, quotas, 4000);
    expect(stats.panelsSeen).toBe(stats.feasible); // nothing outside the feasible panels
    expect(stats.least).toBeGreaterThan(0);
    expect(stats.chiSquare).toBeLessThan(stats.bound);
  });

  it('draws each panel about equally often when exact quotas on two categories allow no single swap between some', () => {
    // From two young women and two old men, only a swap of two for two reaches two old women and two young men.
    const quotas = [{ category: 'gender', value: 'woman', min: 2, max: 2 }, { category: 'age', value: 'young', min: 2, max: 2 }];
    const stats = chiSquareAgainstUniform(volunteers, 4, quotas, 4000);
    expect(stats.panelsSeen).toBe(stats.feasible);
    expect(stats.least).toBeGreaterThan(0);
    expect(stats.chiSquare).toBeLessThan(stats.bound);
  });
});

describe('nextReserve', () => {
  const volunteers: Volunteer[] = [
    { id: 'w1', profile: { gender: 'woman' } },
    { id: 'w2', profile: { gender: 'woman' } },
    { id: 'm1', profile: { gender: 'man' } },
    { id: 'm2', profile: { gender: 'man' } },
    { id: 'm3', profile: { gender: 'man' } },
    { id: 'w3', profile: { gender: 'woman' } },
    { id: 'x1', profile: {} },
    { id: 'x2', profile: { gender: PREFER_NOT_TO_SAY } },
  ];
  const quotas: Quota[] = [{ category: 'gender', value: 'woman', min: 2, max: 2 }];
  const seated = ['w1', 'w2', 'm1'];

  it('passes over reserves who would break a quota for the first who keeps them all', () => {
    expect(nextReserve({ volunteers, quotas, seated, reserves: ['m2', 'x1', 'w3', 'm3'], leaving: 'w1' })).toBe('w3');
    expect(nextReserve({ volunteers, quotas, seated, reserves: ['w3', 'm2', 'm3'], leaving: 'm1' })).toBe('m2');
  });

  it('takes the first reserve breaking the fewest quotas when none keeps them all, and none when none is left', () => {
    const two = [...quotas, { category: 'gender', value: 'man', min: 1, max: 1 }];
    // In the man's place, a woman breaks both quotas and x1 or x2 (no gender given) one: the first of those.
    expect(nextReserve({ volunteers, quotas: two, seated, reserves: ['w3', 'x2', 'x1'], leaving: 'm1' })).toBe('x2');
    expect(nextReserve({ volunteers, quotas: two, seated, reserves: ['w3', 'x1', 'x2'], leaving: 'm1' })).toBe('x1');
    expect(nextReserve({ volunteers, quotas, seated, reserves: [], leaving: 'w1' })).toBeUndefined();
    expect(nextReserve({ volunteers, quotas, seated, reserves: ['w2', 'w1'], leaving: 'w1' })).toBeUndefined();
  });
});

describe('checkQuotas', () => {
  it('names the quotas a set of members falls short of or exceeds, and counts only real answers', () => {
    const woman = { category: 'gender', value: 'woman', min: 1, max: 1 };
    const man = { category: 'gender', value: 'man', min: 0, max: 1 };
    expect(checkQuotas([{ gender: 'woman' }, { gender: 'man' }], [woman, man])).toEqual([]);
    expect(checkQuotas([{ gender: PREFER_NOT_TO_SAY }, {}], [woman, man])).toEqual([woman]);
    expect(checkQuotas([{ gender: 'man' }, { gender: 'man' }, { gender: 'woman' }], [woman, man])).toEqual([man]);
  });
});

describe('canonicalSnapshot and snapshotDigest', () => {
  const input: DrawInput = {
    seed: '12345-67890',
    panelSize: 2,
    volunteers: [
      { id: 'b', profile: { gender: 'man', area: 'CF10' } },
      { id: 'a', profile: { area: 'CF11', gender: 'woman' } },
    ],
    quotas: [
      { category: 'gender', value: 'woman', min: 1, max: 1 },
      { category: 'area', value: 'CF10', min: 0, max: 1 },
    ],
  };

  it('gives the same text whatever the order of volunteers, quotas and answers, and lists them in a fixed order', () => {
    const reordered: DrawInput = {
      quotas: [...input.quotas].reverse().map(({ max, min, value, category }) => ({ max, min, value, category })),
      volunteers: [{ profile: { gender: 'woman', area: 'CF11' }, id: 'a' }, input.volunteers[0]],
      panelSize: 2,
      seed: '12345-67890',
    };
    const snapshot = canonicalSnapshot(input);
    expect(canonicalSnapshot(reordered)).toBe(snapshot);
    expect(snapshot).toBe(
      `{"algorithm":"${SORTITION_ALGORITHM}","panelSize":2,"quotas":[{"category":"area","max":1,"min":0,"value":"CF10"},{"category":"gender","max":1,"min":1,"value":"woman"}],` +
        `"reserveCount":null,"seed":"12345-67890","volunteers":[{"id":"a","profile":{"area":"CF11","gender":"woman"}},{"id":"b","profile":{"area":"CF10","gender":"man"}}]}`,
    );
    expect(JSON.parse(snapshot).volunteers).toHaveLength(2);
  });

  it('is itself a draw’s input: the published snapshot, as it stands, draws the same panel again', () => {
    const drawn = drawPanel(input);
    expect(drawn.ok).toBe(true);
    expect(drawPanel(JSON.parse(canonicalSnapshot(input)) as DrawInput)).toEqual(drawn);
  });

  it('digests the snapshot with SHA-256, changing with any change to the input', () => {
    expect(snapshotDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const digest = snapshotDigest(canonicalSnapshot(input));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotDigest(canonicalSnapshot({ ...input, seed: '12345-67891' }))).not.toBe(digest);
    expect(snapshotDigest(canonicalSnapshot({ ...input, volunteers: [input.volunteers[0]] }))).not.toBe(digest);
  });
});
