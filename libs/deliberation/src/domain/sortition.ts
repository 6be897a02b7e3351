import { createHash } from 'node:crypto';
import { PREFER_NOT_TO_SAY } from './profile-questions';

/**
 * The community panel is drawn by lot from the volunteers, stratified so that it looks like the
 * area: quotas set a minimum and a maximum of panel members per answer (so many aged 16–24, so
 * many from CF10). Quotas only constrain; among the panels that meet them the draw is meant to
 * be uniform, and anyone given the published snapshot and the seed can re-run it and get the
 * same panel. The method, and why:
 *
 * 1. Check the input and the quick arithmetic (enough volunteers for each minimum, the minimums
 *    of a category fitting in the panel, ...), reporting every problem at once, so a fund fixes
 *    its quotas in one go.
 * 2. Sort volunteers (and quotas) so the order they come in never matters; seed xoshiro128**
 *    with SHA-256 of the seed: small, well studied, and easy to re-implement from this file.
 * 3. Find one panel that meets every quota. First by local search from a random panel, swapping
 *    people to close the gaps: quick whenever there is a panel. When that fails, an exhaustive
 *    search decides: volunteers with the same quota-relevant answers are interchangeable, so a
 *    depth-first search chooses how many of each such type to take, pruning on what each quota
 *    and category still needs and can still get; first on two or three categories at a time (a
 *    conflict among some is a conflict among all, and far quicker to prove), then on all. Both
 *    are bounded by counts of steps, not by time, so every re-run decides the same way. When
 *    there is no panel, a few quotas whose removal would allow one are named.
 * 4. That first panel depends on how it was found, so a Markov chain walks away from it: swap
 *    one member for one non-member (sometimes two for two) chosen uniformly, and keep the swap
 *    only when every quota still holds. The proposals are symmetric, so the chain's stationary
 *    distribution is uniform over the panels that meet the quotas and can be reached from one
 *    another by such swaps (almost always all of them; exact quotas on many categories at once
 *    could in principle leave some unreachable). Exact uniform sampling would mean counting all
 *    those panels, which grows exponentially with the number of quotas.
 * 5. The volunteers not drawn become the reserves, in a seeded random order; `nextReserve`
 *    picks among them when a member declines, keeping the quotas met where it can.
 *
 * Changing any step, or the order random numbers are taken in, changes the panels drawn: that
 * is a new SORTITION_ALGORITHM.
 */
export const SORTITION_ALGORITHM = 'commonpurse-sortition-1';

export interface Volunteer {
  id: string;
  /** Category → answer, e.g. { 'age-band': '16-24', area: 'CF10' }. */
  profile: Record<string, string>;
}

export interface Quota {
  category: string;
  value: string;
  min: number;
  max: number;
}

export interface DrawInput {
  seed: string;
  panelSize: number;
  volunteers: Volunteer[];
  quotas: Quota[];
  /** How many reserves to list, in order; all the volunteers not drawn when left out (or null, as a snapshot writes it). */
  reserveCount?: number | null;
}

export type DrawProblem =
  | { problem: 'panelSizeInvalid' }
  | { problem: 'reserveCountInvalid' }
  | { problem: 'volunteerIdTwice'; id: string }
  | { problem: 'panelLargerThanPool'; panelSize: number; volunteers: number }
  /** Bounds not whole numbers, min < 0, min > max, max > panel size, or on an answer no one can count towards. */
  | { problem: 'quotaInvalid'; quota: Quota; reason: 'bounds' | 'abovePanelSize' | 'preferNotToSay' | 'sameAnswerTwice' | 'unnamed' }
  | { problem: 'quotaTooFewVolunteers'; quota: Quota; volunteers: number }
  | { problem: 'minimumsExceedPanel'; category: string; total: number; panelSize: number }
  /** What a category can give at most (each answer's max, or all its volunteers when unbounded) falls short of the panel. */
  | { problem: 'maximumsBelowPanel'; category: string; total: number; panelSize: number }
  /** No panel meets all the quotas together; removing these would allow one. */
  | { problem: 'quotasConflict'; quotas: Quota[] }
  | { problem: 'searchTooLarge' };

