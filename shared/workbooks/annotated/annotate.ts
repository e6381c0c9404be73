/**
 * The annotated copy of a member's own workbook (SPEC §8, `<file>.annotated.xlsx`): every cell a
 * problem points at is filled (errors light red, warnings orange) and carries a note with the code
 * and message, signed by the scoring system; since notes do not print, the same explanation is
 * written in a printed column to the right of the sheet's content, on the cell's row. A new first
 * sheet `Lỗi và cảnh báo` lists every problem, errors first, each row linking to its cell. The
 * original sheets, values, formulas and print setup (page numbers, headers, footers) are kept.
 *
 * The package is made safe for exceljs's buffered `load` first (package.ts).
 */
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import { matchKey } from '../../text/match.js';
import { isWarning, type Problem } from '../../model/problem.js';
import { MAX_COLS, MAX_ROWS, columnNumber } from '../../grid/grid.js';
import type { DirectoryRead } from '../../zip/zip.js';
import { withFilterDatabaseNames } from '../autofilter.js';
import { sheetName } from '../sheet-name.js';
import {
  BOLD,
  COLOR,
  FILL,
  FONT,
  NOTE_FONT,
  TABLE_BORDER,
  TITLE_FONT,
  align,
  bodyRow,
  fitRowHeight,
  font,
  headerRow,
  linesFor,
  printTable,
  setWidths,
  text,
  wrap,
} from '../style.js';
import { finishAnnotated } from './finish.js';
import { prepareForLoad } from './package.js';

export { MAX_COVERED_CELLS, cellsInRef, cellsInSqref, normalizeBooleans, prepareForLoad, stripHugeRanges } from './package.js';

export const PROBLEMS_SHEET = 'Lỗi và cảnh báo';
/** Author of the notes we add. */
export const COMMENT_AUTHOR = 'Hệ thống chấm điểm thi đua';
/** Heading of the printed column of explanations added to a marked sheet. */
export const EXPLANATION_HEADER = 'Lỗi, cảnh báo (hệ thống chấm điểm)';
const EXPLANATION_WIDTH = 45;
export const PROBLEM_HEADERS = ['STT', 'Loại', 'Mã lỗi', 'Ô', 'Nội dung'] as const;
const HEADER_ROW = 4;

// ---------------------------------------------------------------------------------------------
// Cells

export interface CellRef {
  sheet: string;
  address: string;
}

/** `Chấm điểm!D14`, `'Chấm điểm'!$D$14` or `Chấm điểm!D14:E15` → sheet and top-left cell; null for anything else. */
export const parseCellRef = (cell: string | null): CellRef | null => {
  if (!cell) return null;
  const bang = cell.lastIndexOf('!');
  if (bang <= 0) return null;
  let sheet = cell.slice(0, bang).trim();
  if (sheet.length >= 2 && sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const first = cell
    .slice(bang + 1)
    .split(':')[0]!
    .replace(/\$/g, '')
    .trim()
    .toUpperCase();
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})$/.exec(first);
  if (!m || columnNumber(m[1]!) > MAX_COLS || Number(m[2]) > MAX_ROWS || !sheet) return null;
  return { sheet, address: first };
};

const findSheet = (wb: ExcelJS.Workbook, name: string): Worksheet | undefined =>
  wb.worksheets.find((ws) => ws.name === name) ?? wb.worksheets.find((ws) => matchKey(ws.name) === matchKey(name));

const noteText = (note: Cell['note'] | undefined): string => {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
};

export const problemLine = (p: Problem): string => `[${p.code}] ${p.message}`;

interface Marked {
  ws: Worksheet;
  cell: Cell;
  problems: Problem[];
}

const markCells = (wb: ExcelJS.Workbook, problems: Problem[]): Marked[] => {
  const byCell = new Map<string, Marked>();
  for (const p of problems) {
    const ref = parseCellRef(p.cell);
    const ws = ref && findSheet(wb, ref.sheet);
    if (!ref || !ws) continue;
    const found = ws.getCell(ref.address);
    const cell = found.isMerged ? found.master : found;
    const key = `${ws.id}!${cell.address}`;
    const entry = byCell.get(key) ?? { ws, cell, problems: [] };
    entry.problems.push(p);
    byCell.set(key, entry);
  }
  for (const { cell, problems: ps } of byCell.values()) {
    const error = ps.some((p) => !isWarning(p));
    // A loaded workbook shares one style object between the cells of one style: replace, never mutate.
    cell.style = { ...cell.style, fill: error ? FILL.error : FILL.warning };
    const heading = !error ? 'Cảnh báo:' : ps.some(isWarning) ? 'Lỗi và cảnh báo:' : 'Lỗi:';
    const ours = [heading, ...ps.map(problemLine)].join('\n');
    const old = noteText(cell.note);
    cell.note = {
      texts: [{ text: old ? `${ours}\n\n${old}` : ours }],
      editAs: 'absolute',
    } as Cell['note'];
  }
  return [...byCell.values()];
};

