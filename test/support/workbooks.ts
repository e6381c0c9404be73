/**
 * Workbooks built in memory for the reader's tests: a submission laid out as SPEC §5 describes
 * (with every variation a person or another program makes), written by exceljs or SheetJS, and
 * zip-level tools to rewrite, reorder, truncate or forge a file.
 */
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import type { Bloc } from '#shared/model/bloc.js';
import { setCell, type Grid, type GridSheet } from '#shared/grid/grid.js';
import type { RawValue } from '#shared/numbers/reading.js';
import { type allCriteria, inputKind, type Rubric } from '#shared/model/rubric.js';
import { ERROR_CODES } from '../../scripts/fixtures/sheetjs-workbook.js';
import { rezip, zip } from '../../scripts/fixtures/zip-parts.js';
import { bloc, manual, pool, rateBands, rubric, section, target, valueBands } from './rubric-builders.js';

// ---------------------------------------------------------------------------------------------
// A small bloc whose rubric has every kind of criterion

export const testRubric = (): Rubric =>
  rubric({
    id: 'r-test',
    sections: [
      section('I', [
        rateBands('I.1', '8', [
          ['1', '8'],
          ['0.9', '6'],
          ['0.5', '3'],
        ]),
        manual('I.2', '6', '0.5'),
      ]),
      section('II', [
        target('II.1', '5', '0.9'),
        valueBands('II.2', '4', [
          ['0', '4'],
          ['5', '2'],
        ]),
      ]),
    ],
    bonus: pool('C', '3', [manual('C.1', '2', '0.5')]),
    deduction: pool('D', '5', [manual('D.1', '3', '0.5')]),
  });

/** Bloc `test-bloc`, year 2030, period `P` (deadline 30/11/2030, Asia/Ho_Chi_Minh), members U1, U2. */
export const testBloc = (): Bloc => bloc({ rubric: testRubric(), members: ['U1', 'U2'] });

// ---------------------------------------------------------------------------------------------
// Cells and layout

export type CellSpec =
  | null
  | undefined
  | number
  | string
  | boolean
  | Date
  | { formula: string; result?: number | string | boolean | Date | { error: string } }
  | { error: string };

export type Rows = CellSpec[][];

export type InfoKey = 'bloc' | 'year' | 'period' | 'unit' | 'unitName' | 'rubric' | 'preparer' | 'preparedOn';
export type ColumnKey = 'code' | 'content' | 'max' | 'achieved' | 'base' | 'points' | 'note';

export const LABELS: Record<InfoKey, string> = {
  bloc: 'Mã khối thi đua',
  year: 'Năm',
  period: 'Đợt',
  unit: 'Mã đơn vị',
  unitName: 'Tên đơn vị',
  rubric: 'Mẫu biểu',
  preparer: 'Người lập',
  preparedOn: 'Ngày lập',
};

export const HEADER_TEXT: Record<ColumnKey, string> = {
  code: 'Mã tiêu chí',
  content: 'Nội dung tiêu chí',
  max: 'Điểm tối đa',
  achieved: 'Số thực hiện',
  base: 'Số phải thực hiện',
  points: 'Điểm tự chấm',
  note: 'Giải trình, minh chứng',
};

export interface EntrySpec {
  points?: CellSpec;
  achieved?: CellSpec;
  base?: CellSpec;
  note?: CellSpec;
  /** Written in the code column instead of the criterion's code. */
  code?: CellSpec;
}

export interface SubmissionSpec {
  /** Values by label; `null` leaves the label out altogether. */
  info?: Partial<Record<InfoKey, CellSpec>>;
  /** Column of the labels (1-based) and of the values. */
  labelCol?: number;
  valueCol?: number;
  /** Rows of titles above the header (the header is on row `titleRows + 1`). */
  titleRows?: number;
  columns?: ColumnKey[];
  headers?: Partial<Record<ColumnKey, string>>;
  /** Entries by criterion code; `null` leaves the criterion's row out. */
  entries?: Record<string, EntrySpec | null>;
  /** Rows appended below the table, by column key. */
  extraRows?: Partial<Record<ColumnKey, CellSpec>>[];
  sheetNames?: { info?: string; scoring?: string };
}

