import { createHash } from 'node:crypto';
import { compareProjectIds, type Election } from './election';
import { parseDecimal } from './rational';
import { TALLY_ALGORITHM, type TallyResult } from './tally';

/**
 * What to publish beside a result so anyone can check it: the SHA-256 of a canonical JSON of
 * everything the outcome depends on (algorithm, rule, its parameters, the panel's weight and
 * scores where they weighed in, the ballots' digest) and the winners. The same ballots and
 * settings always give the same text, whatever order the ballots or projects came in.
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A decimal written one way only: "100000.00" and "100000" are both "100000". */
function canonicalDecimal(text: string): string {
  const parsed = parseDecimal(text);
  if (!parsed) return text;
  const digits = parsed.units.toString().padStart(parsed.scale + 1, '0');
  const whole = digits.slice(0, digits.length - parsed.scale);
  const fraction = digits.slice(digits.length - parsed.scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * SHA-256 (hex) of the ballots as a multiset: each ballot as its project ids in canonical order
 * (with their points, for cumulative ballots), the lines sorted. Voter ids and the other columns
 * are left out, so an anonymised export has the digest of the ballots it came from.
 */
export function ballotsDigest(election: Election): string {
  const lines = election.ballots.map((ballot) => {
    const entries = ballot.projects.map((id, i) => (ballot.points ? `${JSON.stringify(id)}:${canonicalDecimal(ballot.points[i] ?? '')}` : JSON.stringify(id)));
    const order = ballot.projects.map((_, i) => i).sort((a, b) => compareProjectIds(ballot.projects[a], ballot.projects[b]));
    return order.map((i) => entries[i]).join(',');
  });
  lines.sort();
  const hash = createHash('sha256').update(`${election.voteType}\n`, 'utf8');
  for (const line of lines) hash.update(`${line}\n`, 'utf8');
  return hash.digest('hex');
}

/** JSON with every object's keys sorted, so the same data always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical JSON of a result (rule, parameters, ballots digest, winners) and its SHA-256. */
export function resultDigest(election: Election, result: TallyResult): { canonical: string; sha256: string } {
  const canonical = canonicalJson({
    algorithm: TALLY_ALGORITHM,
    rule: result.rule,
    parameters: {
      budget: canonicalDecimal(election.budget),
      voteType: election.voteType,
      threshold: result.threshold === undefined ? undefined : canonicalDecimal(result.threshold),
      // Only where the panel weighed in, so results counted by the vote alone keep their digests.
      panel: result.panel && {
        weightPercent: result.panel.weightPercent,
        scores: Object.entries(result.panel.scores)
          .sort(([a], [b]) => compareProjectIds(a, b))
          .map(([id, score]) => [id, score === null ? null : canonicalDecimal(score)]),
      },
      projects: [...election.projects].sort((a, b) => compareProjectIds(a.id, b.id)).map((p) => [p.id, canonicalDecimal(p.cost)]),
    },
    voters: election.ballots.length,
    ballots: ballotsDigest(election),
    winners: [...result.selected].sort(compareProjectIds),
  });
  return { canonical, sha256: sha256(canonical) };
}
