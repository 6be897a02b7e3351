/**
 * Who may vote in a round: a resident of the fund's area (by the postcode on their account) who
 * has declared their date of birth and is old enough on the day the vote closes (so someone who
 * turns 16 during the vote may vote throughout it). Where the round asks for it, staff must also
 * have confirmed them against the council's list. Declared once per account, it serves every round.
 */
export type Verification = 'declaration' | 'council-list';
export const VERIFICATIONS: Verification[] = ['declaration', 'council-list'];

export type Standing = 'eligible' | 'noPostcode' | 'outsideArea' | 'noDateOfBirth' | 'tooYoung' | 'notConfirmed';

export interface Voter {
  postcode: string | null;
  /** YYYY-MM-DD, as declared. */
  dateOfBirth: string | null;
  /** Confirmed by staff against the council's list for this fund. */
  confirmed: boolean;
}

export function standing(voter: Voter, inArea: boolean, minimumAge: number, voteClosesOn: string, verification: Verification): Standing {
  if (!voter.postcode) return 'noPostcode';
  if (!inArea) return 'outsideArea';
  if (!voter.dateOfBirth) return 'noDateOfBirth';
  if (ageOn(voter.dateOfBirth, voteClosesOn) < minimumAge) return 'tooYoung';
  if (verification === 'council-list' && !voter.confirmed) return 'notConfirmed';
  return 'eligible';
}

/** Whole years between two calendar days (YYYY-MM-DD): a birthday counts on the day itself. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A declared date of birth must be a real day, in the past, and not absurdly long ago. */
export function checkDateOfBirth(dateOfBirth: string, today: string): 'inFuture' | 'tooOld' | null {
  if (dateOfBirth > today) return 'inFuture';
  if (ageOn(dateOfBirth, today) > 120) return 'tooOld';
  return null;
}

/**
 * Where a round has lots, whether a resident votes in every lot or in one only (their own
 * neighbourhood's, say). One ballot a lot either way.
 */
export type LotsPerVoter = 'every' | 'one';
export const LOTS_PER_VOTER: LotsPerVoter[] = ['every', 'one'];

/**
 * The lots open to a resident where they may vote in one only: the lot they have voted in, once
 * they have (they may still change that ballot); before that their own area's lot, where their
 * postcode places them in exactly one; else any (they choose, and that choice is theirs to keep).
 */
export function lotsOpenTo(rule: LotsPerVoter, lotKeys: string[], votedIn: string | null, ownLots: string[]): string[] {
  if (rule === 'every') return lotKeys;
  if (votedIn !== null) return lotKeys.filter((k) => k === votedIn);
  return ownLots.length === 1 && lotKeys.includes(ownLots[0]) ? ownLots : lotKeys;
}