/** A complete, valid fill of testRubric() for unit U1. */
export const validEntries = (): Record<string, EntrySpec> => ({
  'I.1': { achieved: 9, base: 10, points: 6 },
  'I.2': { points: 5.5 },
  'II.1': { achieved: 85, base: 100, points: { formula: 'ROUND(5*MIN(1,D8/E8/0.9),2)', result: 4.72 } },
  'II.2': { achieved: 3, points: 2 },
  'C.1': { points: 1 },
  'D.1': {},
});

const DEFAULT_INFO: Record<InfoKey, CellSpec> = {
  bloc: 'test-bloc',
  year: 2030,
  period: 'P',
  unit: 'U1',
  unitName: 'Đơn vị U1',
  rubric: 'r-test',
  preparer: 'Nguyễn Văn A',
  preparedOn: '20/11/2030',
};

export const DEFAULT_COLUMNS: ColumnKey[] = ['code', 'content', 'max', 'achieved', 'base', 'points', 'note'];

/** The two sheets of a submission as rows of cells (row 1 first), and where each criterion landed. */
export const submissionLayout = (r: Rubric, spec: SubmissionSpec = {}) => {
  const labelCol = spec.labelCol ?? 1;
  const valueCol = spec.valueCol ?? labelCol + 1;
  const info: Rows = [['THÔNG TIN BẢN TỰ CHẤM ĐIỂM'], []];
  for (const key of Object.keys(LABELS) as InfoKey[]) {
    const value = spec.info && key in spec.info ? spec.info[key] : DEFAULT_INFO[key];
    if (value === null) continue;
    const row: CellSpec[] = [];
    row[labelCol - 1] = LABELS[key];
    row[valueCol - 1] = value;
    info.push(row);
  }

  const columns = spec.columns ?? DEFAULT_COLUMNS;
  const col = (k: ColumnKey) => columns.indexOf(k);
  const scoring: Rows = [];
  for (let i = 0; i < (spec.titleRows ?? 4); i += 1) scoring.push(i === 0 ? ['BẢNG TỰ CHẤM ĐIỂM'] : []);
  scoring.push(columns.map((k) => spec.headers?.[k] ?? HEADER_TEXT[k]));
  const rowOf: Record<string, number> = {};
  const line = (values: Partial<Record<ColumnKey, CellSpec>>) => {
    const row: CellSpec[] = [];
    for (const [k, v] of Object.entries(values)) if (col(k as ColumnKey) >= 0) row[col(k as ColumnKey)] = v;
    scoring.push(row);
    return scoring.length;
  };
  const entries = spec.entries ?? validEntries();
  const criterion = (c: ReturnType<typeof allCriteria>[number]) => {
    const e = c.code in entries ? entries[c.code] : {};
    if (e === null) return;
    const kind = inputKind(c);
    rowOf[c.code] = line({
      code: e?.code !== undefined ? e.code : c.code,
      content: c.title,
      max: Number(c.max) / 100,
      points: e?.points,
      ...(kind !== 'points' && { achieved: e?.achieved }),
      ...(kind === 'rate' && { base: e?.base }),
      note: e?.note,
    });
  };
  for (const s of r.sections) {
    line({ code: s.code, content: s.title, max: Number(s.max) / 100 });
    s.criteria.forEach(criterion);
  }
  for (const p of [r.bonus, r.deduction]) {
    line({ code: p.code, content: p.title, max: Number(p.max) / 100 });
    p.criteria.forEach(criterion);
  }
  line({ content: 'TỔNG ĐIỂM TỰ CHẤM' });
  for (const extra of spec.extraRows ?? []) line(extra);
  return {
    sheets: [
      { name: spec.sheetNames?.info ?? 'Thông tin', rows: info },
      { name: spec.sheetNames?.scoring ?? 'Chấm điểm', rows: scoring },
    ],
    headerRow: (spec.titleRows ?? 4) + 1,
    rowOf,
    columnOf: (k: ColumnKey) => col(k) + 1,
  };
};

