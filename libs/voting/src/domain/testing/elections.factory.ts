import { type Election } from '../election';

/** Elections small enough to work out by hand, for the voting specs. Voters are v1, v2, ... */
export function approvalElection(input: { budget: string; projects: Record<string, string>; ballots: string[][]; meta?: Record<string, string> }): Election {
  return {
    meta: { budget: input.budget, vote_type: 'approval', ...input.meta },
    budget: input.budget,
    voteType: 'approval',
    projects: Object.entries(input.projects).map(([id, cost]) => ({ id, cost, fields: {} })),
    ballots: input.ballots.map((projects, i) => ({ voterId: `v${i + 1}`, projects })),
  };
}

/** Each ballot maps project ids to the points given, in the order written. */
export function cumulativeElection(input: { budget: string; projects: Record<string, string>; ballots: Array<Record<string, number | string>>; meta?: Record<string, string> }): Election {
  return {
    meta: { budget: input.budget, vote_type: 'cumulative', ...input.meta },
    budget: input.budget,
    voteType: 'cumulative',
    projects: Object.entries(input.projects).map(([id, cost]) => ({ id, cost, fields: {} })),
    ballots: input.ballots.map((points, i) => ({ voterId: `v${i + 1}`, projects: Object.keys(points), points: Object.values(points).map(String) })),
  };
}

/** The same election with its ballots and projects in another order (a seeded shuffle). */
export function reordered(election: Election, seed: number): Election {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const shuffled = <T>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return {
    ...election,
    projects: shuffled(election.projects),
    ballots: shuffled(election.ballots).map((b) => {
      const order = shuffled(b.projects.map((_, i) => i));
      return { ...b, projects: order.map((i) => b.projects[i]), ...(b.points ? { points: order.map((i) => b.points![i]) } : {}) };
    }),
  };
}
