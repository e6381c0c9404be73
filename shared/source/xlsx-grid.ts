/**
 * An `.xlsx` file to a Grid (shared/grid/grid.ts), for any program that wrote it (Excel,
 * LibreOffice, Google Sheets, SheetJS, exceljs), in one pass per part: the container is checked
 * and bounded (container.ts), then the workbook (xlsx-workbook.ts), date styles (xlsx-styles.ts),
 * shared strings (xlsx-strings.ts) and each worksheet wanted (xlsx-sheet.ts) are inflated within
 * LIMITS and parsed by a SAX parser that stops at the first error or bound.
 */
import type { Grid } from '../grid/grid.js';
import type { GridRead, ReadGridOptions } from '../grid/read.js';
import { corrupt } from '../model/problem.js';
import { quote } from '../numbers/limits.js';
import { checkContainer } from './container.js';
import { readSheet, type SheetContext } from './xlsx-sheet.js';
import { readSharedStrings } from './xlsx-strings.js';
import { readDateStyles } from './xlsx-styles.js';
import { readWorkbook } from './xlsx-workbook.js';
import { ReadError } from './xlsx-xml.js';
import { zipParts } from './xlsx-zip.js';

export { formatDate } from './xlsx-cells.js';

const readGrid = (bytes: Uint8Array, entries: Parameters<typeof zipParts>[1], opts: ReadGridOptions): Grid => {
  const parts = zipParts(bytes, entries);
  const { sheets, date1904 } = readWorkbook(parts);
  const wanted = sheets.filter((s) => !opts.sheets || opts.sheets(s.name));
  const ctx: SheetContext = {
    dateStyles: wanted.length ? readDateStyles(parts) : [],
    strings: wanted.length ? readSharedStrings(parts) : [],
    date1904,
    budget: { cells: 0, cellsScanned: 0 },
  };
  return { sheets: wanted.map((s) => readSheet(parts.read(s.key, true)!, s.name, s.hidden, ctx)) };
};

/**
 * Reads an `.xlsx` file into a Grid. Never throws: a file that is not a workbook, too large or
 * unreadable gives the matching FILE_* problem (SPEC §6).
 */
export const readXlsxGrid = async (bytes: Uint8Array, opts: ReadGridOptions = {}): Promise<GridRead> => {
  try {
    const container = checkContainer(bytes);
    if (!container.ok) return container;
    return { ok: true, grid: readGrid(bytes, container.entries, opts) };
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, problem: e.problem };
    return { ok: false, problem: corrupt(`nội dung không hợp lệ: ${quote(String((e as Error)?.message ?? e))}`) };
  }
};
