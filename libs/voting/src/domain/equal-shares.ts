import { compareProjectIds } from './election';
import { type Profile } from './profile';
import { Rational } from './rational';

/**
 * The Method of Equal Shares (ALGORITHMS.md): every voter gets an equal share of the money;
 * round by round the project whose supporters can pay for it at the lowest price per unit of
 * utility ρ is bought, each supporter paying min(what they have left, ρ·u), until no project's
 * supporters have enough left between them. Utility: the cost for approval ballots (so every
 * supporter pays the same, ρ·cost), the points given for cumulative ones. Equal prices go to the
 * lower cost, then the more support, then the project id.
 *
 * Exact, and fast. Prices are worked out in doubles, each with a bound on its rounding error
 * (far wider than doubles ever stray here); whenever a choice depends on figures closer than
 * their bounds (two prices nearly equal, a project's supporters having very nearly its cost),
 * that choice is made again in exact fractions, replaying the rounds so far exactly to get every
 * voter's exact remaining money. Real elections need that rarely. A tie is reported only when
 * the prices are exactly equal, which only the fractions can tell.
 *
 * Speed-ups that keep it exact: voters with identical ballots are one group with a count (they
 * always hold the same money); a project's price only rises from round to round (money only goes
 * down), so each round looks at projects in the order of their last price and stops at the first
 * whose last price is already above the best found, rather than pricing every project; and a
 * price is found by Newton's method on the piecewise-linear "what the supporters pay at price ρ",
 * starting from the last price: whoever could not pay that pays all they have, the rest share
 * what remains, and again until no one else drops out (one or two passes over the supporters).
 */

/** Relative bound on the rounding error of a double price: some 10⁶ times what it can reach here. */
const TOLERANCE = 1e-9;
/** Newton passes before the remaining supporters are sorted instead (only for pathological spreads of money). */
const NEWTON_PASSES = 24;

export interface MesRound {
  project: number;
  /** The price paid per supporter (approval) or per point (cumulative), in money units, as a double. */
  price: number;
  /** Voters who paid all they had left. */
  paidInFull: number;
  /** Projects that had exactly the same price in this round, and what chose between them. */
  tie?: { tiedWith: number[]; brokenBy: 'cost' | 'support' | 'id' };
}

export interface MesRun {
  /** Projects bought, in the order of the rounds. */
  winners: number[];
  rounds: MesRound[];
  cost: bigint;
  /** Each group's voters' money left at the end (per voter, money units). */
  left: Float64Array;
  /** Stopped as soon as the cost went above `stopAbove`: `winners` is then only a beginning. */
  stoppedAbove: boolean;
  /** Rounds in which some choice was made in exact arithmetic. */
  exactRounds: number;
  /** Prices worked out in doubles, and the supporter groups they went through (how much work the run took). */
  pricings: number;
  entries: number;
  /** With `exactOnly`: each group's voters' exact money left. */
  exactLeft?: Rational[];
}

export interface MesOptions {
  /** Stop as soon as the projects bought cost more than this (add1 needs to know no more). */
  stopAbove?: bigint;
  /** Decide everything in exact arithmetic (a slow reference, for tests). */
  exactOnly?: boolean;
}

interface ExactPrice {
  /** Price per unit of weight (money per supporter for approval, per point for cumulative). */
  t: Rational;
  /** The price compared across projects: t/cost for approval, t for cumulative. */
  rho: Rational;
}

type TieBreak = 'cost' | 'support' | 'id';

/** Runs equal shares with `endowment` (money units, exact) for every voter. */
export function equalShares(profile: Profile, endowment: Rational, options: MesOptions = {}): MesRun {
  return new EqualShares(profile, endowment, options).run();
}

class EqualShares {
  private readonly P: number;
  private readonly G: number;
  private readonly approval: boolean;
  private readonly count: Float64Array;
  private countBigCache: bigint[] | undefined;
  private readonly left: Float64Array;
  private readonly endowmentNumber: number;
  /** Error scale of each project's price: cost plus what its supporters started with. */
  private readonly moneyScale: Float64Array;
  private readonly scratch: Int32Array;

