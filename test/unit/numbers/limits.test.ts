import { describe, expect, it } from 'vitest';
import { LIMITS, quote } from '#shared/numbers/limits.js';
import { parseDecimal } from '#shared/numbers/rational.js';
import { describeRaw, readNumber, readNumberText } from '#shared/numbers/reading.js';

describe('numbers are bounded in length (D1, D3)', () => {
  it(`text of ${LIMITS.numberChars} characters is read, of one more it is not a number`, () => {
    expect(readNumberText(`${'0'.repeat(LIMITS.numberChars - 3)}8,5`)).toEqual({ num: 17n, den: 2n });
    expect(readNumberText(`${'0'.repeat(LIMITS.numberChars - 2)}8,5`)).toBeNull();
    expect(readNumberText('1.103.000.000.000.000.000.000.000.000.000')).toBeNull();
    expect(readNumber({ kind: 'text', text: '9'.repeat(32_767) })).toEqual({ ok: false, reason: 'not-number' });
  });

  it('spaces around a number are allowed, thousands of them are not scanned', () => {
    expect(readNumberText('  8,5  ')).toEqual({ num: 17n, den: 2n });
    expect(readNumberText(`${' a'.repeat(30_000)}8`)).toBeNull();
  });

  it('parseDecimal refuses a literal longer than LIMITS.decimalChars, keeps Excel-range values', () => {
    expect(parseDecimal('1'.repeat(LIMITS.decimalChars + 1))).toBeNull();
    expect(parseDecimal('9'.repeat(1_000_000))).toBeNull();
    expect(parseDecimal('1e+308')?.num).toBe(10n ** 308n);
    expect(parseDecimal(`1${'0'.repeat(308)}`)?.num).toBe(10n ** 308n);
  });
});

describe('user text quoted in messages (D11)', () => {
  it(`is cut to ${LIMITS.quoteChars} characters and "…"`, () => {
    expect(quote('ngắn')).toBe('ngắn');
    expect(quote('x'.repeat(10_000_000))).toBe(`${'x'.repeat(LIMITS.quoteChars)}…`);
    expect(describeRaw({ kind: 'text', text: 'U'.repeat(100_000) })).toHaveLength(LIMITS.quoteChars + 1);
  });

  it('never splits a surrogate pair', () => {
    const q = quote(`${'x'.repeat(LIMITS.quoteChars - 1)}😀😀`);
    expect(q).toBe(`${'x'.repeat(LIMITS.quoteChars - 1)}…`);
  });

  it('the bounds are frozen', () => {
    expect(Object.isFrozen(LIMITS)).toBe(true);
  });
});
