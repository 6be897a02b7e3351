/**
 * UK postcodes, written the standard way ("BS1 5TR"): upper case, one space before the inward
 * code. Several modules need them (where a resident lives, which areas a fund serves).
 */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  const match = compact.match(/^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** The district of a postcode ("BS1 5TR" → "BS1"), or undefined if it is not a postcode. */
export function postcodeDistrict(postcode: string): string | undefined {
  return normalisePostcode(postcode)?.split(' ')[0];
}
