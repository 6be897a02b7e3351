import { createHash, randomBytes } from 'node:crypto';

/**
 * Random secrets we send to people (email links) or show once (access tokens). Only their
 * SHA-256 is stored: with 256 bits of randomness a fast hash is enough, and a database leak
 * reveals no usable token.
 */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
