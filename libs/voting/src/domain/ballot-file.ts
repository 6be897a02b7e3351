import type { BallotMethod, Choice } from './ballot';
import type { Election } from './election';

/** Pence as the decimal text pabulib files carry ("1250.50" for £1,250.50). */
export function pounds(pence: number): string {
  const whole = Math.trunc(pence / 100);
  const part = Math.abs(pence % 100);
  return part ? `${whole}.${String(part).padStart(2, '0')}` : String(whole);
}

export interface PaperForTally {
  /** Where it is (fund, round, lot), for the file's description. */
  description: string;
  budgetPence: number;
  projects: Array<{ id: string; costPence: number; name: string }>;
}

/**
 * One ballot paper's confirmed ballots as an election: what the tally counts and what is published
 * as a pabulib file. Each ballot is listed under its receipt's published id (never the voter's),
 * with no other column about the voter. Knapsack and ranked ballots are sets of chosen projects
 * (in the voter's order, for ranked ones); cumulative ones carry their points.
 */
export function electionOf(paper: PaperForTally, method: BallotMethod, rule: string, ballots: Array<{ publishedId: string; choices: Choice[] }>, meta: Record<string, string> = {}): Election {
  const voteType = method === 'cumulative' ? 'cumulative' : method === 'ranked' ? 'ordinal' : 'approval';
  const known = new Set(paper.projects.map((p) => p.id));
  return {
    meta: {
      description: paper.description,
      num_projects: String(paper.projects.length),
      num_votes: String(ballots.length),
      budget: pounds(paper.budgetPence),
      vote_type: voteType,
      rule,
      currency: 'GBP',
      ...meta,
    },
    budget: pounds(paper.budgetPence),
    voteType,
    projects: paper.projects.map((p) => ({ id: p.id, cost: pounds(p.costPence), fields: { name: p.name } })),
    ballots: ballots.map((b) => {
      // A project taken off the ballot after the vote (withdrawn) is not counted.
      const choices = b.choices.filter((c) => known.has(c.projectId));
      return { voterId: b.publishedId, projects: choices.map((c) => c.projectId), ...(method === 'cumulative' ? { points: choices.map((c) => String(c.points)) } : {}) };
    }),
  };
}