export type DrawResult = { ok: true; panel: string[]; reserves: string[]; algorithm: string } | { ok: false; problems: DrawProblem[] };

/** Nodes of the exhaustive search over all categories before giving up: cheap enough to spend in under a second. */
const SEARCH_NODES = 200_000;
/** The searches for a conflict among two or three categories share this many (each at least SUBSET_NODES_MIN). */
const SUBSET_NODES = 400_000;
const SUBSET_NODES_MIN = 10_000;
/** Each attempt to explain a conflict gets at most this many steps of local search. */
const MAX_EXPLAIN_STEPS = 2_000;
const FIRST_RUN_NODES = 500;
const MIN_REPAIR_STEPS = 1_000;
const REPAIR_STEPS_PER_VOLUNTEER = 10;
const MIN_SWAPS = 2_000;
const SWAPS_PER_VOLUNTEER = 20;
const MAX_SWAPS = 100_000;
/** One proposal in five swaps two for two: needed when exact quotas on two categories allow no single swap. */
const PAIR_SWAP_ONE_IN = 5;

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const quotaOrder = (a: Quota, b: Quota) => byCodeUnits(a.category, b.category) || byCodeUnits(a.value, b.value) || a.min - b.min || a.max - b.max;

/** The answer that counts towards a category's quotas, if any (own properties only: "constructor" is a category name too). */
function answerOf(profile: Record<string, string>, category: string): string | undefined {
  const value = Object.hasOwn(profile, category) ? profile[category] : undefined;
  return typeof value === 'string' && value !== PREFER_NOT_TO_SAY ? value : undefined;
}

const counts = (profile: Record<string, string>, quota: Quota) => answerOf(profile, quota.category) === quota.value;

/** The quotas a set of panel members does not meet (too few or too many), in the order given. */
export function checkQuotas(panelProfiles: Record<string, string>[], quotas: Quota[]): Quota[] {
  return quotas.filter((quota) => {
    const n = panelProfiles.filter((profile) => counts(profile, quota)).length;
    return n < quota.min || n > quota.max;
  });
}

// ---------------------------------------------------------------- checks

function checkInput(input: DrawInput, volunteers: Volunteer[], quotas: Quota[]): DrawProblem[] {
  const problems: DrawProblem[] = [];
  const k = input.panelSize;
  const sizeValid = Number.isInteger(k) && k >= 1;
  if (!sizeValid) problems.push({ problem: 'panelSizeInvalid' });
  if (input.reserveCount !== undefined && input.reserveCount !== null && !(Number.isInteger(input.reserveCount) && input.reserveCount >= 0)) problems.push({ problem: 'reserveCountInvalid' });
  for (let i = 1; i < volunteers.length; i++) {
    if (volunteers[i].id === volunteers[i - 1].id && (i === 1 || volunteers[i - 2].id !== volunteers[i].id)) problems.push({ problem: 'volunteerIdTwice', id: volunteers[i].id });
  }
  const fitsPool = sizeValid && k <= volunteers.length;
  if (sizeValid && !fitsPool) problems.push({ problem: 'panelLargerThanPool', panelSize: k, volunteers: volunteers.length });

  const valid: Quota[] = [];
  const spoilt = new Set<string>(); // categories with an invalid quota: their sums would mislead
  quotas.forEach((quota, i) => {
    const reason = !quota.category || !quota.value
      ? 'unnamed'
      : !Number.isInteger(quota.min) || !Number.isInteger(quota.max) || quota.min < 0 || quota.min > quota.max
        ? 'bounds'
        : sizeValid && quota.max > k
          ? 'abovePanelSize'
          : quota.value === PREFER_NOT_TO_SAY
            ? 'preferNotToSay'
            : i > 0 && quotas[i - 1].category === quota.category && quotas[i - 1].value === quota.value
              ? 'sameAnswerTwice'
              : null;
    if (reason) {
      problems.push({ problem: 'quotaInvalid', quota, reason });
      spoilt.add(quota.category);
    } else valid.push(quota);
  });

  for (const quota of valid) {
    const n = volunteers.filter((v) => counts(v.profile, quota)).length;
    if (quota.min > n) problems.push({ problem: 'quotaTooFewVolunteers', quota, volunteers: n });
  }
  if (!fitsPool) return problems;
  for (const category of [...new Set(valid.map((q) => q.category))]) {
    if (spoilt.has(category)) continue;
    const own = valid.filter((q) => q.category === category);
    const minimums = own.reduce((sum, q) => sum + q.min, 0);
    if (minimums > k) problems.push({ problem: 'minimumsExceedPanel', category, total: minimums, panelSize: k });
    // Volunteers whose answer has no quota (or who did not answer) are unbounded: all of them count.
    const unbounded = volunteers.filter((v) => !own.some((q) => counts(v.profile, q))).length;
    const maximums = unbounded + own.reduce((sum, q) => sum + Math.min(q.max, volunteers.filter((v) => counts(v.profile, q)).length), 0);
    if (maximums < k) problems.push({ problem: 'maximumsBelowPanel', category, total: maximums, panelSize: k });
  }
  return problems;
}