  // Results of the last evalFloat.
  private t = 0;
  private rho = 0;
  private err = 0;

  private exact: Rational[] | null = null;
  private exactUpTo = 0;
  private readonly rounds: MesRound[] = [];
  private exactRounds = 0;
  private exactCache = new Map<number, ExactPrice | null>();
  private lastExactRound = -1;
  private pricings = 0;
  private entries = 0;

  constructor(
    private readonly profile: Profile,
    private readonly endowment: Rational,
    private readonly options: MesOptions,
  ) {
    this.P = profile.projects.length;
    this.G = profile.groups.count.length;
    this.approval = profile.voteType === 'approval';
    this.count = profile.groups.count;
    this.endowmentNumber = endowment.toNumber();
    this.left = new Float64Array(this.G).fill(this.endowmentNumber);
    this.moneyScale = Float64Array.from(profile.projects, (p) => p.costNumber + this.endowmentNumber * p.supporters);
    this.scratch = new Int32Array(Math.max(1, ...profile.projects.map((p) => p.groups.length)));
  }

  run(): MesRun {
    return this.options.exactOnly ? this.runExactly() : this.runFast();
  }

  // ------------------------------------------------------------ the fast path

  private runFast(): MesRun {
    const { projects } = this.profile;
    const rho = new Float64Array(this.P);
    const err = new Float64Array(this.P);
    const low = new Float64Array(this.P); // a lower bound on each project's price from now on
    const price = new Float64Array(this.P); // t from the last pricing
    const lowT = new Float64Array(this.P); // a lower bound on t from now on: where Newton's method may start
    let alive = projects.map((_, p) => p);
    const winners: number[] = [];
    let cost = 0n;

    for (let round = 0; alive.length > 0; ) {
      this.exactCache.clear();
      alive.sort((a, b) => low[a] - low[b] || a - b);
      let best = -1;
      const priced: number[] = [];
      const dead = new Set<number>();
      for (const p of alive) {
        if (best >= 0 && low[p] > rho[best] + err[best]) break;
        // In the first round of approval every voter has the same money: no need to go through them.
        const status = round === 0 && this.approval ? this.evalFresh(p) : this.evalFloat(p, lowT[p]);
        if (status === UNAFFORDABLE) {
          dead.add(p);
          continue;
        }
        if (status === UNCERTAIN) {
          const exact = this.exactPrice(p, round);
          if (!exact) {
            dead.add(p);
            continue;
          }
          this.t = exact.t.toNumber();
          this.rho = exact.rho.toNumber();
          this.err = Math.abs(this.rho) * 1e-15;
        }
        rho[p] = this.rho;
        err[p] = this.err;
        price[p] = this.t;
        lowT[p] = Math.max(0, this.t - (this.approval ? this.err * this.profile.projects[p].costNumber : this.err));
        low[p] = this.rho - this.err;
        priced.push(p);
        if (best < 0 || rho[p] < rho[best]) best = p;
      }
      if (dead.size) alive = alive.filter((p) => !dead.has(p));
      if (best < 0) break;

      const near = priced.filter((p) => low[p] <= rho[best] + err[best]);
      let winner = best;
      let tie: MesRound['tie'];
      if (near.length > 1) {
        const choice = this.chooseExactly(near, round);
        if (choice.dropped.length) alive = alive.filter((p) => !choice.dropped.includes(p));
        if (choice.winner < 0) continue; // all the close ones were unaffordable after all: price the rest again
        winner = choice.winner;
        tie = choice.tie;
      }
      const exact = this.exactCache.get(winner);
      const t = exact ? exact.t.toNumber() : price[winner];
      this.rounds.push({ project: winner, price: t, paidInFull: this.chargeFloat(winner, t), ...(tie ? { tie } : {}) });
      winners.push(winner);
      alive = alive.filter((p) => p !== winner);
      cost += projects[winner].cost;
      round++;
      if (this.options.stopAbove !== undefined && cost > this.options.stopAbove) return this.result(winners, cost, true);
    }
    return this.result(winners, cost, false);
  }

