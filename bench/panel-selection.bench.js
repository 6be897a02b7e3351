// The community panel's stratified draw (libs/deliberation/src/domain/sortition.ts), for fairness
// and for speed. Fairness: among the panels that meet the quotas every one should be equally
// likely, so (a) on a census-like pool, members of the same type (the same answers where quotas
// apply) should be picked equally often, to within the noise of the number of draws; and (b) on a
// pool small enough to list every panel that meets the quotas, the draws' distance from exactly
// uniform is read against that of an exactly uniform sampler (a plain seeded sample, drawn again
// until it meets the quotas) taking as many draws: sampling noise alone. Speed: ms per draw on a
// 300-volunteer pool against a plain seeded sample of the same size.
'use strict';

const { createHash } = require('node:crypto');

const FAIRNESS = { volunteers: 200, panelSize: 24, draws: 2000 };
const EXACT = { volunteers: 12, panelSize: 5, draws: 10_000 };
const SPEED = { volunteers: 300, panelSize: 30, draws: 30 };
const BASELINE_BATCHES = 20;
const BASELINE_BATCH = 200;
const TARGET_MS = { comfortable: 100, limit: 1000 };

// England-and-Wales-like shares for residents aged 16 and over; volunteers lean older and towards
// some areas, as those who come forward usually do, which is what quotas are there to correct.
const AGE_BANDS = { '16-24': [0.14, 0.6], '25-34': [0.17, 0.8], '35-44': [0.16, 0.9], '45-54': [0.16, 1], '55-64': [0.15, 1.2], '65-74': [0.12, 1.4], '75-plus': [0.1, 1.1] };
const GENDERS = { woman: [0.51, 1.15], man: [0.48, 0.85], 'non-binary': [0.005, 1], 'another-way': [0.005, 1] };
const AREAS = { CF10: [0.24, 1.3], CF11: [0.22, 1], CF14: [0.2, 1.1], CF23: [0.18, 0.8], CF24: [0.16, 0.6] };
const TENURES = { owns: [0.62, 1.2], 'social-rent': [0.17, 0.7], 'private-rent': [0.19, 0.8], other: [0.02, 1] };
const PREFER_NOT_TO_SAY = 'prefer-not-to-say';

/** A seeded generator for the benchmark's own inputs and its baseline (mulberry32, seeded by SHA-256). */
function generator(seed) {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = (table) => {
    const entries = Object.entries(table).map(([value, [share, lean]]) => [value, share * lean]);
    let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of entries) if ((roll -= w) < 0) return value;
    return entries[entries.length - 1][0];
  };
  return { next, pick };
}

/** A pool with census-like answers (one in twenty "prefer not to say"), and quotas around the area's shares. */
function censusLike(count, panelSize, seed, categories) {
  const g = generator(seed);
  const volunteers = Array.from({ length: count }, (_, i) => ({
    id: `volunteer-${String(i).padStart(4, '0')}`,
    profile: Object.fromEntries(Object.entries(categories).map(([name, table]) => [name, g.next() < 0.05 ? PREFER_NOT_TO_SAY : g.pick(table)])),
  }));
  const quotas = [];
  for (const [category, table] of Object.entries(categories)) {
    for (const [value, [share]] of Object.entries(table)) {
      const target = share * panelSize;
      if (target < 1) continue; // no quota for answers too rare to expect on a panel
      quotas.push({ category, value, min: Math.max(0, Math.floor(target) - 1), max: Math.ceil(target) + 1 });
    }
  }
  return { volunteers, quotas };
}

/** The baseline: a plain seeded sample of `size` ids (a partial Fisher–Yates shuffle). */
function plainSample(ids, size, seed) {
  const g = generator(seed);
  const order = [...ids];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(g.next() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, size);
}

function meets(panel, profiles, quotas) {
  return quotas.every((q) => {
    const n = panel.filter((id) => profiles.get(id)[q.category] === q.value).length;
    return n >= q.min && n <= q.max;
  });
}

function subsets(items, size, from = 0, taken = [], out = []) {
  if (taken.length === size) out.push([...taken]);
  else for (let i = from; i <= items.length - (size - taken.length); i++) subsets(items, size, i + 1, [...taken, items[i]], out);
  return out;
}

