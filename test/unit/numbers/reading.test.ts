import { describe, expect, it } from 'vitest';
import { formatHundredths, parseDecimal, rat, toHundredthsHalfUp, type Rational } from '#shared/numbers/rational.js';
import { readNumber, readNumberCell, readNumberText, type RawValue } from '#shared/numbers/reading.js';

const same = (a: Rational | null, text: string) => expect(a).toEqual(parseDecimal(text));
const text = (t: string): RawValue => ({ kind: 'text', text: t });

describe('SPEC §5 reading numbers from text', () => {
  it.each([
    ['8,5', '8.5'],
    ['8.5', '8.5'],
    ['1.103', '1103'],
    ['1,103', '1103'],
    ['0,125', '0.125'],
    ['0.125', '0.125'],
    ['1.234,5', '1234.5'],
    ['1,234.5', '1234.5'],
    ['1.000.000', '1000000'],
    ['12.345', '12345'],
    ['1234.567', '1234.567'],
    [' 4,5 ', '4.5'],
    ['1\u00A0103', '1103'],
    ['1 103 000', '1103000'],
    ['\u200B7,25\uFEFF', '7.25'],
    ['123456789012345678901', '123456789012345678901'],
  ])('%j is %s', (input, expected) => same(readNumberText(input), expected));

  it.each(['tám', 'abc', '1.2.3', '1,2,3', '1.234.5', '#REF!', '8,5đ', '--1', '1e5x', '8 5', '1 5', '12 34'])('%j is not a number', (input) => {
    expect(readNumberText(input)).toBeNull();
    expect(readNumber(text(input))).toEqual({ ok: false, reason: 'not-number' });
  });

  it('an empty cell, or one with only spaces, is missing (not an error of reading)', () => {
    expect(readNumber({ kind: 'empty' })).toEqual({ ok: false, reason: 'missing' });
    expect(readNumber(text(''))).toEqual({ ok: false, reason: 'missing' });
    expect(readNumber(text('  \u00A0'))).toEqual({ ok: false, reason: 'missing' });
  });

  it('dates, errors, booleans and formulas without result are not numbers', () => {
    for (const raw of [
      { kind: 'date', text: '2025-11-20' },
      { kind: 'error', text: '#REF!' },
      { kind: 'boolean', value: true },
      { kind: 'formula-without-result', formula: 'SUM(A1:A3)' },
    ] as RawValue[])
      expect(readNumber(raw)).toEqual({ ok: false, reason: 'not-number' });
  });
});

describe('SPEC §5 reading number cells', () => {
  it('a stored 4.3499999999999996 is 4.35 (15 significant digits)', () => {
    same(readNumberCell(4.3499999999999996), '4.35');
    expect(readNumber({ kind: 'number', value: 4.3499999999999996 })).toEqual({ ok: true, value: rat(435n, 100n) });
  });
  it('0.1 + 0.2 in a cell is 0.3 exactly', () => same(readNumberCell(0.1 + 0.2), '0.3'));
  it('an integer cell keeps its value', () => same(readNumberCell(8), '8'));
  it('non-finite cells are not numbers', () => {
    expect(readNumberCell(Number.NaN)).toBeNull();
    expect(readNumber({ kind: 'number', value: Infinity })).toEqual({ ok: false, reason: 'not-number' });
  });
});

describe('exact rationals', () => {
  it('rounds half up to hundredths: 3.625 → 3.63, 3.6249 → 3.62, 3.135 → 3.14', () => {
    expect(toHundredthsHalfUp(parseDecimal('3.625')!)).toBe(363n);
    expect(toHundredthsHalfUp(parseDecimal('3.6249')!)).toBe(362n);
    expect(toHundredthsHalfUp(parseDecimal('3.135')!)).toBe(314n); // binary 3.135 rounds down in floats
    expect(toHundredthsHalfUp(rat(1n, 3n))).toBe(33n);
    expect(toHundredthsHalfUp(rat(2n, 3n))).toBe(67n);
  });
  it('writes hundredths with two decimals, negatives as "-1.50"', () => {
    expect(formatHundredths(-150n)).toBe('-1.50');
    expect(formatHundredths(-5n)).toBe('-0.05');
    expect(formatHundredths(0n)).toBe('0.00');
    expect(formatHundredths(9650n)).toBe('96.50');
    expect(formatHundredths(2n ** 70n)).toBe(`${2n ** 70n / 100n}.${(2n ** 70n % 100n).toString().padStart(2, '0')}`);
  });
});
