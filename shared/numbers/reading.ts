import { LIMITS, quote } from './limits.js';
import { parseDecimal, type Rational } from './rational.js';

/** What a cell (or a JSON input) holds, before it is read as a number. */
export type RawValue =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'formula-without-result'; formula: string };

export type NumberReading = { ok: true; value: Rational } | { ok: false; reason: 'missing' | 'not-number' };

/** Binary noise such as 4.3499999999999996 is removed by keeping 15 significant digits. */
export const readNumberCell = (value: number): Rational | null => (Number.isFinite(value) ? parseDecimal(Number(value.toPrecision(15)).toString()) : null);

const THOUSANDS = /^[+-]?[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$/;
const SPACE_GROUPED = /^[+-]?[1-9]\d{0,2}(?:[ \u00A0\u202F]\d{3})+(?:[.,]\d+)?$/;
const GROUPED_WITH_DECIMALS = /^[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*([.,])\d+$/;

/**
 * Text in Vietnamese or English notation: "8,5" and "8.5" are 8.5; "1.103" and "1,103" are 1103;
 * "0,125" is 0.125; "1.234,5" and "1,234.5" are 1234.5.
 */
export const readNumberText = (input: string): Rational | null => {
  // A number has at most LIMITS.numberChars characters; the first check also keeps the trimming
  // below from scanning long runs of spaces.
  if (input.length > 4 * LIMITS.numberChars) return null;
  // Invisible characters go, spaces around the number too; inside it a space only groups thousands
  // ("1 103 000", as number formats print it): "8 5" is not 85.
  const trimmed = input.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/^[\s\u00A0\u202F]+|[\s\u00A0\u202F]+$/g, '');
  const text = SPACE_GROUPED.test(trimmed) ? trimmed.replace(/[ \u00A0\u202F]/g, '') : trimmed;
  if (text === '' || text.length > LIMITS.numberChars) return null;
  if (THOUSANDS.test(text)) return parseDecimal(text.replace(/[.,]/g, ''));
  const grouped = GROUPED_WITH_DECIMALS.exec(text);
  if (grouped && grouped[1] !== grouped[2]) {
    const [, group, decimal] = grouped;
    return parseDecimal(text.split(group!).join('').replace(decimal!, '.'));
  }
  if (/^[+-]?\d+([.,]\d+)?$/.test(text)) return parseDecimal(text.replace(',', '.'));
  if (/^[+-]?[.,]\d+$/.test(text)) return parseDecimal(text.replace(',', '.').replace(/^([+-]?)\./, '$10.'));
  return null;
};

export const isBlank = (raw: RawValue): boolean => raw.kind === 'empty' || (raw.kind === 'text' && readableText(raw.text) === '');

const readableText = (text: string): string => text.replace(/[\s\u00A0\u200B-\u200D\u2060\uFEFF]/g, '');

export const readNumber = (raw: RawValue): NumberReading => {
  if (isBlank(raw)) return { ok: false, reason: 'missing' };
  const value = raw.kind === 'number' ? readNumberCell(raw.value) : raw.kind === 'text' ? readNumberText(raw.text) : null;
  return value ? { ok: true, value } : { ok: false, reason: 'not-number' };
};

/** How a raw value is shown back to a person in a message: long text is cut (LIMITS.quoteChars). */
export const describeRaw = (raw: RawValue): string => quote(textOfRaw(raw));

/** A raw value as text, whole (for matching codes and labels, never quoted whole in a message). */
export const textOfRaw = (raw: RawValue): string => {
  switch (raw.kind) {
    case 'empty':
      return '';
    case 'number':
      return String(raw.value);
    case 'boolean':
      return raw.value ? 'TRUE' : 'FALSE';
    case 'formula-without-result':
      return `=${raw.formula}`;
    default:
      return raw.text;
  }
};
