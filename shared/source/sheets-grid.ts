/**
 * A pulled Google Sheet (sheets-snapshot.ts) to the Grid the xlsx reader produces, so that
 * everything after the grid (validation/validate-grid.ts) is shared. Pure: no network.
 *
 * - Every sheet of the spreadsheet is in the grid, by its real title (NFC); the sheets not read are
 *   empty, so SHEET_MISSING lists what the spreadsheet holds, as it does for a workbook.
 * - Values start at the cell the answered range names (`'Chấm điểm'!A1:Z1000`); rows are ragged.
 * - A number in a cell formatted as a date or time is a serial number (days since 1899-12-30): it
 *   becomes a date written as the xlsx reader writes one (20/11/2025), so it is never read as a count.
 * - A string that is a spreadsheet error literal (`#REF!`, `#N/A`, …) is an error: the values API has
 *   no error type and gives a formula's error as that text, in every render option.
 * - Text numbers ("8,5", "1.103") stay text: SPEC §5 reads them whatever the sheet's locale.
 */
import { columnLetters, columnNumber, setCell, type Grid, type GridSheet } from '../grid/grid.js';
import type { RawValue } from '../numbers/reading.js';
import type { GridRead } from '../grid/read.js';
import { tooLarge } from '../model/problem.js';
import { LIMITS } from '../numbers/limits.js';
import type { SheetSnapshot, SheetValue } from './sheets-snapshot.js';
import { formatDate } from './xlsx-cells.js';

const ERROR_LITERAL = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!|SPILL!|CALC!)$/;

/** Days from the spreadsheet epoch (1899-12-30) to the Unix epoch. */
const UNIX_EPOCH_SERIAL = 25569;
const DAY_MS = 86_400_000;

export const serialToDate = (serial: number): Date => new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS));

export const dateToSerial = (d: Date): number => d.getTime() / DAY_MS + UNIX_EPOCH_SERIAL;

/** The first cell of an A1 range as the API answers it: `'It''s'!B2:C9` → row 2, column 2. */
export const rangeStart = (range: string): { row: number; col: number } => {
  const cells = range.slice(range.lastIndexOf('!') + 1);
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?/.exec(cells);
  return { row: m?.[2] ? Number(m[2]) : 1, col: m?.[1] ? columnNumber(m[1]) : 1 };
};

export const rawOfSheetValue = (v: SheetValue, date: boolean): RawValue => {
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'error', text: '#NUM!' };
    return date ? { kind: 'date', text: formatDate(serialToDate(v)) } : { kind: 'number', value: v };
  }
  if (v === '') return { kind: 'empty' };
  if (ERROR_LITERAL.test(v)) return { kind: 'error', text: v };
  return { kind: 'text', text: v.normalize('NFC') };
};

/** `B9`: a cell of a sheet in A1 notation (the keys of SnapshotRange.dates). */
export const cellA1 = (row: number, col: number): string => `${columnLetters(col)}${row}`;

/** The snapshot's cells as a Grid; FILE_TOO_LARGE past the limits the xlsx reader applies. */
export const snapshotGrid = (s: SheetSnapshot): GridRead => {
  const big = s.oversized[0];
  if (big)
    return {
      ok: false,
      problem: tooLarge(
        `sheet "${big.title}" có lưới ${big.rows.toLocaleString('vi-VN')} dòng × ${big.columns.toLocaleString('vi-VN')} cột, quá ${LIMITS.pulledGridCells.toLocaleString('vi-VN')} ô`,
      ),
    };
  const sheets = new Map<string, GridSheet>(
    s.sheets.map((sh) => [sh.title, { name: sh.title.normalize('NFC'), ...(sh.hidden && { hidden: true }), rows: new Map() }]),
  );
  let cells = 0;
  for (const r of s.ranges) {
    let sheet = sheets.get(r.title);
    if (!sheet) sheets.set(r.title, (sheet = { name: r.title.normalize('NFC'), rows: new Map() }));
    const start = rangeStart(r.range);
    let rows = 0;
    r.values.forEach((row, i) => {
      const before = cells;
      row.forEach((v, j) => {
        const at = { row: start.row + i, col: start.col + j };
        const raw = rawOfSheetValue(v, typeof v === 'number' && r.dates[cellA1(at.row, at.col)] !== undefined);
        if (raw.kind === 'empty') return;
        setCell(sheet, at.row, at.col, raw);
        cells += 1;
      });
      if (cells > before) rows += 1;
    });
    if (rows > LIMITS.rowsPerSheet)
      return {
        ok: false,
        problem: tooLarge(`sheet "${r.title}" có ${rows.toLocaleString('vi-VN')} dòng có dữ liệu, tối đa ${LIMITS.rowsPerSheet.toLocaleString('vi-VN')}`),
      };
    if (cells > LIMITS.cells) return { ok: false, problem: tooLarge(`quá ${LIMITS.cells.toLocaleString('vi-VN')} ô có dữ liệu`) };
  }
  return { ok: true, grid: { sheets: [...sheets.values()] } satisfies Grid };
};
