/**
 * The text of a cell's `<v>` (or its strings) to the RawValue the checks read
 * (shared/numbers/reading.ts); dates as a person in Vietnam writes them.
 */
import { LIMITS, quote } from '../numbers/limits.js';
import type { RawValue } from '../numbers/reading.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date as a person in Vietnam writes it: 20/11/2025, with the time when there is one. */
export const formatDate = (d: Date): string => {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  const [h, m, s] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  return h || m || s ? `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}` : day;
};

/** `_x000D_` and the like: how OOXML escapes control characters in strings. */
const unescapeOoxml = (text: string): string => text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Text longer than Excel can hold in a cell is cut to LIMITS.textChars and ends with "…": cut,
 * it is never blank, a number, a code or a label, so nothing is decided from the part kept.
 */
export const clipText = (text: string): string => (text.length > LIMITS.textChars ? `${text.slice(0, LIMITS.textChars)}…` : text);

export const textValue = (text: string): RawValue =>
  text === '' ? { kind: 'empty' } : { kind: 'text', text: clipText(unescapeOoxml(clipText(text)).normalize('NFC')) };

/** What a number cell may hold: a plain decimal, as Excel writes one (`-1.5`, `4.35E-2`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number cell's `<v>`, read by the strict grammar above: `0x5`, `5abc`, `1e999` or a thousand
 * digits are not numbers a workbook can hold, so they read as an error (SPEC §5 VALUE_NOT_NUMBER),
 * never as what a lenient parser would make of them.
 */
export const numberValue = (v: string): { ok: true; value: number } | { ok: false; raw: RawValue } => {
  const text = v.length > 4 * LIMITS.numberChars ? v : v.trim();
  const value = text.length <= LIMITS.numberChars && DECIMAL.test(text) ? Number(text) : NaN;
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, raw: { kind: 'error', text: quote(text) } };
};

/** Days since 1899-12-30 (1904-01-01 in the 1904 system) to a date, to the millisecond. */
export const serialDate = (serial: number, date1904: boolean): string =>
  formatDate(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));

/** A `t="d"` cell: ISO 8601 text. */
export const isoDate = (text: string): RawValue => {
  const d = new Date(text);
  return { kind: 'date', text: Number.isNaN(d.getTime()) ? quote(text) : formatDate(d) };
};
