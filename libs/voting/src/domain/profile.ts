import { compareProjectIds, type Election } from './election';
import { parseDecimal, toUnits } from './rational';
import { VotingErrorCode, VotingException } from './voting.exception';

/**
 * An election made ready to count: projects in their canonical order (by id, so the order they
 * were listed in never matters), money in whole units of the smallest decimal place used, and
 * voters with identical ballots merged into one group with a count (identical ballots always pay
 * identically under every rule here, so they need only be counted once).
 */
export interface Profile {
  voteType: 'approval' | 'cumulative';
  /** Decimal places of money: costs and budget are whole multiples of 10^-scale. */
  scale: number;
  budget: bigint;
  /** Decimal places of points (0 for approval, where every supporter counts 1). */
  pointScale: number;
  voters: number;
  projects: ProfileProject[];
  groups: {
    /** Voters in each group; groups in the canonical order of their ballots. */
    count: Float64Array;
    /** Group g's supported projects (indices into `projects`) are project[start[g]] .. project[start[g + 1] - 1], with their weights beside them. */
    start: Int32Array;
    project: Int32Array;
    weight: Float64Array;
  };
}

export interface ProfileProject {
  id: string;
  cost: bigint;
  /** The cost as a double (exact below 2^53 units). */
  costNumber: number;
  /** Votes for approval, total points (in units of 10^-pointScale) for cumulative. */
  support: bigint;
  /** Voters giving it anything. */
  supporters: number;
  /** The groups supporting it, and how much each of their voters gives it (1 for approval; points in units). */
  groups: Int32Array;
  weights: Float64Array;
}

export function profileOf(election: Election): Profile {
  const voteType = election.voteType;
  if (voteType !== 'approval' && voteType !== 'cumulative') {
    throw new VotingException(VotingErrorCode.CannotTally, `ballots of vote_type "${voteType}" cannot be counted; approval and cumulative can`);
  }
  const scale = Math.max(decimals(election.budget), ...election.projects.map((p) => decimals(p.cost)));
  const sorted = [...election.projects].sort((a, b) => compareProjectIds(a.id, b.id));
  const index = new Map(sorted.map((p, i) => [p.id, i]));
  if (index.size !== sorted.length) throw new VotingException(VotingErrorCode.CannotTally, 'a project id is listed twice');
  const cumulative = voteType === 'cumulative';
  let pointScale = 0;
  if (cumulative) for (const b of election.ballots) for (const p of b.points ?? []) pointScale = Math.max(pointScale, decimals(p));

  // Group identical ballots: a hash table over the sorted (project, weight) lists themselves.
  const groups = new BallotGroups();
  let longest = 0;
  for (const ballot of election.ballots) longest = Math.max(longest, ballot.projects.length);
  const ps = new Int32Array(longest);
  const ws = new Float64Array(longest);
  for (const ballot of election.ballots) {
    let n = 0;
    const ids = ballot.projects;
    for (let i = 0; i < ids.length; i++) {
      const p = index.get(ids[i]);
      if (p === undefined) throw new VotingException(VotingErrorCode.CannotTally, `voter "${ballot.voterId}" votes for project "${ids[i]}", which is not in the election`);
      const weight = cumulative ? pointUnits(ballot, i, pointScale) : 1;
      if (weight <= 0) continue;
      // Insertion sort: ballots are short.
      let j = n++;
      while (j > 0 && ps[j - 1] > p) {
        ps[j] = ps[j - 1];
        ws[j] = ws[j - 1];
        j--;
      }
      if (j > 0 && ps[j - 1] === p) throw new VotingException(VotingErrorCode.CannotTally, `voter "${ballot.voterId}" votes for project "${ids[i]}" twice`);
      ps[j] = p;
      ws[j] = weight;
    }
    groups.add(ps, ws, n);
  }
  // Groups in an order that depends on their ballots alone, never on the order the ballots came in.
  const order = groups.canonicalOrder();
  const G = order.length;
  const count = new Float64Array(G);
  const start = new Int32Array(G + 1);
  const project = new Int32Array(groups.entries);
  const weight = new Float64Array(groups.entries);
  const perProject = new Int32Array(sorted.length);
  let at = 0;
  for (let h = 0; h < G; h++) {
    const g = order[h];
    count[h] = groups.count[g];
    start[h] = at;
    for (let e = groups.first[g], end = e + groups.length[g]; e < end; e++, at++) {
      project[at] = groups.project[e];
      weight[at] = groups.weight[e];
      perProject[project[at]]++;
    }
  }
  start[G] = at;
  const projects: ProfileProject[] = sorted.map((p, i) => {
    const cost = toUnits(p.cost, scale);
    return { id: p.id, cost, costNumber: Number(cost), support: 0n, supporters: 0, groups: new Int32Array(perProject[i]), weights: new Float64Array(perProject[i]) };
  });
  const filled = new Int32Array(sorted.length);
  const support = new Float64Array(sorted.length);
  for (let g = 0; g < G; g++) {
    for (let e = start[g]; e < start[g + 1]; e++) {
      const p = project[e];
      const into = projects[p];
      into.groups[filled[p]] = g;
      into.weights[filled[p]++] = weight[e];
      into.supporters += count[g];
      support[p] += count[g] * weight[e];
    }
  }
  projects.forEach((project, i) => {
    // Sums of whole numbers below 2^53 are exact in doubles; past that, add them up again exactly.
    if (support[i] < Number.MAX_SAFE_INTEGER) project.support = BigInt(support[i]);
    else for (let k = 0; k < project.groups.length; k++) project.support += BigInt(count[project.groups[k]]) * BigInt(project.weights[k]);
  });
  return {
    voteType,
    scale,
    budget: toUnits(election.budget, scale),
    pointScale,
    voters: election.ballots.length,
    projects,
    groups: { count, start, project, weight },
  };
}

