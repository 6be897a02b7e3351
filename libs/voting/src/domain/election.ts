/**
 * An election as the tally sees it: one budget, its projects, its ballots. A district or a lot
 * with its own budget is an election of its own. Amounts are decimal text, exactly as written
 * (the engine parses them without rounding); project ids are text ("10", "M/01/X").
 */
export interface Project {
  id: string;
  /** Non-negative decimal text, e.g. "4800000" or "15000.50". */
  cost: string;
  /** The PROJECTS row's other columns (name, votes, selected, ...), as written. */
  fields?: Record<string, string>;
}

export interface Ballot {
  voterId: string;
  /** Project ids; in preference order for ordinal ballots. Empty: the voter still counts. */
  projects: string[];
  /** Cumulative (and scoring) ballots: the points given to each of `projects`, as decimal text. */
  points?: string[];
  /** The VOTES row's other columns (age, sex, voting_method, ...), as written. */
  fields?: Record<string, string>;
}

export interface Election {
  /** Every META row, in file order (budget, vote_type, rule, min_project_score_threshold, ...). */
  meta: Record<string, string>;
  /** Decimal text. */
  budget: string;
  /** META vote_type: 'approval' and 'cumulative' can be tallied; others are read and written only. */
  voteType: string;
  projects: Project[];
  ballots: Ballot[];
}

/** The allocation rules, as pabulib names them in META `rule`. */
export const RULES = ['greedy', 'greedy-threshold', 'equalshares', 'equalshares/add1', 'equalshares/add1-comparison'] as const;
export type Rule = (typeof RULES)[number];

export const isRule = (value: unknown): value is Rule => typeof value === 'string' && (RULES as readonly string[]).includes(value);

/** Project ids in their one canonical order: whole numbers by value ("9" before "10"), then the rest by code units. */
export function compareProjectIds(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) {
    const [x, y] = [BigInt(a), BigInt(b)];
    if (x !== y) return x < y ? -1 : 1;
  } else if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
