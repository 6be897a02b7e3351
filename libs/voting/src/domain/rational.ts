/**
 * Exact arithmetic for the tally: money parsed from decimal text without rounding, and BigInt
 * fractions for the prices of the Method of Equal Shares, whose payments (a cost shared among
 * so many supporters) are rarely whole cents.
 */

const DECIMAL = /^\+?(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal written in plain digits ("322239.55", "7200"); undefined when it is not one. */
export function parseDecimal(text: string): { units: bigint; scale: number } | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  return { units: BigInt(match[1] + fraction), scale: fraction.length };
}

/** Whether `text` is a non-negative decimal in plain digits. */
export const isDecimal = (text: string) => DECIMAL.test(text.trim());

/** The decimal in whole units of 10^-scale (its scale at most `scale`). */
export function toUnits(text: string, scale: number): bigint {
  const parsed = parseDecimal(text);
  if (!parsed || parsed.scale > scale) throw new RangeError(`not a decimal with at most ${scale} decimal places: ${text}`);
  return parsed.units * 10n ** BigInt(scale - parsed.scale);
}

/** Units of 10^-scale as the shortest decimal text: 420000 at scale 2 is "4200", 32223955 is "322239.55". */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const gcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
};

/** An exact fraction, always in lowest terms with a positive denominator. */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n, true);
  static readonly ONE = new Rational(1n, 1n, true);

  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint, reduced: boolean) {
    if (reduced) {
      this.num = num;
      this.den = den;
      return;
    }
    if (den === 0n) throw new RangeError('division by zero');
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num, den);
    this.num = g > 1n ? num / g : num;
    this.den = g > 1n ? den / g : den;
  }

  static of(num: bigint, den = 1n): Rational {
    return den === 1n ? new Rational(num, 1n, true) : new Rational(num, den, false);
  }

  add(other: Rational): Rational {
    if (this.den === other.den) return Rational.of(this.num + other.num, this.den);
    return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Rational): Rational {
    if (this.den === other.den) return Rational.of(this.num - other.num, this.den);
    return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Rational): Rational {
    return Rational.of(this.num * other.num, this.den * other.den);
  }

  mulInt(k: bigint): Rational {
    return Rational.of(this.num * k, this.den);
  }

  div(other: Rational): Rational {
    return Rational.of(this.num * other.den, this.den * other.num);
  }

  cmp(other: Rational): number {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** The largest whole number not above it. */
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  /** The nearest double (to within a few units in the last place, however long the fraction). */
  toNumber(): number {
    const shift = BigInt(Math.max(0, Math.max(bitLength(this.num), bitLength(this.den)) - 1000));
    return Number(this.num >> shift) / Number(this.den >> shift);
  }

  /** Rounded half up (away from zero) to `places` decimals, as text without trailing zeros. */
  toDecimal(places: number): string {
    const scale = 10n ** BigInt(places);
    const negative = this.num < 0n;
    const magnitude = negative ? -this.num : this.num;
    const units = (2n * magnitude * scale + this.den) / (2n * this.den);
    return formatUnits(negative ? -units : units, places);
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(16).length * 4;
}

/** A double rounded half up to `places` decimals, as text without trailing zeros (for figures shown, never decided on). */
export function formatNumber(value: number, places: number): string {
  const scale = 10 ** places;
  const units = Math.round(value * scale);
  return formatUnits(BigInt(units), places);
}
