/**
 * Money is whole pence in a bigint column, never floating point. People type pounds
 * ("£1,250.50", "1250.5", "1250"); this turns that into pence or says why it cannot.
 */
export const MAX_PENCE = 100_000_000_000_00; // £100 billion: far above any community fund, far below 2^53

export type PenceParse = { ok: true; pence: number } | { ok: false; problem: 'notAnAmount' | 'tooManyDecimals' | 'notPositive' | 'tooLarge' };

export function parsePounds(input: string): PenceParse {
  const cleaned = input.trim().replace(/^£/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const match = cleaned.match(/^(\d+)(?:\.(\d*))?$/);
  if (!match) return { ok: false, problem: 'notAnAmount' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, problem: 'tooManyDecimals' };
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (pence <= 0) return { ok: false, problem: 'notPositive' };
  if (pence > MAX_PENCE) return { ok: false, problem: 'tooLarge' };
  return { ok: true, pence };
}