// ---------------------------------------------------------------------------------------------
// Writers

const toExcel = (v: CellSpec): ExcelJS.CellValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !(v instanceof Date) && 'formula' in v) return v as ExcelJS.CellValue;
  return v as ExcelJS.CellValue;
};

/** Sheets of rows written by exceljs (buffered writer, formulas with their results as given). */
export const excelWorkbook = async (sheets: { name: string; rows: Rows }[], edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = toExcel(v);
        if (v instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      }),
    );
  }
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const toSheetJs = (v: CellSpec): XLSX.CellObject | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return { t: 'n', v };
  if (typeof v === 'string') return { t: 's', v };
  if (typeof v === 'boolean') return { t: 'b', v };
  if (v instanceof Date) return { t: 'n', v: (v.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000, z: 'dd/mm/yyyy' };
  if ('formula' in v) {
    const base = v.result === undefined ? { t: 'n' as const } : toSheetJs(v.result as CellSpec)!;
    return { ...base, f: v.formula };
  }
  return { t: 'e', v: ERROR_CODES[v.error] ?? 0x0f };
};

/** Sheets of rows written by SheetJS: worksheets before `xl/workbook.xml`, inline strings, no shared strings. */
export const sheetJsWorkbook = (sheets: { name: string; rows: Rows }[]): Buffer => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws: XLSX.WorkSheet = {};
    let maxR = 0;
    let maxC = 0;
    s.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        const cell = toSheetJs(v);
        if (!cell) return;
        ws[XLSX.utils.encode_cell({ r, c })] = cell;
        maxR = Math.max(maxR, r);
        maxC = Math.max(maxC, c);
      }),
    );
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxR, c: maxC } });
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
};

/** A submission of testRubric() (or another rubric), written by exceljs. */
export const submission = (spec: SubmissionSpec = {}, r: Rubric = testRubric()): Promise<Buffer> => excelWorkbook(submissionLayout(r, spec).sheets);

// ---------------------------------------------------------------------------------------------
// Zip tools (the zip parts themselves are the fixture writers', scripts/fixtures/zip-parts.ts)

export { rezip, unzip, zip, type ZipFile } from '../../scripts/fixtures/zip-parts.js';

/** Inserts XML right after `</sheetData>` of every worksheet (merges, validations go there). */
export const afterSheetData = (bytes: Uint8Array, xml: string): Buffer =>
  rezip(bytes, (name, text) => (/^xl\/worksheets\/sheet\d+\.xml$/.test(name) ? text.replace('</sheetData>', `</sheetData>${xml}`) : undefined));

/** Replaces the whole `<sheetData>` of the worksheet `sheetN.xml`. */
export const withSheetData = (bytes: Uint8Array, sheetFile: string, sheetData: string): Buffer =>
  rezip(bytes, (name, text) =>
    name === `xl/worksheets/${sheetFile}` ? text.replace(/<sheetData\s*\/>|<sheetData>[\s\S]*<\/sheetData>/, sheetData) : undefined,
  );

// ---------------------------------------------------------------------------------------------
// OLE (Compound File Binary) containers

/**
 * A minimal OLE compound file with the given stream names in its directory: one FAT sector, one
 * directory sector (a password-protected `.xlsx` holds `EncryptionInfo` and `EncryptedPackage`;
 * an `.xls` holds `Workbook`).
 */