/** The points ballot gives its i-th project, in whole units of 10^-pointScale. */
function pointUnits(ballot: Election['ballots'][number], i: number, pointScale: number): number {
  const text = ballot.points?.[i];
  if (text === undefined) throw new VotingException(VotingErrorCode.CannotTally, `voter "${ballot.voterId}" gives no points to project "${ballot.projects[i]}"`);
  // Whole points, nearly always: no need for BigInt.
  if (pointScale === 0 && text.length <= 15 && /^\d+$/.test(text)) return Number(text);
  const parsed = parseDecimal(text);
  if (!parsed) throw new VotingException(VotingErrorCode.CannotTally, `voter "${ballot.voterId}" gives "${text}" points, not a non-negative number`);
  const units = Number(toUnits(text, pointScale));
  if (!Number.isSafeInteger(units)) throw new VotingException(VotingErrorCode.CannotTally, `voter "${ballot.voterId}" gives too many points`);
  return units;
}

function decimals(text: string): number {
  const parsed = parseDecimal(text);
  if (!parsed) throw new VotingException(VotingErrorCode.CannotTally, `"${text}" is not a non-negative decimal number`);
  return parsed.scale;
}

/**
 * Distinct ballots (sorted lists of project indices with their weights) and how many voters cast
 * each: open addressing on a hash of the list, lists compared in full on a hash match.
 */
class BallotGroups {
  count: number[] = [];
  first: number[] = [];
  length: number[] = [];
  hash: number[] = [];
  project: number[] = [];
  weight: number[] = [];
  entries = 0;
  private table = new Int32Array(1 << 10).fill(-1);

  add(ps: Int32Array, ws: Float64Array, n: number): void {
    const h = listHash(ps, ws, n);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const g = this.table[slot];
      if (g < 0) break;
      if (this.hash[g] === h && this.sameList(g, ps, ws, n)) {
        this.count[g]++;
        return;
      }
    }
    const g = this.count.length;
    this.count.push(1);
    this.first.push(this.entries);
    this.length.push(n);
    this.hash.push(h);
    for (let i = 0; i < n; i++) {
      this.project.push(ps[i]);
      this.weight.push(ws[i]);
    }
    this.entries += n;
    if (2 * (g + 1) > this.table.length) this.grow();
    else this.place(g);
  }

  /** The groups sorted by hash, then (for equal hashes) by their lists. */
  canonicalOrder(): Int32Array {
    const G = this.count.length;
    const bits = Math.max(1, Math.ceil(Math.log2(G + 1)));
    const order = new Int32Array(G);
    if (32 + bits <= 53) {
      // Hash and index packed into one double, exactly: a plain numeric sort, no comparator.
      const packed = new Float64Array(G);
      for (let g = 0; g < G; g++) packed[g] = (this.hash[g] >>> 0) * 2 ** bits + g;
      packed.sort();
      for (let i = 0; i < G; i++) order[i] = packed[i] % 2 ** bits;
    } else {
      for (let g = 0; g < G; g++) order[g] = g;
      order.sort((a, b) => (this.hash[a] >>> 0) - (this.hash[b] >>> 0) || a - b);
    }
    // Runs of equal hashes (rare) are put in the order of their lists.
    for (let i = 0; i < G; ) {
      let j = i + 1;
      while (j < G && this.hash[order[j]] === this.hash[order[i]]) j++;
      if (j - i > 1) order.subarray(i, j).sort((a, b) => this.compareLists(a, b));
      i = j;
    }
    return order;
  }

  private sameList(g: number, ps: Int32Array, ws: Float64Array, n: number): boolean {
    if (this.length[g] !== n) return false;
    for (let i = 0, e = this.first[g]; i < n; i++, e++) if (this.project[e] !== ps[i] || this.weight[e] !== ws[i]) return false;
    return true;
  }

  private compareLists(a: number, b: number): number {
    const n = Math.min(this.length[a], this.length[b]);
    for (let i = 0; i < n; i++) {
      const [x, y] = [this.first[a] + i, this.first[b] + i];
      if (this.project[x] !== this.project[y]) return this.project[x] - this.project[y];
      if (this.weight[x] !== this.weight[y]) return this.weight[x] - this.weight[y];
    }
    return this.length[a] - this.length[b];
  }

  private place(g: number): void {
    const mask = this.table.length - 1;
    let slot = this.hash[g] & mask;
    while (this.table[slot] >= 0) slot = (slot + 1) & mask;
    this.table[slot] = g;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    for (let g = 0; g < this.count.length; g++) this.place(g);
  }
}

/** A 32-bit hash of a (project, weight) list: FNV-1a over the numbers, then murmur3's finaliser. */
function listHash(ps: Int32Array, ws: Float64Array, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ ps[i], 0x01000193);
    const w = ws[i];
    if (w !== 1) {
      h = Math.imul(h ^ (w % 0x100000000), 0x01000193);
      h = Math.imul(h ^ Math.floor(w / 0x100000000), 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
