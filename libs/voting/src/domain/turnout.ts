import { postcodeDistrict } from '@commonpurse/kernel';
import { ageOn } from './eligibility';

/**
 * Who voted on a ballot paper, for the public results page: how many ballots, online and on
 * paper, by postcode district and by age band, so anyone can see whether seldom-heard groups
 * took part. Areas are postcode districts ("BS5"), not wards: this service holds no ONS
 * postcode-to-ward lookup. Worked out once, when the votes are counted, and kept with the result,
 * so a voter who later moves or corrects their date of birth does not change a published figure.
 */
export interface TurnoutVoter {
  /** The postcode on the voter's account when the votes were counted. */
  postcode: string | null;
  /** YYYY-MM-DD, as declared. */
  dateOfBirth: string | null;
  source: 'online' | 'paper';
}

export const AGE_BANDS = ['under-16', '16-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The age each band starts at, oldest first. */
const BAND_STARTS: Array<[number, AgeBand]> = [[65, '65+'], [55, '55-64'], [45, '45-54'], [35, '35-44'], [25, '25-34'], [16, '16-24'], [0, 'under-16']];

/**
 * A group's ballots as published: the exact number, or null for 1 to 4. A handful of ballots
 * from one district or age band could point to the people who cast them (a street's only
 * teenager, say), so such groups are shown only as "fewer than 5", the usual threshold in
 * published statistics. The overall total is always exact: it names nobody. (Where a breakdown
 * withholds a single group, its size can still be worked out from the total and the others;
 * the figure says only how many voted, never how.)
 */
export type PublishedCount = number | null;
export const WITHHELD_BELOW = 5;

export interface Turnout {
  ballots: number;
  online: PublishedCount;
  paper: PublishedCount;
  /** District by district (null: no postcode known), in order, the fund's own districts included even where nobody voted. */
  byDistrict: Array<{ district: string | null; ballots: PublishedCount }>;
  /** Age on the day the vote closed, youngest first (null: not known). */
  byAge: Array<{ band: AgeBand | null; ballots: PublishedCount }>;
  /** The day ages are reckoned on (the vote's closing day, UK time). */
  agesOn: string;
  withheldBelow: number;
}

export function publishedCount(n: number): PublishedCount {
  return n > 0 && n < WITHHELD_BELOW ? null : n;
}

/**
 * The age band on the closing day. A declared age below the round's minimum could not have
 * voted: the declaration has changed since, so that age is not known. "Under 16" is a band only
 * where the round lets younger people vote.
 */
export function ageBand(dateOfBirth: string | null, closesOn: string, minimumAge: number): AgeBand | null {
  if (!dateOfBirth) return null;
  const age = ageOn(dateOfBirth, closesOn);
  if (age < minimumAge) return null;
  return BAND_STARTS.find(([from]) => age >= from)![1];
}

export function turnout(voters: TurnoutVoter[], round: { closesOn: string; minimumAge: number; districts: string[] }): Turnout {
  const districts = new Map<string | null, number>(round.districts.map((d) => [d, 0]));
  const ages = new Map<AgeBand | null, number>(AGE_BANDS.filter((b) => b !== 'under-16' || round.minimumAge < 16).map((b) => [b, 0]));
  for (const v of voters) {
    const district = (v.postcode && postcodeDistrict(v.postcode)) || null;
    districts.set(district, (districts.get(district) ?? 0) + 1);
    const band = ageBand(v.dateOfBirth, round.closesOn, round.minimumAge);
    ages.set(band, (ages.get(band) ?? 0) + 1);
  }
  const online = voters.filter((v) => v.source === 'online').length;
  return {
    ballots: voters.length,
    online: publishedCount(online),
    paper: publishedCount(voters.length - online),
    byDistrict: [...districts]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en', { numeric: true })))
      .map(([district, n]) => ({ district, ballots: publishedCount(n) })),
    byAge: [...AGE_BANDS, null].filter((b) => ages.has(b)).map((band) => ({ band, ballots: publishedCount(ages.get(band)!) })),
    agesOn: round.closesOn,
    withheldBelow: WITHHELD_BELOW,
  };
}
