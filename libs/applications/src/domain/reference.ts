/**
 * The reference an applicant quotes: the round's initials and year, and the application's number
 * in the round, e.g. "Neighbours Together 2027", 42 → NT27-0042. Short enough to read out on the phone.
 */
export function referenceFor(roundName: string, n: number): string {
  const words = roundName.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const letters = words.filter((w) => !/^\d+$/.test(w)).map((w) => w[0].toUpperCase()).join('').slice(0, 4) || 'APP';
  const year = words.find((w) => /^\d{4}$/.test(w))?.slice(2) ?? '';
  return `${letters}${year}-${String(n).padStart(4, '0')}`;
}
