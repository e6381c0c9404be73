/**
 * An `.xlsx` file to a Grid (shared/grid/grid.ts), for any program that wrote it (Excel,
 * LibreOffice, Google Sheets, SheetJS, exceljs).
 *
 * The container is checked and bounded first (container.ts); the parts the reader needs are then
 * re-packed, each worksheet cut down to the cells that hold something (xlsx-package.ts), and
 * exceljs's streaming reader reads the result, cell values mapped by xlsx-cells.ts.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnNumber, setCell, type Grid, type GridSheet } from '../grid/grid.js';
import { GRID_LIMITS, type GridRead, type ReadGridOptions } from '../grid/read.js';
import { corrupt } from '../model/problem.js';
import { checkContainer } from './container.js';
import { formatDate, rawOfCell } from './xlsx-cells.js';
import { CELL_REF, ReadError, pack, type Packed } from './xlsx-package.js';

export { formatDate, rawOfCell } from './xlsx-cells.js';
export { cutSheet, decodeXml, type SheetCut } from './xlsx-package.js';


const stream = async (packed: Packed): Promise<Grid> => {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([packed.zip]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const grid: Grid = { sheets: [] };
  let index = 0;
  for await (const ws of reader) {
    const name = packed.names[index];
    if (name === undefined) throw new ReadError(corrupt('số sheet không khớp'));
    const sheet: GridSheet = { name, rows: new Map() };
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      row.eachCell({ includeEmpty: false }, (cell, col) => setCell(sheet, row.number, col, rawOfCell(cell.value)));
    }
    for (const [ref, text] of packed.dates[index]!) {
      const m = CELL_REF.exec(ref)!;
      const d = new Date(text);
      setCell(sheet, Number(m[2]), columnNumber(m[1]!), { kind: 'date', text: Number.isNaN(d.getTime()) ? text : formatDate(d) });
    }
    grid.sheets.push(sheet);
    index += 1;
  }
  if (index !== packed.names.length) throw new ReadError(corrupt('không đọc hết được các sheet'));
  return grid;
};

/**
 * Reads an `.xlsx` file into a Grid. Never throws: a file that is not a workbook, too large or
 * unreadable gives the matching FILE_* problem (SPEC §6).
 */
export const readXlsxGrid = async (bytes: Uint8Array, opts: ReadGridOptions = {}): Promise<GridRead> => {
  const container = checkContainer(bytes);
  if (!container.ok) return container;
  try {
    const packed = pack(bytes, container.entries, opts, GRID_LIMITS);
    return { ok: true, grid: await stream(packed) };
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, problem: e.problem };
    return { ok: false, problem: corrupt(`nội dung không hợp lệ: ${(e as Error)?.message ?? String(e)}`.slice(0, 300)) };
  }
};
