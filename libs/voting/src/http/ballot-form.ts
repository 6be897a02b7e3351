import type { BallotMethod, GivenChoice } from '../domain/ballot';

const text = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');
const list = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * A ballot as the plain form posts it: ticked boxes (`choice`) for approval and knapsack ballots,
 * a points box per project (`points:<id>`) for cumulative ones, a rank box per project
 * (`rank:<id>`: 1 for the most wanted) for ranked ones. A box left blank is no choice; anything
 * else that is not a whole number comes through as NaN points, which the ballot check refuses.
 */
export function readBallotForm(method: BallotMethod, body: Record<string, unknown>): GivenChoice[] {
  if (method === 'approval' || method === 'knapsack') return list(body.choice).map((projectId) => ({ projectId }));
  const prefix = method === 'cumulative' ? 'points:' : 'rank:';
  const entries = Object.entries(body)
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, value]) => ({ projectId: name.slice(prefix.length), raw: text(value).trim() }))
    .filter((e) => e.raw !== '');
  const number = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : NaN);
  if (method === 'cumulative') return entries.map((e) => ({ projectId: e.projectId, points: number(e.raw) }));
  // Ranked: ordered by the rank given (ties and nonsense keep the page's order, and the check has the last word on length).
  return entries
    .map((e, i) => ({ ...e, rank: number(e.raw), i }))
    .sort((x, y) => (Number.isNaN(x.rank) ? Infinity : x.rank) - (Number.isNaN(y.rank) ? Infinity : y.rank) || x.i - y.i)
    .map((e) => ({ projectId: e.projectId }));
}