// ---------------------------------------------------------------- the seeded generator

interface Random {
  /** A uniform whole number in [0, n), n ≤ 2³². */
  below(n: number): number;
}

/** xoshiro128** (Blackman and Vigna), its state the first 16 bytes of SHA-256(seed). */
function seededRandom(seed: string): Random {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let s0 = digest.readInt32LE(0);
  let s1 = digest.readInt32LE(4);
  let s2 = digest.readInt32LE(8);
  let s3 = digest.readInt32LE(12);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the one state it cannot leave
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  const next = () => {
    // Plain products (below 2⁵³, so exact) rather than Math.imul: the same bits, and much faster under Jest.
    const result = (rotl((s1 * 5) | 0, 7) * 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    below(n) {
      // Rejection rather than a bare modulo, so that no number is favoured, however slightly.
      const limit = 2 ** 32 - (2 ** 32 % n);
      let x = next();
      while (x >= limit) x = next();
      return x % n;
    },
  };
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------- the model the search and the chain share

interface Model {
  quotas: Quota[];
  /** For each volunteer (sorted by id), the quotas it counts towards: at most one per category. */
  memberOf: number[][];
  /** Volunteers with the same quotas, in order of their first member. */
  types: Array<{ members: number[]; quotas: number[] }>;
  /** Each category's quotas; for each volunteer and for each type, its quota in each category or -1. */
  categories: number[][];
  categoryOf: Int32Array;
  quotaIn: Int32Array[];
  typeQuotaIn: Int32Array[];
  /** How many volunteers count towards each quota. */
  size: Int32Array;
}

function modelOf(volunteers: Volunteer[], quotas: Quota[]): Model {
  const names = [...new Set(quotas.map((q) => q.category))];
  const categories = names.map((name) => quotas.flatMap((q, i) => (q.category === name ? [i] : [])));
  const memberOf = volunteers.map((v) => quotas.flatMap((q, i) => (counts(v.profile, q) ? [i] : [])));
  const byKey = new Map<string, { members: number[]; quotas: number[] }>();
  memberOf.forEach((own, v) => {
    const key = own.join(',');
    const type = byKey.get(key) ?? { members: [], quotas: own };
    type.members.push(v);
    byKey.set(key, type);
  });
  const types = [...byKey.values()];
  const quotaIn = memberOf.map((own) => Int32Array.from(categories, (inCategory) => inCategory.find((q) => own.includes(q)) ?? -1));
  const typeQuotaIn = types.map((t) => quotaIn[t.members[0]]);
  const size = new Int32Array(quotas.length);
  for (const own of memberOf) for (const q of own) size[q]++;
  const categoryOf = Int32Array.from(quotas, (q) => names.indexOf(q.category));
  return { quotas, memberOf, types, categories, categoryOf, quotaIn, typeQuotaIn, size };
}

// ---------------------------------------------------------------- step 3: one panel that meets the quotas

/**
 * Min-conflicts local search: from a random panel, take a quota still unmet at random and make
 * the swap for it that leaves the fewest shortfalls and excesses overall (one time in ten a
 * random one instead, to leave a local minimum). It finds a panel quickly where the exhaustive
 * search below can wander for long among near misses; it proves nothing when it fails, which is
 * what that search is for. Returns the panel (volunteer indices), or undefined.
 */
function repair(model: Model, panelSize: number, min: number[], max: number[], steps: number, random: Random): number[] | undefined {
  const { quotas, quotaIn, memberOf } = model;
  const everyone = shuffle(memberOf.map((_, v) => v), random);
  const seated = everyone.slice(0, panelSize);
  const unseated = everyone.slice(panelSize);
  const count = new Int32Array(quotas.length);
  for (const v of seated) for (const q of memberOf[v]) count[q]++;
  const off = (q: number, n: number) => (n < min[q] ? min[q] - n : n > max[q] ? n - max[q] : 0);
  /** How much further from the quotas the panel gets when `out` leaves and `into` joins. */
  const worsening = (out: number, into: number) => {
    let change = 0;
    for (let c = 0; c < model.categories.length; c++) {
      const a = quotaIn[out][c];
      const b = quotaIn[into][c];
      if (a === b) continue;
      if (a >= 0) change += off(a, count[a] - 1) - off(a, count[a]);
      if (b >= 0) change += off(b, count[b] + 1) - off(b, count[b]);
    }
    return change;
  };
  const unmet: number[] = [];
  for (let step = 0; ; step++) {
    unmet.length = 0;
    for (let q = 0; q < quotas.length; q++) if (off(q, count[q]) > 0) unmet.push(q);
    if (unmet.length === 0) return seated;
    if (step === steps) return undefined;
    const q = unmet[random.below(unmet.length)];
    // Too few: someone of q joins, the best of those not of q leaves. Too many: the reverse.
    const short = count[q] < min[q];
    const [fixedSide, otherSide] = short ? [unseated, seated] : [seated, unseated];
    const c = model.categoryOf[q];
    let ofQ = 0;
    for (const v of fixedSide) if (quotaIn[v][c] === q) ofQ++;
    const others = otherSide.length - (short ? count[q] : model.size[q] - count[q]);
    if (ofQ === 0 || others === 0) continue;
    /** The position of the n-th volunteer on `side` who is (or is not) of q. */
    const nth = (side: number[], n: number, of: boolean) => {
      for (let i = 0; i < side.length; i++) if ((quotaIn[side[i]][c] === q) === of && n-- === 0) return i;
      return -1;
    };
    const fixed = nth(fixedSide, random.below(ofQ), true);
    let other = -1;
    if (random.below(10) === 0) other = nth(otherSide, random.below(others), false);
    else {
      let best = Infinity;
      let ties = 0;
      for (let i = 0; i < otherSide.length; i++) {
        if (quotaIn[otherSide[i]][c] === q) continue;
        const change = short ? worsening(seated[i], unseated[fixed]) : worsening(seated[fixed], unseated[i]);
        // Among equally good swaps, each is kept with equal chance (reservoir sampling).
        if (change < best) [best, ties, other] = [change, 1, i];
        else if (change === best && random.below(++ties) === 0) other = i;
      }
    }
    const [i, j] = short ? [other, fixed] : [fixed, other];
    for (const r of memberOf[seated[i]]) count[r]--;
    for (const r of memberOf[unseated[j]]) count[r]++;
    [seated[i], unseated[j]] = [unseated[j], seated[i]];
  }
}

type Search = { found: Int32Array } | 'none' | 'tooLarge';

/**
 * How many of each type to take. Each step takes the type with the fewest choices left (a type
 * with one choice is simply taken), its bounds worked out from what every quota and category
 * still needs and can still get. Without `random` it goes in a fixed order: the searches that
 * only look for a proof of conflict need no seed.
 */
function searchCounts(model: Model, panelSize: number, min: number[], max: number[], budget: number, random?: Random): Search {
  const { types, categories, typeQuotaIn } = model;
  const open = types.map((_, t) => t); // the types not yet decided; ties go to the earliest
  if (random) shuffle(open, random);

  const taken = new Int32Array(types.length);
  const chosen = new Int32Array(min.length);
  const left = Int32Array.from(model.size);
  const leftOutside = Int32Array.from(categories, (own) => model.memberOf.length - own.reduce((sum, q) => sum + model.size[q], 0));
  let leftAll = model.memberOf.length;
  let slots = panelSize;
  let nodes = 0;
  // Per category: places its minimums still claim, and places it can still fill at most.
  const need = new Int32Array(categories.length);
  const room = new Int32Array(categories.length);

  const measure = () => {
    for (let c = 0; c < categories.length; c++) {
      need[c] = 0;
      room[c] = leftOutside[c];
      for (const q of categories[c]) {
        need[c] += Math.max(0, min[q] - chosen[q]);
        room[c] += Math.min(left[q], max[q] - chosen[q]);
      }
    }
  };
  const stillPossible = () => {
    if (slots < 0 || slots > leftAll) return false;
    for (let q = 0; q < min.length; q++) if (chosen[q] > max[q] || chosen[q] + left[q] < min[q]) return false;
    measure();
    for (let c = 0; c < categories.length; c++) if (need[c] > slots || room[c] < slots) return false;
    return true;
  };
  let lo = 0;
  let hi = 0;
  /** Sets lo..hi to the counts of type t that keep every bound satisfiable (after measure()). */
  const range = (t: number) => {
    const n = types[t].members.length;
    lo = Math.max(0, slots - (leftAll - n));
    hi = Math.min(n, slots);
    for (const q of types[t].quotas) {
      lo = Math.max(lo, min[q] - chosen[q] - (left[q] - n));
      hi = Math.min(hi, max[q] - chosen[q]);
    }
    for (let c = 0; c < categories.length; c++) {
      const q = typeQuotaIn[t][c];
      if (q < 0) {
        // Places taken by this type do nothing for the category's minimums, and it leaves the category's pool.
        hi = Math.min(hi, slots - need[c]);
        lo = Math.max(lo, slots - room[c] + n);
      } else {
        const short = Math.max(0, min[q] - chosen[q]);
        hi = Math.min(hi, slots - need[c] + short);
        lo = Math.max(lo, slots - room[c] + Math.min(left[q], max[q] - chosen[q]) - (left[q] - n));
      }
    }
  };
  const take = (t: number, x: number, sign: 1 | -1) => {
    const n = types[t].members.length;
    for (const q of types[t].quotas) {
      chosen[q] += sign * x;
      left[q] -= sign * n;
    }
    for (let c = 0; c < categories.length; c++) if (typeQuotaIn[t][c] < 0) leftOutside[c] -= sign * n;
    leftAll -= sign * n;
    slots -= sign * x;
    taken[t] = sign > 0 ? x : 0;
  };
  const search = (): boolean => {
    if (open.length === 0) return slots === 0;
    // Fail first: the type with the fewest choices, so a dead end shows before choices pile up above it.
    let best = -1;
    let bestLo = 0;
    let bestHi = -1;
    for (let i = 0; i < open.length; i++) {
      range(open[i]);
      if (lo > hi) return false;
      if (best < 0 || hi - lo < bestHi - bestLo) [best, bestLo, bestHi] = [i, lo, hi];
      if (hi === lo) break;
    }
    const [t] = open.splice(best, 1);
    const choices = Array.from({ length: bestHi - bestLo + 1 }, (_, i) => bestLo + i);
    if (random) shuffle(choices, random);
    let found = false;
    for (const x of choices) {
      if (++nodes > budget) break;
      take(t, x, 1);
      if (stillPossible() && search()) {
        found = true;
        break;
      }
      take(t, x, -1);
      if (nodes > budget) break;
    }
    if (!found) open.splice(best, 0, t);
    return found;
  };

  if (!stillPossible()) return 'none';
  if (search()) return { found: taken };
  return nodes > budget ? 'tooLarge' : 'none';
}

/**
 * A randomised search that takes a wrong turn early can spend its whole budget below it; starting
 * afresh with a new random order, and twice the budget each time, finds a panel far sooner. Any
 * run that ends within its budget has searched everything, so a "none" from it is still a proof.
 */
function searchWithRestarts(model: Model, panelSize: number, min: number[], max: number[], budget: number, random: Random): Search {
  let spent = 0;
  for (let run = FIRST_RUN_NODES; ; run *= 2) {
    const nodes = Math.min(run, budget - spent);
    const result = searchCounts(model, panelSize, min, max, nodes, random);
    spent += nodes;
    if (result !== 'tooLarge' || spent >= budget) return result;
  }
}

/**
 * The first panel, or why there is none. Local search first (quick when there is a panel); when
 * it fails, exhaustive searches: over a few categories at a time first, because quotas that
 * conflict among two or three categories conflict among all of them, and with fewer categories
 * there are far fewer types to search; then over all of them, which may still find a panel.
 */
function firstPanel(volunteers: Volunteer[], model: Model, panelSize: number, limits: { repairSteps?: number; searchNodes?: number }, random: Random): { seated: number[] } | { conflict: Quota[] } | 'tooLarge' {
  const { quotas } = model;
  const [min, max] = [quotas.map((q) => q.min), quotas.map((q) => q.max)];
  const seated = repair(model, panelSize, min, max, limits.repairSteps ?? repairSteps(volunteers.length), random);
  if (seated) return { seated };

  const subsets = categorySubsets([...new Set(quotas.map((q) => q.category))]);
  for (const subset of subsets) {
    const own = quotas.filter((q) => subset.includes(q.category));
    const part = modelOf(volunteers, own);
    const nodes = Math.max(SUBSET_NODES_MIN, Math.floor(SUBSET_NODES / subsets.length));
    const search = searchCounts(part, panelSize, own.map((q) => q.min), own.map((q) => q.max), nodes);
    if (search === 'none') return { conflict: explainConflict(model, panelSize, own) };
  }
  const search = searchWithRestarts(model, panelSize, min, max, limits.searchNodes ?? SEARCH_NODES, random);
  if (search === 'tooLarge') return 'tooLarge';
  if (search === 'none') return { conflict: explainConflict(model, panelSize, quotas) };
  const chosen: number[] = [];
  model.types.forEach((type, t) => {
    const members = [...type.members];
    // A partial Fisher–Yates: the first `found[t]` places get a uniform choice of the type's members.
    for (let i = 0; i < search.found[t]; i++) {
      const j = i + random.below(members.length - i);
      [members[i], members[j]] = [members[j], members[i]];
      chosen.push(members[i]);
    }
  });
  return { seated: chosen };
}

const repairSteps = (volunteers: number) => Math.max(MIN_REPAIR_STEPS, REPAIR_STEPS_PER_VOLUNTEER * volunteers);

/** The sets of two, then three, of the categories, when there are more than that: smaller proofs of a conflict to try first. */
function categorySubsets(names: string[]): string[][] {
  const subsets: string[][] = [];
  for (let size = 2; size <= Math.min(3, names.length - 1); size++) {
    const pick = (from: number, taken: string[]) => {
      if (taken.length === size) subsets.push(taken);
      else for (let i = from; i < names.length; i++) pick(i + 1, [...taken, names[i]]);
    };
    pick(0, []);
  }
  return subsets;
}

/**
 * A few quotas whose removal allows a panel: the first single quota, else the first pair, else
 * every quota that binds (which always does). A conflict was proved among `involved`, so one of
 * them must go; a second, for a pair, may be any quota that binds (there may be another conflict
 * elsewhere). Removals are tried by local search, which proves a panel exists when it finds one
 * (and, missing one, makes the explanation longer but never wrong); its random numbers come from
 * a fixed seed, so the explanation does not depend on the draw's.
 */
function explainConflict(model: Model, panelSize: number, involved: Quota[]): Quota[] {
  const { quotas } = model;
  const binding = quotas.flatMap((q, i) => (q.min > 0 || q.max < Math.min(model.size[i], panelSize) ? [i] : []));
  const first = binding.filter((i) => involved.includes(quotas[i]));
  const random = seededRandom(SORTITION_ALGORITHM);
  const steps = Math.min(MAX_EXPLAIN_STEPS, repairSteps(model.memberOf.length));
  const allowsPanel = (drop: number[]) => {
    const min = quotas.map((q, i) => (drop.includes(i) ? 0 : q.min));
    const max = quotas.map((q, i) => (drop.includes(i) ? panelSize : q.max));
    return repair(model, panelSize, min, max, steps, random) !== undefined;
  };
  for (const q of first) if (allowsPanel([q])) return [quotas[q]];
  for (const q of first) {
    for (const r of binding) {
      // Each pair once: a pair of two from `first` is tried when its earlier one comes first.
      if (r === q || (first.includes(r) && r < q)) continue;
      if (allowsPanel([q, r])) return [quotas[Math.min(q, r)], quotas[Math.max(q, r)]];
    }
  }
  return binding.map((q) => quotas[q]);
}

// ---------------------------------------------------------------- step 4: the chain

function mix(model: Model, seated: number[], unseated: number[], random: Random): void {
  const { quotas, memberOf, quotaIn, categories } = model;
  const k = seated.length;
  const rest = unseated.length;
  if (k === 0 || rest === 0) return;
  const count = new Int32Array(quotas.length);
  for (const v of seated) for (const q of memberOf[v]) count[q]++;
  const delta = new Int32Array(quotas.length);
  const move = (v: number, sign: number) => {
    for (const q of memberOf[v]) delta[q] += sign;
  };
  /** Whether the quotas hold after the moves in `delta` (which it then clears). */
  const holds = (vs: number[]) => {
    let ok = true;
    for (const v of vs) {
      for (const q of memberOf[v]) {
        if (delta[q] === 0) continue;
        const after = count[q] + delta[q];
        if (after < quotas[q].min || after > quotas[q].max) ok = false;
      }
    }
    for (const v of vs) {
      for (const q of memberOf[v]) {
        if (ok) count[q] += delta[q];
        delta[q] = 0;
      }
    }
    return ok;
  };

  const steps = Math.min(MAX_SWAPS, Math.max(MIN_SWAPS, SWAPS_PER_VOLUNTEER * memberOf.length));
  for (let step = 0; step < steps; step++) {
    // A mixture of two symmetric proposals is symmetric; with "keep it iff the quotas hold", uniform is stationary.
    if (k >= 2 && rest >= 2 && random.below(PAIR_SWAP_ONE_IN) === 0) {
      // Two different members out and two different others in, each pair uniformly.
      const i1 = random.below(k);
      let i2 = random.below(k - 1);
      if (i2 >= i1) i2++;
      const j1 = random.below(rest);
      let j2 = random.below(rest - 1);
      if (j2 >= j1) j2++;
      const [a1, a2, b1, b2] = [seated[i1], seated[i2], unseated[j1], unseated[j2]];
      move(a1, -1);
      move(a2, -1);
      move(b1, 1);
      move(b2, 1);
      if (!holds([a1, a2, b1, b2])) continue;
      [seated[i1], seated[i2], unseated[j1], unseated[j2]] = [b1, b2, a1, a2];
    } else {
      const i = random.below(k);
      const j = random.below(rest);
      const a = seated[i];
      const b = unseated[j];
      let ok = true;
      for (let c = 0; c < categories.length && ok; c++) {
        const qa = quotaIn[a][c];
        const qb = quotaIn[b][c];
        if (qa === qb) continue;
        if (qa >= 0 && count[qa] - 1 < quotas[qa].min) ok = false;
        if (qb >= 0 && count[qb] + 1 > quotas[qb].max) ok = false;
      }
      if (!ok) continue;
      for (let c = 0; c < categories.length; c++) {
        const qa = quotaIn[a][c];
        const qb = quotaIn[b][c];
        if (qa === qb) continue;
        if (qa >= 0) count[qa]--;
        if (qb >= 0) count[qb]++;
      }
      seated[i] = b;
      unseated[j] = a;
    }
  }
}

// ---------------------------------------------------------------- the draw

/** Draws the panel and orders the reserves; `limits` exists for tests of each way of finding the first panel. */
export function drawPanel(input: DrawInput, limits: { repairSteps?: number; searchNodes?: number } = {}): DrawResult {
  const volunteers = [...input.volunteers].sort((a, b) => byCodeUnits(a.id, b.id));
  const quotas = [...input.quotas].sort(quotaOrder);
  const problems = checkInput(input, volunteers, quotas);
  if (problems.length) return { ok: false, problems };

  const model = modelOf(volunteers, quotas);
  const random = seededRandom(input.seed);
  const first = firstPanel(volunteers, model, input.panelSize, limits, random);
  if (first === 'tooLarge') return { ok: false, problems: [{ problem: 'searchTooLarge' }] };
  if ('conflict' in first) return { ok: false, problems: [{ problem: 'quotasConflict', quotas: first.conflict }] };
  const { seated } = first;
  const inPanel = new Set(seated);
  const unseated = volunteers.flatMap((_, v) => (inPanel.has(v) ? [] : [v]));
  mix(model, seated, unseated, random);

  const reserves = shuffle(unseated.sort((a, b) => a - b), random).map((v) => volunteers[v].id);
  return {
    ok: true,
    panel: seated.sort((a, b) => a - b).map((v) => volunteers[v].id),
    reserves: input.reserveCount === undefined || input.reserveCount === null ? reserves : reserves.slice(0, input.reserveCount),
    algorithm: SORTITION_ALGORITHM,
  };
}

/**
 * Who is invited when a member declines: the first reserve, in order, who in the leaver's place
 * keeps every quota met. When no reserve does, the first of those that leave the fewest quotas
 * unmet, so the panel stays as near its quotas as the reserves allow (and is filled all the same).
 * Undefined when no reserve is left. Reserves already seated, and the leaver, are passed over.
 */
export function nextReserve(input: { volunteers: Volunteer[]; quotas: Quota[]; seated: string[]; reserves: string[]; leaving: string }): string | undefined {
  const profiles = new Map(input.volunteers.map((v) => [v.id, v.profile]));
  const staying = new Set(input.seated.filter((id) => id !== input.leaving));
  const base = input.quotas.map((q) => [...staying].filter((id) => counts(profiles.get(id) ?? {}, q)).length);
  let best: { id: string; unmet: number } | undefined;
  for (const id of input.reserves) {
    if (id === input.leaving || staying.has(id)) continue;
    const profile = profiles.get(id) ?? {};
    const unmet = input.quotas.filter((q, i) => {
      const n = base[i] + (counts(profile, q) ? 1 : 0);
      return n < q.min || n > q.max;
    }).length;
    if (unmet === 0) return id;
    if (!best || unmet < best.unmet) best = { id, unmet };
  }
  return best?.id;
}

// ---------------------------------------------------------------- what gets published

/** JSON with every object's keys sorted, so the same data always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => byCodeUnits(a, b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The whole input of a draw as deterministic JSON (volunteers by id, quotas by category and
 * answer, keys sorted, the algorithm named), to publish so that anyone can re-run the draw.
 */
export function canonicalSnapshot(input: DrawInput): string {
  return canonicalJson({
    algorithm: SORTITION_ALGORITHM,
    seed: input.seed,
    panelSize: input.panelSize,
    reserveCount: input.reserveCount ?? null,
    quotas: [...input.quotas].sort(quotaOrder).map(({ category, value, min, max }) => ({ category, value, min, max })),
    volunteers: [...input.volunteers].sort((a, b) => byCodeUnits(a.id, b.id)).map(({ id, profile }) => ({ id, profile })),
  });
}

/** SHA-256 of the snapshot, in hex: short enough to read out, and to check a published snapshot against. */
export function snapshotDigest(snapshot: string): string {
  return createHash('sha256').update(snapshot, 'utf8').digest('hex');
}
