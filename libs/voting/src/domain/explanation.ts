/**
 * Why each project was or was not funded, as data: stable reason codes (the web layer words
 * them, in each language), counts as numbers, money and points as decimal text.
 */

/** Projects that tied with this one where the rule had to choose, and the criterion that chose. */
export interface TieNote {
  tiedWith: string[];
  /** greedy: equal support, ordered by id. Hybrid: equal combined score, then more support, then id. Equal shares: equal price, then lower cost, more support, then id. */
  brokenBy: 'cost' | 'support' | 'id';
}

interface Base {
  projectId: string;
  cost: string;
  /** Votes (approval) or points (cumulative). */
  support: string;
  /** Voters who support it (approval: its votes; cumulative: voters giving it points). */
  supporters: number;
}

/** Greedy: selected at `rank` in the order of support, and it fitted in what was left. */
export interface GreedySelected extends Base {
  selected: true;
  reason: 'greedy';
  rank: number;
  /** Money left before it was selected. */
  available: string;
  tie?: TieNote;
}

/** Greedy: its turn came when too little money was left; short by `needed`. */
export interface BudgetExhausted extends Base {
  selected: false;
  reason: 'budget-exhausted';
  rank: number;
  available: string;
  needed: string;
  tie?: TieNote;
}

/** Greedy with a threshold: less support than the threshold, so it took no part. */
export interface BelowThreshold extends Base {
  selected: false;
  reason: 'below-threshold';
  threshold: string;
  /** Hybrid: the panel's score, shown though it took no part (null: the panel gave it none). */
  panelScore?: string | null;
}

/** What the hybrid rule weighed for a project. */
export interface PanelFigures {
  /** The panel's share of the combined score, in per cent; public support has the rest. */
  panelWeightPercent: number;
  /** The panel's score as counted; null where the panel gave it none (it counts 0). */
  panelScore: string | null;
  /** w × panel score / best panel score + (1 − w) × support / most support, to 3 places (decided on exactly). */
  combinedScore: string;
}

/** Hybrid: selected at `rank` in the order of combined score, and it fitted in what was left. */
export interface HybridSelected extends Base, PanelFigures {
  selected: true;
  reason: 'hybrid';
  rank: number;
  available: string;
  tie?: TieNote;
}

/** Hybrid: its turn came when too little money was left; short by `needed`. */
export interface HybridBudgetExhausted extends Base, PanelFigures {
  selected: false;
  reason: 'hybrid-budget-exhausted';
  rank: number;
  available: string;
  needed: string;
  tie?: TieNote;
}

/** Equal shares: bought in `round`, its supporters sharing the cost. */
export interface MesSelected extends Base {
  selected: true;
  reason: 'mes-round';
  round: number;
  /** Approval: what each supporter paid (those with less paid all they had left), rounded to the cent. */
  pricePerSupporter?: string;
  /** Cumulative: what each supporter paid per point given (those with less paid all they had left). */
  pricePerPoint?: string;
  /** Approval: cost / price per supporter, the number of supporters paying in full it was worth. */
  effectiveVotes?: string;
  /** Supporters who paid all they had left. */
  paidInFull: number;
  tie?: TieNote;
}

/** Equal shares: its supporters had too little money left between them to pay for it; short by `needed`. */
export interface Unaffordable extends Base {
  selected: false;
  reason: 'unaffordable';
  /** What its supporters had left at the end, rounded down to the cent. */
  supportersBudget: string;
  needed: string;
}

export type Explanation = GreedySelected | BudgetExhausted | BelowThreshold | HybridSelected | HybridBudgetExhausted | MesSelected | Unaffordable;