  private result(winners: number[], cost: bigint, stoppedAbove: boolean): MesRun {
    return { winners, rounds: this.rounds, cost, left: this.left, stoppedAbove, exactRounds: this.exactRounds, pricings: this.pricings, entries: this.entries, ...(this.options.exactOnly ? { exactLeft: this.exact! } : {}) };
  }

  /**
   * Prices project p from the doubles: sets this.t, this.rho and this.err (a bound on the error
   * in rho), and says whether its supporters can pay for it, cannot, or have too nearly its cost
   * for doubles to tell.
   */
  private evalFloat(p: number, tStart: number): number {
    const project = this.profile.projects[p];
    const gs = project.groups;
    const ws = project.weights;
    const c = project.costNumber;
    const left = this.left;
    const count = this.count;
    const idx = this.scratch;
    this.pricings++;
    this.entries += gs.length;
    // Those who cannot pay even at tStart (a lower bound on t) pay all they have: the first Newton step.
    let n = 0;
    let money = 0;
    let full = 0;
    let weight = 0;
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k];
      const b = left[g];
      if (b <= 0) continue;
      money += count[g] * b;
      if (b < tStart * ws[k]) full += count[g] * b;
      else {
        idx[n++] = k;
        weight += count[g] * ws[k];
      }
    }
    const slack = TOLERANCE * this.moneyScale[p];
    if (money < c - slack) return UNAFFORDABLE;
    if (money <= c + slack) return UNCERTAIN;
    if (c === 0) {
      this.t = this.rho = this.err = 0;
      return AFFORDABLE;
    }
    if (weight <= 0) return UNCERTAIN;
    let t = (c - full) / weight;
    let passes = 0;
    for (;;) {
      let m = 0;
      let removed = false;
      for (let i = 0; i < n; i++) {
        const k = idx[i];
        const g = gs[k];
        const b = left[g];
        if (b < t * ws[k]) {
          full += count[g] * b;
          weight -= count[g] * ws[k];
          removed = true;
        } else idx[m++] = k;
      }
      n = m;
      if (!removed) break;
      if (weight <= 0) return UNCERTAIN;
      t = (c - full) / weight;
      if (++passes === NEWTON_PASSES) {
        // Sorted by money per unit of weight, those who cannot pay at t come first.
        const rest = Array.from(idx.subarray(0, n)).sort((a, b) => left[gs[a]] / ws[a] - left[gs[b]] / ws[b]);
        for (const k of rest) {
          const g = gs[k];
          if (!(left[g] < t * ws[k])) break;
          full += count[g] * left[g];
          weight -= count[g] * ws[k];
          if (weight <= 0) return UNCERTAIN;
          t = (c - full) / weight;
        }
        break;
      }
    }
    this.t = t;
    const errT = (TOLERANCE * this.moneyScale[p]) / weight;
    this.rho = this.approval ? t / c : t;
    this.err = this.approval ? errT / c : errT;
    return AFFORDABLE;
  }

  /** Prices p while every voter still has the same money: from the counts alone (approval). */
  private evalFresh(p: number): number {
    const project = this.profile.projects[p];
    const c = project.costNumber;
    const m = project.supporters;
    const slack = TOLERANCE * this.moneyScale[p];
    const money = m * this.endowmentNumber;
    if (money < c - slack) return UNAFFORDABLE;
    if (money <= c + slack) return UNCERTAIN;
    if (c === 0) {
      this.t = this.rho = this.err = 0;
      return AFFORDABLE;
    }
    this.t = c / m;
    this.rho = this.t / c;
    this.err = (TOLERANCE * this.moneyScale[p]) / m / c;
    return AFFORDABLE;
  }

  /** Charges p's supporters at price t (doubles); returns how many voters paid all they had left. */
  private chargeFloat(p: number, t: number): number {
    const { groups: gs, weights: ws } = this.profile.projects[p];
    let paidInFull = 0;
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k];
      const b = this.left[g];
      if (b <= 0) continue;
      const pay = t * ws[k];
      if (b <= pay) {
        this.left[g] = 0;
        paidInFull += this.count[g];
      } else this.left[g] = b - pay;
    }
    return paidInFull;
  }

  /**
   * The projects in `near` priced exactly, the unaffordable ones dropped, the cheapest chosen
   * (ties: lower cost, more support, project id). winner -1 when none is affordable.
   */
  private chooseExactly(near: number[], round: number): { winner: number; tie?: MesRound['tie']; dropped: number[] } {
    const priced: Array<{ p: number; price: ExactPrice }> = [];
    const dropped: number[] = [];
    for (const p of near) {
      const price = this.exactPrice(p, round);
      if (price) priced.push({ p, price });
      else dropped.push(p);
    }
    if (priced.length === 0) return { winner: -1, dropped };
    const { projects } = this.profile;
    const order = (a: number, b: number): [number, TieBreak] => {
      const [x, y] = [projects[a], projects[b]];
      if (x.cost !== y.cost) return [x.cost < y.cost ? -1 : 1, 'cost'];
      if (x.support !== y.support) return [x.support > y.support ? -1 : 1, 'support'];
      return [compareProjectIds(x.id, y.id), 'id'];
    };
    priced.sort((a, b) => a.price.rho.cmp(b.price.rho) || order(a.p, b.p)[0]);
    const winner = priced[0].p;
    const tied = priced.filter((x) => x.p !== winner && x.price.rho.cmp(priced[0].price.rho) === 0).map((x) => x.p);
    return { winner, dropped, ...(tied.length ? { tie: { tiedWith: tied, brokenBy: order(winner, tied[0])[1] } } : {}) };
  }

  // ------------------------------------------------------------ exact arithmetic

  /** Group sizes as BigInts, made only when something is decided exactly. */
  private get countBig(): bigint[] {
    return (this.countBigCache ??= Array.from(this.count, (n) => BigInt(n)));
  }

  /** p's exact price in this round (null: its supporters cannot pay for it), replaying earlier rounds exactly first. */
  private exactPrice(p: number, round: number): ExactPrice | null {
    const cached = this.exactCache.get(p);
    if (cached !== undefined) return cached;
    this.catchUp(round);
    const price = this.priceExactly(p);
    this.exactCache.set(p, price);
    return price;
  }

  /** Brings the exact money of every group up to the start of `round`, and the doubles back in line with it. */
  private catchUp(round: number): void {
    if (!this.exact) this.exact = new Array<Rational>(this.G).fill(this.endowment);
    const replayed = this.exactUpTo < round;
    for (; this.exactUpTo < round; this.exactUpTo++) this.chargeExactly(this.rounds[this.exactUpTo].project);
    if (this.lastExactRound !== round) {
      this.lastExactRound = round;
      this.exactRounds++;
    }
    if (replayed) {
      const asNumber = new Map<Rational, number>();
      for (let g = 0; g < this.G; g++) {
        const b = this.exact[g];
        let x = asNumber.get(b);
        if (x === undefined) asNumber.set(b, (x = b.toNumber()));
        this.left[g] = x;
      }
    }
  }

  /** The supporters of p with money left, merged by (exact money, weight). */
  private holdings(p: number): Array<{ b: Rational; w: bigint; n: bigint }> {
    const { groups: gs, weights: ws } = this.profile.projects[p];
    const byMoney = new Map<Rational, Map<number, bigint>>();
    for (let k = 0; k < gs.length; k++) {
      const b = this.exact![gs[k]];
      if (b.num <= 0n) continue;
      let byWeight = byMoney.get(b);
      if (!byWeight) byMoney.set(b, (byWeight = new Map()));
      byWeight.set(ws[k], (byWeight.get(ws[k]) ?? 0n) + this.countBig[gs[k]]);
    }
    const out: Array<{ b: Rational; w: bigint; n: bigint }> = [];
    for (const [b, byWeight] of byMoney) for (const [w, n] of byWeight) out.push({ b, w: BigInt(w), n });
    return out;
  }

  /** The exact price of p on the current exact money, or null when its supporters have less than its cost. */
  private priceExactly(p: number): ExactPrice | null {
    const project = this.profile.projects[p];
    const c = Rational.of(project.cost);
    let rest = this.holdings(p);
    let money = Rational.ZERO;
    let weight = 0n;
    for (const h of rest) {
      money = money.add(h.b.mulInt(h.n));
      weight += h.n * h.w;
    }
    if (money.cmp(c) < 0) return null;
    if (project.cost === 0n) return { t: Rational.ZERO, rho: Rational.ZERO };
    let full = Rational.ZERO;
    let t = c.div(Rational.of(weight));
    for (;;) {
      const keep: typeof rest = [];
      for (const h of rest) {
        if (h.b.cmp(t.mulInt(h.w)) < 0) {
          full = full.add(h.b.mulInt(h.n));
          weight -= h.n * h.w;
        } else keep.push(h);
      }
      if (keep.length === rest.length) break;
      rest = keep;
      if (weight === 0n) break; // they pay exactly all they have: t is the largest money per weight, already reached
      t = c.sub(full).div(Rational.of(weight));
    }
    return { t, rho: this.approval ? t.div(c) : t };
  }

  /** Charges p's supporters exactly (p must be affordable). */
  private chargeExactly(p: number): Rational {
    const price = this.priceExactly(p);
    if (!price) throw new Error(`equal shares: project ${this.profile.projects[p].id} was bought but its supporters cannot pay for it`);
    const { groups: gs, weights: ws } = this.profile.projects[p];
    const after = new Map<Rational, Map<number, Rational>>();
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k];
      const b = this.exact![g];
      if (b.num <= 0n) continue;
      let byWeight = after.get(b);
      if (!byWeight) after.set(b, (byWeight = new Map()));
      let next = byWeight.get(ws[k]);
      if (!next) {
        const pay = price.t.mulInt(BigInt(ws[k]));
        next = b.cmp(pay) <= 0 ? Rational.ZERO : b.sub(pay);
        byWeight.set(ws[k], next);
      }
      this.exact![g] = next;
    }
    return price.t;
  }

  // ------------------------------------------------------------ the exact reference

  private runExactly(): MesRun {
    const { projects } = this.profile;
    this.exact = new Array<Rational>(this.G).fill(this.endowment);
    let alive = projects.map((_, p) => p);
    const winners: number[] = [];
    let cost = 0n;
    for (;;) {
      this.exactCache.clear();
      this.exactUpTo = this.rounds.length;
      const choice = this.chooseExactly(alive, this.rounds.length);
      alive = alive.filter((p) => !choice.dropped.includes(p));
      if (choice.winner < 0) break;
      const winner = choice.winner;
      const before = this.holdings(winner);
      const t = this.chargeExactly(winner);
      const paidInFull = before.reduce((sum, h) => sum + (h.b.cmp(t.mulInt(h.w)) <= 0 ? Number(h.n) : 0), 0);
      this.rounds.push({ project: winner, price: t.toNumber(), paidInFull, ...(choice.tie ? { tie: choice.tie } : {}) });
      this.exactUpTo = this.rounds.length;
      winners.push(winner);
      alive = alive.filter((p) => p !== winner);
      cost += projects[winner].cost;
      if (this.options.stopAbove !== undefined && cost > this.options.stopAbove) break;
    }
    for (let g = 0; g < this.G; g++) this.left[g] = this.exact[g].toNumber();
    return this.result(winners, cost, this.options.stopAbove !== undefined && cost > this.options.stopAbove);
  }
}

const AFFORDABLE = 0;
const UNAFFORDABLE = 1;
const UNCERTAIN = 2;
