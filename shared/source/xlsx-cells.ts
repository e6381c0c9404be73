/**
 * Cell values as exceljs's streaming reader gives them (xlsx-grid.ts), to the RawValue the checks
 * read (shared/numbers/reading.ts); dates as a person in Vietnam writes them.
 */
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

const textValue = (text: string): RawValue => (text === '' ? { kind: 'empty' } : { kind: 'text', text: unescapeOoxml(text).normalize('NFC') });

export const rawOfCell = (value: unknown): RawValue => {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'error', text: '#NUM!' };
  if (typeof value === 'string') return textValue(value);
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', text: formatDate(value) };
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['richText'])) return textValue((o['richText'] as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
    if (typeof o['error'] === 'string') return { kind: 'error', text: o['error'] };
    if ('formula' in o || 'sharedFormula' in o) {
      if (!('result' in o) || o['result'] === undefined) return { kind: 'formula-without-result', formula: String(o['formula'] ?? o['sharedFormula'] ?? '') };
      return rawOfCell(o['result']);
    }
    if (typeof o['text'] === 'string') return textValue(o['text']);
  }
  return { kind: 'text', text: String(value) };
};