const percent = (p) => `${(100 * p).toFixed(1)}%`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

module.exports = {
  description: `stratified panel draw: fairness over ${FAIRNESS.draws.toLocaleString('en-GB')} draws and against exact uniform; ms per draw (${SPEED.volunteers} volunteers, panel of ${SPEED.panelSize}) against a plain seeded sample`,
  budgetSeconds: 90,

  async run({ sample, sampleBatched, report }) {
    const { drawPanel, SORTITION_ALGORITHM } = require('../dist/libs/deliberation/src/domain/sortition');
    const draw = (input) => {
      const result = drawPanel(input);
      if (!result.ok) throw new Error(`the benchmark's own instance cannot be drawn: ${JSON.stringify(result.problems)}`);
      return result.panel;
    };
    const details = [`algorithm ${SORTITION_ALGORITHM}`];

    // (a) Selection frequencies on a census-like pool.
    const pool = censusLike(FAIRNESS.volunteers, FAIRNESS.panelSize, 'fairness', { 'age-band': AGE_BANDS, gender: GENDERS, area: AREAS });
    const picked = new Map(pool.volunteers.map((v) => [v.id, 0]));
    for (let i = 0; i < FAIRNESS.draws; i++) for (const id of draw({ seed: `fairness-${i}`, panelSize: FAIRNESS.panelSize, ...pool })) picked.set(id, picked.get(id) + 1);
    const chance = (id) => picked.get(id) / FAIRNESS.draws;
    const all = pool.volunteers.map((v) => chance(v.id));
    details.push(
      '',
      `(a) fairness: ${FAIRNESS.volunteers} census-like volunteers, panel of ${FAIRNESS.panelSize}, ${pool.quotas.length} quotas on age band, gender and area; ${FAIRNESS.draws.toLocaleString('en-GB')} draws`,
      `    chance of selection: min ${percent(Math.min(...all))}, median ${percent(median(all))}, max ${percent(Math.max(...all))} (no quotas: ${percent(FAIRNESS.panelSize / FAIRNESS.volunteers)} each)`,
    );
    // Members of a type are interchangeable under the quotas, so under a uniform draw they share one
    // chance of selection; how far their counts spread around their type's mean, against binomial
    // noise, is the dispersion index: about 1 when uniform, above it when the draw favours some.
    const typeOf = (v) => pool.quotas.filter((q) => v.profile[q.category] === q.value).map((q) => q.value).join(' ') || '(no quota applies)';
    const types = new Map();
    for (const v of pool.volunteers) types.set(typeOf(v), [...(types.get(typeOf(v)) ?? []), v.id]);
    let dispersion = 0;
    let freedom = 0;
    for (const ids of types.values()) {
      if (ids.length < 2) continue;
      const mean = ids.reduce((sum, id) => sum + picked.get(id), 0) / ids.length;
      const variance = mean * (1 - mean / FAIRNESS.draws);
      if (variance === 0) continue;
      dispersion += ids.reduce((sum, id) => sum + (picked.get(id) - mean) ** 2, 0) / variance;
      freedom += ids.length - 1;
    }
    details.push(`    within-type dispersion index ${(dispersion / freedom).toFixed(2)} over ${freedom} degrees of freedom (1.00 ± ${Math.sqrt(2 / freedom).toFixed(2)} for a uniform draw)`);
    details.push('    by answer (volunteers: chance of selection, mean [min–max]):');
    for (const q of pool.quotas) {
      const own = pool.volunteers.filter((v) => v.profile[q.category] === q.value).map((v) => chance(v.id));
      const mean = own.reduce((a, b) => a + b, 0) / own.length;
      details.push(`      ${`${q.category}=${q.value}`.padEnd(18)} quota ${`${q.min}–${q.max}`.padEnd(5)} ${String(own.length).padStart(3)}: ${percent(mean).padStart(6)} [${percent(Math.min(...own))}–${percent(Math.max(...own))}]`);
    }
    const largest = [...types.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 5);
    details.push('    largest types (volunteers: chance of selection, mean [min–max]):');
    for (const [type, ids] of largest) {
      const own = ids.map(chance);
      details.push(`      ${type.padEnd(24)} ${String(ids.length).padStart(3)}: ${percent(own.reduce((a, b) => a + b, 0) / own.length).padStart(6)} [${percent(Math.min(...own))}–${percent(Math.max(...own))}]`);
    }

    // (b) Distance from exact uniform on a pool small enough to list every feasible panel.
    // Exact quotas on two categories, so some panels are reached from others only by a swap of two for two.
    const { volunteers: smallPool } = censusLike(EXACT.volunteers, EXACT.panelSize, 'exact', { 'age-band': { young: [0.3, 1], middle: [0.4, 1], old: [0.3, 1] }, gender: { woman: [0.5, 1], man: [0.5, 1] } });
    const small = {
      volunteers: smallPool,
      quotas: [
        { category: 'age-band', value: 'young', min: 2, max: 2 },
        { category: 'age-band', value: 'old', min: 0, max: 1 },
        { category: 'gender', value: 'woman', min: 3, max: 3 },
      ],
    };
    const profiles = new Map(small.volunteers.map((v) => [v.id, v.profile]));
    const ids = small.volunteers.map((v) => v.id);
    const feasible = subsets(ids, EXACT.panelSize).filter((panel) => meets(panel, profiles, small.quotas));
    const totalVariation = (drawOne) => {
      const seen = new Map(feasible.map((panel) => [[...panel].sort().join(','), 0]));
      for (let i = 0; i < EXACT.draws; i++) {
        const key = [...drawOne(i)].sort().join(',');
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      return 0.5 * [...seen.values()].reduce((sum, n) => sum + Math.abs(n / EXACT.draws - 1 / feasible.length), 0);
    };
    const drawn = totalVariation((i) => draw({ seed: `exact-${i}`, panelSize: EXACT.panelSize, ...small }));
    const uniform = totalVariation((i) => {
      for (let attempt = 0; ; attempt++) {
        const panel = plainSample(ids, EXACT.panelSize, `exact-${i}-${attempt}`);
        if (meets(panel, profiles, small.quotas)) return panel;
      }
    });
    details.push(
      '',
      `(b) exact: ${EXACT.volunteers} volunteers, panel of ${EXACT.panelSize}, quotas ${small.quotas.map((q) => `${q.value} ${q.min}–${q.max}`).join(', ')}: ${feasible.length} panels meet them`,
      `    total variation distance from uniform over ${EXACT.draws.toLocaleString('en-GB')} draws: ${drawn.toFixed(4)}, against ${uniform.toFixed(4)} for an exactly uniform sampler (a plain sample drawn again until it meets the quotas): ${(drawn / uniform).toFixed(2)}×`,
    );

    // Speed, on the size of pool the target is set for.
    const big = censusLike(SPEED.volunteers, SPEED.panelSize, 'speed', { 'age-band': AGE_BANDS, gender: GENDERS, area: AREAS, tenure: TENURES });
    const bigIds = big.volunteers.map((v) => v.id);
    const measured = await sample(SPEED.draws, (i) => draw({ seed: `speed-${i}`, panelSize: SPEED.panelSize, ...big }), { warmup: 3 });
    const baseline = sampleBatched(BASELINE_BATCHES, BASELINE_BATCH, (i) => plainSample(bigIds, SPEED.panelSize, `speed-${i}`));
    details.push('', `speed: ${SPEED.volunteers} census-like volunteers, panel of ${SPEED.panelSize}, ${big.quotas.length} quotas on age band, gender, area and tenure`);

    report({
      title: 'panel-selection',
      details,
      measured: { label: 'stratified draw', times: measured, samples: `${SPEED.draws} seeds (after 3 warm-up)` },
      baseline: { label: 'plain seeded sample', times: baseline, samples: `${BASELINE_BATCHES} × ${BASELINE_BATCH}` },
      target: {
        text: `a draw well under a second (under ${TARGET_MS.comfortable} ms) on ${SPEED.volunteers} volunteers`,
        verdict: (ms) => (ms < TARGET_MS.comfortable ? 'within target' : ms < TARGET_MS.limit ? 'under a second, but not by much' : 'ABOVE target'),
      },
    });
  },
};
