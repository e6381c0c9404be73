import { parseDecimal, rat, type Rational } from '../numbers/rational.js';
import type { Values } from '../model/submission.js';
import type { StoredValues } from './ports.js';

/** Exact text of a rational: a decimal when it has a finite one, else "num/den". */
export const encodeRational = (r: Rational): string => {
  let den = r.den;
  let places = 0;
  for (const p of [2n, 5n]) while (den % p === 0n) den /= p;
  if (den !== 1n) return `${r.num}/${r.den}`;
  while (10n ** BigInt(places) % r.den !== 0n) places++;
  const scaled = (r.num * 10n ** BigInt(places)) / r.den;
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return neg ? `-${text}` : text;
};

export const decodeRational = (s: string): Rational => {
  const [n, d] = s.split('/');
  if (d !== undefined) return rat(BigInt(n!), BigInt(d));
  const r = parseDecimal(s);
  if (!r) throw new Error(`stored value is not a number: ${s}`);
  return r;
};

const mapRecord = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

const FIELDS = ['points', 'achieved', 'base'] as const;

export const encodeValues = (values: Values): StoredValues =>
  mapRecord(values, (e) => Object.fromEntries(FIELDS.filter((f) => e[f]).map((f) => [f, encodeRational(e[f]!)])));

export const decodeValues = (stored: StoredValues): Values =>
  mapRecord(stored, (e) => Object.fromEntries(FIELDS.filter((f) => e[f] !== undefined).map((f) => [f, decodeRational(e[f]!)])));

export const encodeScores = (scores: Record<string, Rational>): Record<string, string> => mapRecord(scores, encodeRational);
export const decodeScores = (scores: Record<string, string>): Record<string, Rational> => mapRecord(scores, decodeRational);
