/**
 * How both workbooks we read (a submission, a review) find things by their text (SPEC §5): labels in
 * the first rows and columns, a header row in the first rows, never a fixed address.
 */
import { cellAt, type GridSheet } from '../grid/grid.js';
import { matchKey } from '../text/match.js';

/** Where the labels of `Thông tin` are looked for. */
export const INFO_AREA = { rows: 30, cols: 6 } as const;
/** The header row is within the first rows. */
export const HEADER_ROWS = 20;

/** A label or header's key: SPEC §5 matching, a trailing colon or asterisk ignored. */
export const labelKey = (text: string): string => matchKey(text).replace(/[\s:：*]+$/u, '');

export const sortedRows = (sheet: GridSheet): number[] => [...sheet.rows.keys()].sort((a, b) => a - b);
export const sortedCols = (sheet: GridSheet, row: number): number[] => [...(sheet.rows.get(row)?.keys() ?? [])].sort((a, b) => a - b);

/**
 * The columns of a header row by key: a header cell holds the header's text, or it followed by a
 * unit in brackets (`Điểm tự chấm (điểm)`); a longer header never matches a shorter one's key.
 */
export const headerColumnsOf = <K extends string>(headers: Record<K, string>) => {
  const keys = (Object.entries(headers) as [K, string][]).map(([k, text]) => [k, labelKey(text)] as const);
  const headerOf = (text: string): K | undefined => {
    const key = labelKey(text);
    return keys.find(([, h]) => key === h || key.startsWith(`${h} (`) || key.startsWith(`${h}(`))?.[0];
  };
  return (sheet: GridSheet, row: number): Partial<Record<K, number>> => {
    const columns: Partial<Record<K, number>> = {};
    for (const col of sortedCols(sheet, row)) {
      const raw = cellAt(sheet, row, col);
      if (raw.kind !== 'text') continue;
      const key = headerOf(raw.text);
      if (key && columns[key] === undefined) columns[key] = col;
    }
    return columns;
  };
};
