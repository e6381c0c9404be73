/**
 * What one pull of a Google Sheet read, exactly, kept as JSON under raw/ (store/keys.ts) so that any
 * result can be reproduced without Google: sheets-grid.ts turns it into the Grid again.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { jsonText } from '../text/json-text.js';

/** A cell as `spreadsheets.values.batchGet` gives it with UNFORMATTED_VALUE: a JSON string, number or boolean. */
export type SheetValue = string | number | boolean;

/** Number formats that make a number a date or a time (CellFormat.numberFormat.type). */
export const DATE_FORMATS = ['DATE', 'TIME', 'DATE_TIME'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface SnapshotRange {
  /** The sheet's title as the spreadsheet spells it. */
  title: string;
  /** The range the API answered (`'Chấm điểm'!A1:Z1000`): `values[0][0]` is its first cell. */
  range: string;
  /** Rows of cells (majorDimension ROWS), ragged: trailing empty cells and rows are left out. */
  values: SheetValue[][];
  /** Cells (A1, e.g. `B9`) whose number is formatted as a date or a time: a serial number, not a count. */
  dates: Record<string, DateFormat>;
}

export interface SheetSnapshot {
  format: 'thi-dua/google-sheet@1';
  spreadsheetId: string;
  url: string;
  properties: { title: string; locale: string; timeZone: string };
  /** Every sheet of the spreadsheet, in order (for SHEET_MISSING and for links to a sheet: `#gid=<sheetId>`). */
  sheets: { title: string; sheetId: number; hidden?: boolean }[];
  ranges: SnapshotRange[];
  /** Sheets we would read whose grid is over the cell limit: not read (FILE_TOO_LARGE). */
  oversized: { title: string; rows: number; columns: number }[];
}

const value = z.union([z.string(), z.number(), z.boolean()]);
const snapshotSchema = z.object({
  format: z.literal('thi-dua/google-sheet@1'),
  spreadsheetId: z.string(),
  url: z.string(),
  properties: z.object({ title: z.string(), locale: z.string(), timeZone: z.string() }),
  sheets: z.array(z.object({ title: z.string(), sheetId: z.number(), hidden: z.boolean().optional() })),
  ranges: z.array(z.object({ title: z.string(), range: z.string(), values: z.array(z.array(value)), dates: z.record(z.string(), z.enum(DATE_FORMATS)) })),
  oversized: z.array(z.object({ title: z.string(), rows: z.number(), columns: z.number() })),
});

/** The bytes kept under raw/: the snapshot as JSON. */
export const snapshotBytes = (s: SheetSnapshot): Uint8Array => Buffer.from(jsonText(s), 'utf8');

/** A kept snapshot read back (throws when the bytes are not one). */
export const parseSnapshot = (bytes: Uint8Array): SheetSnapshot => snapshotSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8'))) as SheetSnapshot;

/**
 * Hash of the content read: sheet titles and ids, values, date cells, oversized sheets. The
 * spreadsheet's own name, locale and time zone are left out: renaming the file is not a new version.
 */
export const contentHash = (s: SheetSnapshot): string =>
  createHash('sha256')
    .update(JSON.stringify([s.spreadsheetId, s.sheets, s.ranges, s.oversized]))
    .digest('hex');
