/**
 * The annotated copy of a member's own workbook (SPEC §8, `<file>.annotated.xlsx`): every cell a
 * problem points at is filled (errors light red, warnings orange) and carries a note with the code
 * and message, and a new first sheet `Lỗi và cảnh báo` lists every problem, errors first. The
 * original sheets, values and formulas are kept.
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
import { BOLD, FILL, FONT, NOTE_FONT, TITLE_FONT, align, bodyRow, fitRowHeight, headerRow, printTable, setWidths, text, wrap } from '../style.js';
import { prepareForLoad } from './package.js';

export { MAX_COVERED_CELLS, cellsInRef, cellsInSqref, normalizeBooleans, prepareForLoad, stripHugeRanges } from './package.js';

export const PROBLEMS_SHEET = 'Lỗi và cảnh báo';
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
  const first = cell.slice(bang + 1).split(':')[0]!.replace(/\$/g, '').trim().toUpperCase();
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

const markCells = (wb: ExcelJS.Workbook, problems: Problem[]): void => {
  const byCell = new Map<string, { cell: Cell; problems: Problem[] }>();
  for (const p of problems) {
    const ref = parseCellRef(p.cell);
    const ws = ref && findSheet(wb, ref.sheet);
    if (!ref || !ws) continue;
    const found = ws.getCell(ref.address);
    const cell = found.isMerged ? found.master : found;
    const key = `${ws.id}!${cell.address}`;
    const entry = byCell.get(key) ?? { cell, problems: [] };
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
};

// ---------------------------------------------------------------------------------------------
// The list

const writeList = (ws: Worksheet, problems: Problem[], note?: string): void => {
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
      (errors.length
        ? 'Bản này chưa được tiếp nhận: hãy sửa các lỗi và gửi lại. '
        : 'Bản này đã được tiếp nhận; hãy xem lại các cảnh báo. ') +
      (note ?? 'Ô có lỗi được tô đỏ, ô có cảnh báo tô cam; đưa chuột vào ô để đọc ghi chú.'),
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
    text(r.getCell(5), p.message);
    bodyRow(ws, row, cols);
    r.getCell(2).fill = warning ? FILL.warning : FILL.error;
    r.getCell(3).font = BOLD;
    align(r.getCell(1), 'center');
    align(r.getCell(2), 'center');
    wrap(r.getCell(4));
    wrap(r.getCell(5));
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
};

const addList = (wb: ExcelJS.Workbook, problems: Problem[], note?: string): void => {
  const taken = new Set(wb.worksheets.map((ws) => ws.name.toLowerCase()));
  const list = wb.addWorksheet(sheetName(PROBLEMS_SHEET, taken), { properties: { tabColor: { argb: 'FFC00000' } } });
  writeList(list, problems, note);
  // First tab, and the one that opens: no other tab stays selected (two selected tabs are grouped).
  // exceljs orders sheets by an `orderNo` it does not declare in its types.
  const ordered = (ws: Worksheet) => ws as Worksheet & { orderNo: number };
  ordered(list).orderNo = Math.min(0, ...wb.worksheets.filter((ws) => ws !== list).map((ws) => ordered(ws).orderNo)) - 1;
  for (const ws of wb.worksheets) if (ws !== list) ws.views = (ws.views ?? []).map((v) => ({ ...v, tabSelected: false }));
  list.views = list.views.map((v) => ({ ...v, tabSelected: true }));
  wb.views = [{ ...(wb.views?.[0] ?? { x: 0, y: 0, width: 28800, height: 16000, visibility: 'visible' }), firstSheet: 0, activeTab: 0 }];
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
    markCells(wb, problems);
    addList(wb, problems);
    return await write(wb);
  } catch {
    wb = new ExcelJS.Workbook();
    addList(wb, problems, UNREADABLE_NOTE);
    return write(wb);
  }
};
