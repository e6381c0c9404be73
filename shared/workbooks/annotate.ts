/**
 * The annotated copy of a member's own workbook (SPEC §8, `<file>.annotated.xlsx`): every cell a
 * problem points at is filled (errors light red, warnings orange) and carries a note with the code
 * and message, and a new first sheet `Lỗi và cảnh báo` lists every problem, errors first. The
 * original sheets, values and formulas are kept.
 *
 * exceljs's buffered `load` expands merged ranges and data validations into cells (STACK-NOTES: a
 * merge H10:Z200000 takes GBs), so huge `<mergeCells>` / `<dataValidations>` entries are dropped
 * from the sheet XML before loading: they cover more cells than any real form, and dropping them
 * loses a merge or an input rule, never a value.
 */
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import { checkContainer, readZipEntry, storedZip } from '../source/container.js';
import { matchKey } from '../text/match.js';
import { isWarning, type Problem } from '../validation/problem.js';
import { sheetName } from './summary-names.js';
import { withFilterDatabaseNames } from './summary-package.js';
import { BOLD, FILL, FONT, NOTE_FONT, TITLE_FONT, align, bodyRow, fitRowHeight, headerRow, printTable, setWidths, text, wrap } from './summary-style.js';

export const PROBLEMS_SHEET = 'Lỗi và cảnh báo';
export const PROBLEM_HEADERS = ['STT', 'Loại', 'Mã lỗi', 'Ô', 'Nội dung'] as const;
const HEADER_ROW = 4;

/** Merges and validations together may cover at most this many cells of a sheet before the largest are dropped. */
export const MAX_COVERED_CELLS = 100_000;

// ---------------------------------------------------------------------------------------------
// Huge ranges out of the sheet XML

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

const columnNumber = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

const END = /^\$?([A-Za-z]{1,3})?\$?(\d{1,7})?$/;

/** Cells covered by one reference (`A1`, `A1:B2`, `A:C`, `3:5`); a malformed one counts as the whole sheet. */
export const cellsInRef = (ref: string): number => {
  const [a = '', b = a, ...rest] = ref.split(':');
  const p = END.exec(a);
  const q = END.exec(b);
  const whole = MAX_ROWS * MAX_COLS;
  if (rest.length || !p || !q || (!p[1] && !p[2]) || (!q[1] && !q[2])) return whole;
  const rows = p[2] && q[2] ? Math.abs(Number(q[2]) - Number(p[2])) + 1 : MAX_ROWS;
  const cols = p[1] && q[1] ? Math.abs(columnNumber(q[1]) - columnNumber(p[1])) + 1 : MAX_COLS;
  if ((!p[1]) !== (!q[1]) || (!p[2]) !== (!q[2])) return whole;
  return rows * cols;
};

/** Cells covered by a space-separated list of references (`sqref`). */
export const cellsInSqref = (sqref: string): number =>
  sqref
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .reduce((n, r) => n + cellsInRef(r), 0);

interface Item {
  xml: string;
  cells: number;
  keep: boolean;
}

interface Container {
  /** Whole element as found, its prefix (`x:` or empty), its attributes text and its items. */
  match: string;
  prefix: string;
  attrs: string;
  name: 'mergeCells' | 'dataValidations';
  items: Item[];
}

const ATTRS = `((?:[^>"']|"[^"]*"|'[^']*')*?)`;
const attr = (attrs: string, name: string): string | undefined => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs)?.slice(1).find((v) => v !== undefined);