/** The last column holding a value or a width on a sheet. */
const lastColumn = (ws: Worksheet): number => {
  let last = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    last = Math.max(last, row.cellCount);
  });
  return last;
};

const rowRange = /^(\$?[A-Z]{1,3}\$?\d+):\$?([A-Z]{1,3})(\$?\d+)$/;

/**
 * Notes do not print: the explanation of each marked cell is also written in a new column to the
 * right of the sheet's content, on the cell's row (`D14: [SCORE_ABOVE_MAX] …`), headed in the
 * sheet's repeated title row when it has one. A single-range print area is widened to include it;
 * rows grow when the explanation needs more lines, never shrink.
 */
const explainBeside = (marked: Marked[]): void => {
  const bySheet = new Map<Worksheet, Marked[]>();
  for (const m of marked) bySheet.set(m.ws, [...(bySheet.get(m.ws) ?? []), m]);
  for (const [ws, entries] of bySheet) {
    const col = lastColumn(ws) + 1;
    const letter = ws.getColumn(col).letter;
    ws.getColumn(col).width = EXPLANATION_WIDTH;
    const explanationFont = font({ size: 10, color: { argb: COLOR.errorText } });
    const titles = /^\$?(\d+):\$?(\d+)$/.exec(ws.pageSetup?.printTitlesRow ?? '');
    if (titles) {
      const head = ws.getCell(Number(titles[2]), col);
      text(head, EXPLANATION_HEADER);
      head.style = {
        font: { ...BOLD, size: 10 },
        fill: FILL.header,
        border: TABLE_BORDER,
        alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      };
    }
    const byRow = new Map<number, Marked[]>();
    for (const e of entries) byRow.set(Number(e.cell.row), [...(byRow.get(Number(e.cell.row)) ?? []), e]);
    for (const [r, list] of byRow) {
      const value = list
        .sort((a, b) => Number(a.cell.col) - Number(b.cell.col))
        .flatMap((e) => e.problems.map((p) => `${e.cell.address}: ${problemLine(p)}`))
        .join('\n');
      const cell = ws.getCell(r, col);
      text(cell, value);
      const error = list.some((e) => e.problems.some((p) => !isWarning(p)));
      cell.style = {
        font: explanationFont,
        fill: error ? FILL.error : FILL.warning,
        border: TABLE_BORDER,
        alignment: { horizontal: 'left', vertical: 'top', wrapText: true },
      };
      const row = ws.getRow(r);
      const needed = Math.min(409, linesFor(value, EXPLANATION_WIDTH * 1.1) * 13 + 3); // 10 points: a tenth more letters a line than at 11
      if (needed > (row.height ?? 15)) row.height = needed;
    }
    const area = ws.pageSetup?.printArea;
    const m = area ? rowRange.exec(area.replace(/^'?[^!]*'?!/, '')) : null;
    if (m && ws.getColumn(m[2]!).number < col) ws.pageSetup.printArea = `${m[1]}:${letter}${m[3]}`;
  }
};

/**
 * exceljs reads a sheet without a first page number as numbered from 1 and writes it back with
 * `useFirstPageNumber`, which restarts every sheet at page 1: the member's sheets keep their own
 * setting, and their first printed sheet starts at page 1 (or their own first number) after the
 * list's pages, so each page of theirs keeps the number it has in their own print.
 */
const keepPageNumbers = (wb: ExcelJS.Workbook, list: Worksheet): void => {
  type Setup = Worksheet['pageSetup'] & { useFirstPageNumber?: boolean };
  let first = true;
  for (const ws of wb.worksheets) {
    if (ws === list) continue;
    const setup = ws.pageSetup as Setup;
    const own = setup.useFirstPageNumber === true;
    const visible = ws.state === 'visible' || ws.state === undefined;
    if (visible && first) {
      setup.firstPageNumber = own ? setup.firstPageNumber : 1;
      first = false;
    } else if (!own) delete setup.firstPageNumber;
  }
};

// ---------------------------------------------------------------------------------------------
// The list

/** A problem's cell as `'Sheet'!A1` when it is a cell of the workbook, for a link. */
type Locate = (p: Problem) => string | null;

