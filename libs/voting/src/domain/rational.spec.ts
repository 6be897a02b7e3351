import { formatNumber, formatUnits, parseDecimal, Rational, toUnits } from './rational';

describe('decimals', () => {
  it('parses plain non-negative decimals exactly, and nothing else', () => {
    expect(parseDecimal('322239.55')).toEqual({ units: 32223955n, scale: 2 });
    expect(parseDecimal(' 7200 ')).toEqual({ units: 7200n, scale: 0 });
    expect(parseDecimal('0.000001')).toEqual({ units: 1n, scale: 6 });
    for (const bad of ['', '-1', '1e6', '1,5', '.5', '5.', '12 000', 'NaN']) expect(parseDecimal(bad)).toBeUndefined();
  });

  it('converts to a common scale and back without rounding', () => {
    expect(toUnits('4200', 2)).toBe(420000n);
    expect(toUnits('15000.5', 2)).toBe(1500050n);
    expect(() => toUnits('0.125', 2)).toThrow(RangeError);
    expect(formatUnits(420000n, 2)).toBe('4200');
    expect(formatUnits(32223955n, 2)).toBe('322239.55');
    expect(formatUnits(5n, 3)).toBe('0.005');
    expect(formatUnits(-150n, 2)).toBe('-1.5');
  });

  it('rounds doubles for display half up', () => {
    expect(formatNumber(391.875, 2)).toBe('391.88');
    expect(formatNumber(2.1818181, 2)).toBe('2.18');
    expect(formatNumber(60, 2)).toBe('60');
  });
});

describe('Rational', () => {
  const r = (n: bigint, d = 1n) => Rational.of(n, d);

  it('keeps lowest terms with a positive denominator', () => {
    expect(r(6n, -4n).toString()).toBe('-3/2');
    expect(r(10n, 5n).toString()).toBe('2');
    expect(() => r(1n, 0n)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies, divides and compares exactly', () => {
    expect(r(1n, 3n).add(r(1n, 6n)).toString()).toBe('1/2');
    expect(r(1n, 3n).sub(r(1n, 2n)).toString()).toBe('-1/6');
    expect(r(2n, 3n).mul(r(9n, 4n)).toString()).toBe('3/2');
    expect(r(2n, 3n).div(r(4n, 9n)).toString()).toBe('3/2');
    expect(r(1n, 3n).cmp(r(333333333333n, 1000000000000n))).toBe(1);
    expect(r(7n, 21n).cmp(r(1n, 3n))).toBe(0);
    expect(r(-7n, 2n).floor()).toBe(-4n);
    expect(r(7n, 2n).floor()).toBe(3n);
  });

  it('rounds to decimals half up and converts huge fractions to doubles', () => {
    expect(r(1n, 3n).toDecimal(2)).toBe('0.33');
    expect(r(2n, 3n).toDecimal(2)).toBe('0.67');
    expect(r(1n, 8n).toDecimal(2)).toBe('0.13');
    expect(r(-1n, 8n).toDecimal(2)).toBe('-0.13');
    const huge = r(10n ** 400n + 1n, 3n * 10n ** 400n);
    expect(huge.toNumber()).toBeCloseTo(1 / 3, 15);
  });
});