export const oleFile = (streams: string[]): Buffer => {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24);
  header.writeUInt16LE(0x0003, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(0x1000, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i += 1) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const dir = Buffer.alloc(512);
  const entry = (i: number, name: string, type: number) => {
    const at = i * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(dir, at);
    dir.writeUInt16LE(encoded.length, at + 64);
    dir[at + 66] = type;
    dir.writeUInt32LE(0xffffffff, at + 68);
    dir.writeUInt32LE(0xffffffff, at + 72);
    dir.writeUInt32LE(0xffffffff, at + 76);
  };
  entry(0, 'Root Entry', 5);
  streams.slice(0, 3).forEach((s, i) => entry(i + 1, s, 2));
  return Buffer.concat([header, fat, dir]);
};

// ---------------------------------------------------------------------------------------------
// A workbook written part by part (for XML the usual writers never produce)

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  /** The whole worksheet XML, or just its `<sheetData>…</sheetData>`. */
  xml: string;
  /** Part name under `xl/` (default `worksheets/sheetN.xml`), as written in the workbook rels. */
  target?: string;
}

export const rawXlsx = (o: {
  sheets: RawSheet[];
  sharedStrings?: string[] | string;
  styles?: string;
  workbookPr?: string;
  /** Order of the parts in the zip (default: worksheets first, as SheetJS writes). */
  order?: 'sheets-first' | 'workbook-first';
}): Buffer => {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const sheets = o.sheets.map((s, i) => ({
    ...s,
    target: s.target ?? `worksheets/sheet${i + 1}.xml`,
    xml:
      s.xml.startsWith('<?xml') || s.xml.includes('worksheet') ? s.xml : `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}">${s.xml}</worksheet>`,
  }));
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${RNS}">${o.workbookPr ?? ''}<sheets>${sheets
    .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map((s, i) => `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="${esc(s.target)}"/>`)
    .join('')}</Relationships>`;
  const sst =
    o.sharedStrings === undefined
      ? undefined
      : typeof o.sharedStrings === 'string'
        ? o.sharedStrings
        : `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${o.sharedStrings.length}" uniqueCount="${o.sharedStrings.length}">${o.sharedStrings
            .map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`)
            .join('')}</sst>`;
  const file = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
  const head = [
    file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    file(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
  ];
  const book = [
    file('xl/workbook.xml', workbook),
    file('xl/_rels/workbook.xml.rels', rels),
    ...(o.styles ? [file('xl/styles.xml', o.styles)] : []),
    ...(sst ? [file('xl/sharedStrings.xml', sst)] : []),
  ];
  const parts = sheets.map((s) => file(s.target.startsWith('/') ? s.target.slice(1) : `xl/${s.target}`, s.xml));
  return zip(o.order === 'workbook-first' ? [...head, ...book, ...parts] : [...parts, ...head, ...book]);
};

/** styles.xml with cellXfs 0 = General, 1 = dd/mm/yyyy (custom 164), 2 = built-in date 14, 3 = 0.00. */
export const DATE_STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

// ---------------------------------------------------------------------------------------------
// Grids straight from rows (what a reader would produce), for the parser's tests

const pad2 = (n: number) => String(n).padStart(2, '0');

export const rawOf = (v: CellSpec): RawValue => {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'string') return v === '' ? { kind: 'empty' } : { kind: 'text', text: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v instanceof Date) return { kind: 'date', text: `${pad2(v.getUTCDate())}/${pad2(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}` };
  if ('formula' in v) return v.result === undefined ? { kind: 'formula-without-result', formula: v.formula } : rawOf(v.result as CellSpec);
  return { kind: 'error', text: v.error };
};

export const gridOf = (sheets: { name: string; rows: Rows }[]): Grid => ({
  sheets: sheets.map((s) => {
    const sheet: GridSheet = { name: s.name, rows: new Map() };
    s.rows.forEach((row, r) => row.forEach((v, c) => setCell(sheet, r + 1, c + 1, rawOf(v))));
    return sheet;
  }),
});

/** The grid of a submission of testRubric() (or another rubric). */
export const submissionGrid = (spec: SubmissionSpec = {}, r: Rubric = testRubric()): Grid => gridOf(submissionLayout(r, spec).sheets);
