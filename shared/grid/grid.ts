import type { RawValue } from '../numbers/reading.js';

/**
 * A workbook reduced to what the reader needs: values by sheet, row and column (1-based), whatever
 * program or service it came from (xlsx file, Google Sheet). Everything after the grid is shared.
 */
export interface GridSheet {
  name: string;
  /** Hidden or very hidden in the workbook: a person filling it does not see it (SPEC §6 SHEET_HIDDEN). */
  hidden?: boolean;
  /** row → column → value; empty cells are absent. */
  rows: Map<number, Map<number, RawValue>>;
}

export interface Grid {
  sheets: GridSheet[];
}

const EMPTY: RawValue = { kind: 'empty' };

export const cellAt = (sheet: GridSheet, row: number, col: number): RawValue => sheet.rows.get(row)?.get(col) ?? EMPTY;

/** The largest sheet a workbook can hold (Excel's limits). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** `AB` → 28; case does not matter. */
export const columnNumber = (letters: string): number => {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
};

export const columnLetters = (col: number): string => {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** `Chấm điểm!D14`: the sheet name as the workbook spells it, unquoted. */
export const cellRef = (sheet: string, row: number, col: number): string => `${sheet}!${columnLetters(col)}${row}`;

export const setCell = (sheet: GridSheet, row: number, col: number, value: RawValue): void => {
  if (value.kind === 'empty') return;
  let r = sheet.rows.get(row);
  if (!r) sheet.rows.set(row, (r = new Map()));
  r.set(col, value);
};