const containers = (xml: string, name: 'mergeCells' | 'dataValidations', item: string, refAttr: string): Container[] => {
  const out: Container[] = [];
  const outer = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${name}\\b${ATTRS}(?:/>|>([\\s\\S]*?)</\\1${name}\\s*>)`, 'g');
  for (const m of xml.matchAll(outer)) {
    const prefix = m[1] ?? '';
    if (prefix === 'x14:') continue; // Excel 2010 extension lists: exceljs does not expand them
    const inner = m[3] ?? '';
    const itemRe = new RegExp(`<${prefix}${item}\\b${ATTRS}(?:/>|>[\\s\\S]*?</${prefix}${item}\\s*>)`, 'g');
    const items = [...inner.matchAll(itemRe)].map((i) => ({ xml: i[0], cells: cellsInSqref(attr(i[1] ?? '', refAttr) ?? ''), keep: true }));
    out.push({ match: m[0], prefix, attrs: m[2] ?? '', name, items });
  }
  return out;
};

const rebuild = (c: Container): string => {
  const kept = c.items.filter((i) => i.keep);
  if (!kept.length) return '';
  const attrs = c.attrs.replace(/\bcount\s*=\s*("[^"]*"|'[^']*')/, `count="${kept.length}"`);
  return `<${c.prefix}${c.name}${attrs}>${kept.map((i) => i.xml).join('')}</${c.prefix}${c.name}>`;
};

/**
 * One sheet's XML with its largest merges and validations removed until they cover at most
 * `limit` cells; the same string when nothing needs to go.
 */
export const stripHugeRanges = (xml: string, limit = MAX_COVERED_CELLS): string => {
  if (!xml.includes('mergeCell') && !xml.includes('dataValidation')) return xml;
  const found = [
    ...containers(xml, 'mergeCells', 'mergeCell', 'ref'),
    ...containers(xml, 'dataValidations', 'dataValidation', 'sqref'),
  ];
  const items = found.flatMap((c) => c.items);
  let total = items.reduce((n, i) => n + i.cells, 0);
  if (total <= limit) return xml;
  for (const i of [...items].sort((a, b) => b.cells - a.cells)) {
    if (total <= limit) break;
    i.keep = false;
    total -= i.cells;
  }
  let out = xml;
  for (const c of found) if (c.items.some((i) => !i.keep)) out = out.replace(c.match, () => rebuild(c));
  return out;
};

const SHEET_PART = /(^|\/)worksheets\/[^/]+\.xml$/i;

/**
 * Elements whose `true`/`false` attributes exceljs misreads (it compares with '1'): LibreOffice
 * writes `fitToPage="true"`, `sheet="true"` (protection), `locked="false"` (an unlocked input cell),
 * which would lose fit-to-page and protection, and lock input cells, in the annotated copy.
 */
const BOOLEAN_TAGS: Record<'sheet' | 'styles' | 'workbook', string[]> = {
  sheet: ['sheetPr', 'pageSetUpPr', 'outlinePr', 'sheetView', 'pane', 'selection', 'sheetFormatPr', 'sheetProtection', 'printOptions', 'pageSetup', 'headerFooter'],
  styles: ['protection'],
  workbook: ['workbookPr', 'workbookView'],
};

/** `true`/`false` attribute values of the given elements as `1`/`0` (the same xsd:boolean). */
export const normalizeBooleans = (xml: string, tags: string[]): string => {
  const re = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?(?:${tags.join('|')}))(\\s[^>]*?)?(/?)>`, 'g');
  return xml.replace(re, (whole, name: string, attrs: string | undefined, close: string) =>
    attrs && /="(?:true|false)"/.test(attrs)
      ? `<${name}${attrs.replace(/(\s[\w:.-]+\s*=\s*)"(true|false)"/g, (_m, a: string, v: string) => `${a}"${v === 'true' ? '1' : '0'}"`)}${close}>`
      : whole,
  );
};

/** How each part must change before exceljs reads it, by its lower-case part name. */
const changeFor = (key: string, limit: number): ((xml: string) => string) | null => {
  if (SHEET_PART.test(key)) return (xml) => normalizeBooleans(stripHugeRanges(xml, limit), BOOLEAN_TAGS.sheet);
  if (key === 'xl/styles.xml') return (xml) => normalizeBooleans(xml, BOOLEAN_TAGS.styles);
  if (key === 'xl/workbook.xml') return (xml) => normalizeBooleans(xml, BOOLEAN_TAGS.workbook);
  return null;
};

/**
 * The package made safe and faithful for exceljs's buffered `load`: huge merges and validations
 * dropped from every worksheet, booleans written as 1/0. The same bytes when nothing changes.
 * Read through the bounded zip reader of `source/container.ts` (sizes and CRCs checked); throws
 * when the package cannot be read.
 */
export const prepareForLoad = (bytes: Uint8Array, limit = MAX_COVERED_CELLS): Uint8Array => {
  const check = checkContainer(bytes);
  if (!check.ok) throw new Error(`${check.problem.code}: ${check.problem.message}`);
  const files: { name: string; data: Buffer }[] = [];
  let changed = false;
  for (const entry of check.entries.values()) {
    const read = readZipEntry(bytes, entry);
    if (!read.ok) throw new Error(`${read.problem.code}: ${read.problem.message}`);
    let data = read.data;
    const change = changeFor(entry.key, limit);
    if (change) {
      const xml = data.toString('utf8');
      const out = change(xml);
      if (out !== xml) {
        data = Buffer.from(out, 'utf8');
        changed = true;
      }
    }
    files.push({ name: entry.name, data });
  }
  return changed ? storedZip(files) : bytes;
};

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
 * The member's workbook with its problem cells marked and a first sheet listing every problem.
 * When the original cannot be read back (the caller should only pass readable workbooks), the
 * result is a workbook holding the list alone: an annotation never fails a run.
 */
export const annotateWorkbook = async (original: Uint8Array, problems: Problem[]): Promise<Buffer> => {
  let wb = new ExcelJS.Workbook();
  try {
    const safe = prepareForLoad(original);
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
