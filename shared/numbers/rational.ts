import { LIMITS } from './limits.js';

/** Exact rational numbers over BigInt: scoring never touches binary floating point. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint; // always > 0
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

export const rat = (num: bigint, den = 1n): Rational => {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
};

export const ZERO = rat(0n);
export const ONE = rat(1n);

export const add = (a: Rational, b: Rational): Rational => rat(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational => rat(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => rat(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rat(a.num * b.den, a.den * b.num);
export const cmp = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d === 0n ? 0 : d < 0n ? -1 : 1;
};
export const isZero = (a: Rational): boolean => a.num === 0n;
export const min = (a: Rational, b: Rational): Rational => (cmp(a, b) <= 0 ? a : b);

/** floor(a) as a BigInt. */
export const floor = (a: Rational): bigint => {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
};

/** Rounds to hundredths, half up (3.625 → 3.63), and returns hundredths. */
export const toHundredthsHalfUp = (a: Rational): bigint => floor(add(mul(a, rat(100n)), rat(1n, 2n)));

/** True when a is an exact multiple of step (step > 0). */
export const isMultipleOf = (a: Rational, step: Rational): boolean => div(a, step).den === 1n;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a plain decimal literal ("12", "-0.125", "1e-3") exactly; null when it is not one or is
 * longer than LIMITS.decimalChars (a million digits would make every later sum slow and huge).
 */
export const parseDecimal = (text: string): Rational | null => {
  if (text.length > LIMITS.decimalChars) return null;
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, int, frac = '', exp = '0'] = m;
  const e = Number(exp) - frac.length;
  if (Math.abs(e) > 400) return null;
  const digits = BigInt(int + frac) * (sign === '-' ? -1n : 1n);
  return e >= 0 ? rat(digits * 10n ** BigInt(e)) : rat(digits, 10n ** BigInt(-e));
};

/** A JSON number from configuration, read through its shortest decimal text. */
export const fromNumber = (n: number): Rational => {
  const r = parseDecimal(String(n));
  if (!r) throw new RangeError(`not a finite number: ${n}`);
  return r;
};

/** Hundredths as the fixed two-decimal string of rankings.json ("-1.50"). */
export const formatHundredths = (h: bigint): string => {
  const neg = h < 0n;
  const abs = neg ? -h : h;
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
};

export const fromHundredths = (h: bigint): Rational => rat(h, 100n);

/** Exact decimal text when the value has a finite expansion of at most `maxDigits` places. */
export const formatRational = (a: Rational, maxDigits = 6): string => {
  for (let d = 0; d <= maxDigits; d++) {
    const scaled = mul(a, rat(10n ** BigInt(d)));
    if (scaled.den === 1n) {
      const neg = scaled.num < 0n;
      const digits = (neg ? -scaled.num : scaled.num).toString().padStart(d + 1, '0');
      const text = d ? `${digits.slice(0, -d)}.${digits.slice(-d)}` : digits;
      return neg ? `-${text}` : text;
    }
  }
  return (Number(a.num) / Number(a.den)).toPrecision(15);
};

/** For display and spreadsheet cells only, never for decisions. */
export const toNumber = (a: Rational): number => Number(formatRational(a, 12));