const writeList = (ws: Worksheet, problems: Problem[], note?: string, locate: Locate = () => null): { ref: string; location: string }[] => {
  const links: { ref: string; location: string }[] = [];
  const errors = problems.filter((p) => !isWarning(p));
  const warnings = problems.filter(isWarning);
  const cols = PROBLEM_HEADERS.length;
  const title = ws.getCell(1, 1);
  text(title, 'LỖI VÀ CẢNH BÁO CỦA BẢN TỰ CHẤM ĐIỂM');
  title.font = TITLE_FONT;
  ws.getRow(1).height = 21;
  const summary = ws.getCell(2, 1);
  text(
    summary,
    `${errors.length} lỗi, ${warnings.length} cảnh báo. ` +
      (errors.length ? 'Bản này chưa được tiếp nhận: hãy sửa các lỗi và gửi lại. ' : 'Bản này đã được tiếp nhận; hãy xem lại các cảnh báo. ') +
      (note ??
        `Ô có lỗi được tô đỏ, ô có cảnh báo tô cam; nội dung in ở cột "${EXPLANATION_HEADER}" bên phải trang tính và trong ghi chú của ô. Bấm vào ô ở cột "Ô" để đến ô đó.`),
  );
  summary.font = NOTE_FONT;
  headerRow(ws, HEADER_ROW, [...PROBLEM_HEADERS]);
  const widths = [6, 11, 24, 22, 80];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  for (const p of [...errors, ...warnings]) {
    const r = ws.getRow(row);
    const warning = isWarning(p);
    r.getCell(1).value = row - HEADER_ROW;
    text(r.getCell(2), warning ? 'Cảnh báo' : 'Lỗi');
    text(r.getCell(3), p.code);
    text(r.getCell(4), p.cell ?? '(cả tệp)');
    const location = locate(p);
    text(r.getCell(5), p.message);
    bodyRow(ws, row, cols);
    r.getCell(2).fill = warning ? FILL.warning : FILL.error;
    r.getCell(3).font = BOLD;
    align(r.getCell(1), 'center');
    align(r.getCell(2), 'center');
    wrap(r.getCell(4));
    wrap(r.getCell(5));
    if (location) {
      r.getCell(4).font = { ...FONT, color: { argb: 'FF0563C1' }, underline: true };
      links.push({ ref: r.getCell(4).address, location });
    }
    fitRowHeight(ws, row, [
      { value: p.cell, width: widths[3]! },
      { value: p.message, width: widths[4]! },
    ]);
    row++;
  }
  if (!problems.length) {
    text(ws.getCell(row, 1), 'Không có lỗi hay cảnh báo nào.');
    ws.getCell(row, 1).font = FONT;
    row++;
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, footer: 'Lỗi và cảnh báo của bản tự chấm điểm' });
  return links;
};

const addList = (
  wb: ExcelJS.Workbook,
  problems: Problem[],
  note?: string,
  locate?: Locate,
): { sheet: Worksheet; links: { ref: string; location: string }[] } => {
  const taken = new Set(wb.worksheets.map((ws) => ws.name.toLowerCase()));
  const list = wb.addWorksheet(sheetName(PROBLEMS_SHEET, taken), { properties: { tabColor: { argb: 'FFC00000' } } });
  const links = writeList(list, problems, note, locate);
  // First tab, and the one that opens: no other tab stays selected (two selected tabs are grouped).
  // exceljs orders sheets by an `orderNo` it does not declare in its types.
  const ordered = (ws: Worksheet) => ws as Worksheet & { orderNo: number };
  ordered(list).orderNo = Math.min(0, ...wb.worksheets.filter((ws) => ws !== list).map((ws) => ordered(ws).orderNo)) - 1;
  for (const ws of wb.worksheets) if (ws !== list) ws.views = (ws.views ?? []).map((v) => ({ ...v, tabSelected: false }));
  list.views = list.views.map((v) => ({ ...v, tabSelected: true }));
  wb.views = [{ ...(wb.views?.[0] ?? { x: 0, y: 0, width: 28800, height: 16000, visibility: 'visible' }), firstSheet: 0, activeTab: 0 }];
  return { sheet: list, links };
};

const write = async (wb: ExcelJS.Workbook): Promise<Buffer> => withFilterDatabaseNames(new Uint8Array(await wb.xlsx.writeBuffer()));

export const UNREADABLE_NOTE = 'Không ghi được chú thích vào tệp gốc (tệp không đọc lại được); dưới đây là danh sách lỗi và cảnh báo.';

/**
 * The member's workbook with its problem cells marked and a first sheet listing every problem;
 * `checked` is its container as checked on receipt (`checkContainer`). When the original cannot be
 * read back (the caller should only pass readable workbooks), the result is a workbook holding the
 * list alone: an annotation never fails a run.
 */
export const annotateWorkbook = async (original: Uint8Array, checked: DirectoryRead, problems: Problem[]): Promise<Buffer> => {
  let wb = new ExcelJS.Workbook();
  try {
    const safe = prepareForLoad(original, checked);
    await wb.xlsx.load(Buffer.from(safe.buffer, safe.byteOffset, safe.byteLength) as unknown as ExcelJS.Buffer);
    const marked = markCells(wb, problems);
    explainBeside(marked);
    const where = new Map(marked.flatMap((m) => m.problems.map((p) => [p, `'${m.ws.name.replace(/'/g, "''")}'!${m.cell.address}`] as const)));
    const { sheet, links } = addList(wb, problems, undefined, (p) => where.get(p) ?? null);
    keepPageNumbers(wb, sheet);
    const noted = new Map<string, Set<string>>();
    for (const m of marked) noted.set(m.ws.name, (noted.get(m.ws.name) ?? new Set()).add(m.cell.address));
    return await finishAnnotated(await write(wb), { author: COMMENT_AUTHOR, noted, list: { sheet: sheet.name, links } });
  } catch {
    wb = new ExcelJS.Workbook();
    addList(wb, problems, UNREADABLE_NOTE);
    return write(wb);
  }
};
