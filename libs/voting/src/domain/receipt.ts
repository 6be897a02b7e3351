import { createHash } from 'node:crypto';

/**
 * A voter's receipt, and how it finds their ballot in the published ballot file without saying
 * whose it is. The receipt is a random code only the voter is shown; the published file lists
 * each ballot under an id derived from it by SHA-256, which cannot be turned back into the code.
 * Whoever holds the receipt can find that ballot; nobody else can tell who cast which.
 *
 * Codes are 16 characters of Crockford base 32 (no I, L, O or U, so nothing is misread), in four
 * groups: 80 random bits, far too many to guess.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReceipt(random: (bytes: number) => Buffer): string {
  const bytes = random(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < 16; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code.match(/.{4}/g)!.join('-');
}

/** A receipt as someone typed it: case, spaces and dashes ignored; the look-alike letters read as the digits they resemble. */
export function normaliseReceipt(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned)) return null;
  return cleaned.match(/.{4}/g)!.join('-');
}

/** The ballot's id in the published file: the first 20 hex digits of SHA-256 of the receipt. */
export function publishedBallotId(receipt: string): string {
  return createHash('sha256').update(`commonpurse-receipt:${receipt}`, 'utf8').digest('hex').slice(0, 20);
}
