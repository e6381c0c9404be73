/**
 * Writes test/fixtures/workbooks/: submission files as other programs make them, and
 * `expected.json`, what the reader must report for each (SPEC §5, §6). Run it on a machine with
 * LibreOffice and msoffcrypto-tool; CI only reads the committed files
 * (test/unit/fixtures/workbook-fixtures.test.ts):
 *
 *     npx tsx scripts/make-fixtures.ts
 *
 * - Workbooks are built from scratch with SheetJS, as a third-party program fills the SPEC §5
 *   layout: no formulas (or formulas without cached results), worksheets stored before
 *   `xl/workbook.xml`. Some are then re-saved by LibreOffice (`soffice --convert-to xlsx`), which
 *   rewrites every part in its own flavour and caches formula results.
 * - The files of other formats come from LibreOffice too (`.xls`, `.ods`, `.csv`, `.pdf`); the
 *   password-protected one from `msoffcrypto-tool -e` where the installed version can encrypt
 *   (5.1 and later), else from agileEncrypt below (Debian's msoffcrypto-tool 5.0 only decrypts),
 *   and msoffcrypto-tool must decrypt it back to the workbook either way; the broken and oversized
 *   ones are real workbooks cut, flipped or padded at the zip level.
 * - Every unit's values are its golden inputs (templates/ntb-tn-2025/golden/inputs-Y.json): the
 *   accepted files cover the 14 units that have inputs exactly once, so read together they rank
 *   exactly as golden/rankings-Y.json. Rejected files only use units that also have an accepted
 *   file, or none (`unit: null`), and never STP-KTU or THADS-KTU (which sent nothing).
 *
 * The cells of `expected.json` are worked out here from the layout each file was built with (where
 * each label, header and criterion row was put), not read back from the reader.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import XLSX from 'xlsx';
import { loadBloc } from '../shared/config/load.js';
import { columnLetters } from '../shared/grid/grid.js';
import { groupOf, memberOf, type Bloc } from '../shared/model/bloc.js';
import { inputKind, type Criterion } from '../shared/model/rubric.js';
import { formatRational, fromHundredths } from '../shared/numbers/rational.js';
import { criterionPoints } from '../shared/scoring/score.js';
import { readJsonInputs } from '../shared/submission/inputs-json.js';
import type { ProblemCode } from '../shared/validation/problem.js';
import { HEADER, LABEL } from '../shared/workbooks/template-text.js';
import { rezip, unzip, zip, type ZipFile } from './fixtures/zip-parts.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = resolve(ROOT, 'templates/ntb-tn-2025');
const OUT = resolve(ROOT, 'test/fixtures/workbooks');
const PERIOD = 'Y';

type Golden = Record<string, Record<string, string | { achieved: string; base?: string }>>;

const { bloc } = await loadBloc(join(SAMPLE, 'bloc.json'));
const golden = JSON.parse(await readFile(join(SAMPLE, 'golden/inputs-Y.json'), 'utf8')) as Golden;
const goldenValues = readJsonInputs(bloc, golden);
if (goldenValues.problems.length) throw new Error(`golden inputs: ${JSON.stringify(goldenValues.problems)}`);

// ---------------------------------------------------------------------------------------------
// Cells and sheets

/** What a cell holds: text, a number, an error, a date (Excel serial), a formula (with or without its cached result). */
type V = string | number | { error: string } | { date: number } | { formula: string; result?: number } | undefined;

interface SheetSpec {
  name: string;
  /** rows[r][c], 0-based. */
  rows: V[][];
  /** Merged ranges (`A1:G1`). */
  merges: string[];
}

const put = (rows: V[][], row: number, col: number, v: V) => {
  (rows[row - 1] ??= [])[col - 1] = v;
};

/** Excel serial of a date (1900 system). */
const serial = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

const ERROR_CODES: Record<string, number> = { '#NULL!': 0x00, '#DIV/0!': 0x07, '#VALUE!': 0x0f, '#REF!': 0x17, '#NAME?': 0x1d, '#NUM!': 0x24, '#N/A': 0x2a };

const sheetJsCell = (v: V): XLSX.CellObject | undefined => {
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string') return { t: 's', v };
  if (typeof v === 'number') return { t: 'n', v };
  if ('error' in v) return { t: 'e', v: ERROR_CODES[v.error] ?? 0x0f };
  if ('date' in v) return { t: 'n', v: v.date, z: 'dd/mm/yyyy' };
  return v.result === undefined ? { t: 'n', f: v.formula } : { t: 'n', v: v.result, f: v.formula };
};

/** A workbook written by SheetJS from scratch, as a third-party program writes one. */
const sheetJs = (sheets: SheetSpec[], o: { sharedStrings?: boolean } = {}): Buffer => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws: XLSX.WorkSheet = {};
    let maxR = 0;
    let maxC = 0;
    s.rows.forEach((row, r) =>
      row?.forEach((v, c) => {
        const cell = sheetJsCell(v);
        if (!cell) return;
        ws[XLSX.utils.encode_cell({ r, c })] = cell;
        maxR = Math.max(maxR, r);
        maxC = Math.max(maxC, c);
      }),
    );
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxR, c: maxC } });
    if (s.merges.length) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    ws['!cols'] = Array.from({ length: maxC + 1 }, (_, c) => ({ wch: c === 1 ? 60 : 14 }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: o.sharedStrings ?? false, compression: true }) as Buffer;
};

// ---------------------------------------------------------------------------------------------
// The SPEC §5 layout, as the template lays it out, with the edits people and programs make

type InfoKey = keyof typeof LABEL;
type ColKey = keyof typeof HEADER;
type NumberStyle = 'number' | 'vi' | 'en';
type Row = Partial<Record<ColKey, V>>;
type EntryOverride = Partial<Record<'points' | 'achieved' | 'base' | 'code' | 'note', V>>;

const INFO_KEYS = Object.keys(LABEL) as InfoKey[];
const COLUMNS: ColKey[] = ['code', 'content', 'max', 'achieved', 'base', 'points', 'note'];

interface Variant {
  unit: string;
  /** Values of `Thông tin` by label; `null` leaves the label's row out. */
  info?: Partial<Record<InfoKey, V | null>>;
  labels?: Partial<Record<InfoKey, string>>;
  /** Columns (1-based) of the labels and their values; notes go right of the values. */
  labelCol?: number;
  valueCol?: number;
  /** Rows inserted at the top of `Chấm điểm`, above the four title rows. */
  above?: string[];
  columns?: ColKey[];
  headers?: Partial<Record<ColKey, string>>;
  /** How numbers are written: number cells, or text in Vietnamese (`8,5`, `1.103`) or English (`8.5`, `1,103`) notation. */
  numbers?: NumberStyle;
  /** Write the computed points beside target and bands criteria (default: yes). */
  selfScores?: boolean;
  /** Write 0 in the bonus and deduction criteria the unit has nothing for (default: leave them empty). */
  poolZeros?: boolean;
  /** Section, pool and total cells: empty (default), or formulas without cached results. */
  subtotals?: 'empty' | 'formula';
  /** Cell values replacing the golden ones; `null` leaves the criterion's row out. */
  entries?: Record<string, EntryOverride | null>;
  /** Rows inserted right after a criterion's row. */
  after?: Record<string, Row[]>;
  sheetNames?: { info?: string; scoring?: string };
  /** Every label, header, title and sheet name in NFD (decomposed) form. */
  nfd?: boolean;
  /** Sheets the reader does not know, before or after the two of the template. */
  extraSheets?: { name: string; rows: V[][]; first?: boolean }[];
}

interface Layout {
  unit: string;
  sheets: SheetSpec[];
  /** Sheet names as the reader reports them (NFC). */
  infoSheet: string;
  scoringSheet: string;
  headerRow: number;
  /** `Thông tin!B7`: the value cell of a label. */
  info: (key: InfoKey) => string;
  /** `Chấm điểm!F12`: a criterion's cell in a column. */
  cell: (code: string, col: ColKey) => string;
  /** A cell of the header row. */
  header: (col: ColKey) => string;
  /** A cell of `Chấm điểm` by row and column (1-based). */
  at: (row: number, col: number) => string;
  /** Row of the i-th row inserted after a criterion. */
  afterRow: (code: string, i?: number) => number;
  col: (key: ColKey) => number;
}

const withNumbers = (text: string, style: NumberStyle): V => {
  if (style === 'number') return Number(text);
  const [int = '', frac] = text.split('.');
  const group = style === 'vi' ? '.' : ',';
  const decimal = style === 'vi' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return frac ? `${grouped}${decimal}${frac}` : grouped;
};

const has = <T extends object>(o: T | undefined, key: PropertyKey): boolean => !!o && Object.prototype.hasOwnProperty.call(o, key);

const layout = (v: Variant, b: Bloc = bloc): Layout => {
  const unit = v.unit;
  const group = groupOf(b, unit)!;
  const member = memberOf(b, unit)!;
  const rubric = group.rubric;
  const period = b.periods.find((p) => p.id === PERIOD)!;
  const style = v.numbers ?? 'number';
  const t = (text: string) => (v.nfd ? text.normalize('NFD') : text.normalize('NFC'));
  const tv = (x: V): V => (typeof x === 'string' ? t(x) : x);

  // Thông tin
  const infoName = t(v.sheetNames?.info ?? 'Thông tin');
  const info: SheetSpec = { name: infoName, rows: [], merges: ['A1:C1', 'A2:C2'] };
  const labelCol = v.labelCol ?? 1;
  const valueCol = v.valueCol ?? labelCol + 1;
  put(info.rows, 1, 1, t('THÔNG TIN BẢN TỰ CHẤM ĐIỂM THI ĐUA'));
  put(info.rows, 2, 1, t(b.name));
  const defaults: Record<InfoKey, V> = {
    bloc: b.id,
    year: b.year,
    period: PERIOD,
    unit,
    unitName: member.name,
    rubric: rubric.id,
    preparer: 'Nguyễn Văn An',
    preparedOn: '18/11/2025',
  };
  const notes: Partial<Record<InfoKey, string>> = {
    bloc: b.name,
    period: `${period.name} (hạn nộp 20/11/2025)`,
    unit: group.name,
    rubric: rubric.name,
  };
  const infoCells = new Map<InfoKey, string>();
  let r = 4;
  for (const key of INFO_KEYS) {
    const value = has(v.info, key) ? v.info![key] : defaults[key];
    if (value === null) continue;
    put(info.rows, r, labelCol, t(v.labels?.[key] ?? LABEL[key]));
    put(info.rows, r, valueCol, tv(value));
    if (notes[key]) put(info.rows, r, valueCol + 1, t(notes[key]!));
    infoCells.set(key, `${infoName.normalize('NFC')}!${columnLetters(valueCol)}${r}`);
    r += 1;
  }
  put(info.rows, r + 1, 1, t('HƯỚNG DẪN'));
  [
    '1. Chỉ nhập vào các ô nền vàng: điểm tự chấm, số thực hiện, số phải thực hiện, giải trình.',
    '2. Nhập số, không kèm chữ hay đơn vị tính; số tiền tính bằng nghìn đồng.',
    '3. Không đổi tên sheet; không sửa mã tiêu chí.',
  ].forEach((line, i) => {
    put(info.rows, r + 2 + i, 1, t(line));
    info.merges.push(`A${r + 2 + i}:C${r + 2 + i}`);
  });

  // Chấm điểm
  const scoringName = t(v.sheetNames?.scoring ?? 'Chấm điểm');
  const columns = v.columns ?? COLUMNS;
  const colOf = (k: ColKey) => columns.indexOf(k) + 1;
  const last = columnLetters(columns.length);
  const scoring: SheetSpec = { name: scoringName, rows: [], merges: [] };
  let row = 0;
  const line = (cells: Row): number => {
    row += 1;
    for (const [k, x] of Object.entries(cells)) if (colOf(k as ColKey) > 0) put(scoring.rows, row, colOf(k as ColKey), x);
    return row;
  };
  for (const text of v.above ?? []) {
    const at = line({});
    put(scoring.rows, at, 1, t(text));
  }
  for (const text of [
    `BẢNG TỰ CHẤM ĐIỂM THI ĐUA – ${period.name.toLocaleUpperCase('vi')}`,
    rubric.name,
    `Đơn vị: ${member.name} (mã ${unit}) – ${group.name}`,
    'Ô nền vàng là ô nhập liệu.',
  ]) {
    const at = line({});
    put(scoring.rows, at, 1, t(text));
    scoring.merges.push(`A${at}:${last}${at}`);
  }
  const headerRow = line(Object.fromEntries(columns.map((k) => [k, t(v.headers?.[k] ?? HEADER[k])])));

  const input = golden[unit] ?? {};
  const values = goldenValues.values.get(unit) ?? {};
  const rowOf = new Map<string, number>();
  const afterRows = new Map<string, number[]>();
  const pointsCol = columnLetters(colOf('points'));
  const formula = (f: string): V => (v.subtotals === 'formula' ? { formula: f } : undefined);
  const pools = new Set([...rubric.bonus.criteria, ...rubric.deduction.criteria].map((c) => c.code));

  const criterion = (c: Criterion) => {
    const o = v.entries?.[c.code];
    if (o === null) return;
    const g = input[c.code];
    const kind = inputKind(c);
    const cells: Row = { code: c.code, content: t(c.title), max: Number(c.max) / 100 };
    if (kind === 'points') {
      const p = typeof g === 'string' ? g : pools.has(c.code) && v.poolZeros ? '0' : undefined;
      cells.points = p === undefined ? undefined : withNumbers(p, style);
    } else if (g && typeof g === 'object') {
      cells.achieved = withNumbers(g.achieved, style);
      if (kind === 'rate' && g.base !== undefined) cells.base = withNumbers(g.base, style);
      if (v.selfScores !== false) cells.points = withNumbers(formatRational(fromHundredths(criterionPoints(c, values[c.code]))), style);
    }
    for (const k of ['points', 'achieved', 'base', 'code', 'note'] as const) if (has(o, k)) cells[k] = o![k];
    rowOf.set(c.code, line(cells));
    for (const extra of v.after?.[c.code] ?? []) {
      const at = line(extra);
      afterRows.set(c.code, [...(afterRows.get(c.code) ?? []), at]);
    }
  };
  const heading = (code: string, title: string, max: bigint): number => line({ code, content: t(title), max: Number(max) / 100 });
  const subtotalRows: number[] = [];
  for (const s of rubric.sections) {
    const at = heading(s.code, s.title, s.max);
    s.criteria.forEach(criterion);
    put(scoring.rows, at, colOf('points'), formula(`SUM(${pointsCol}${at + 1}:${pointsCol}${row})`));
    subtotalRows.push(at);
  }
  const poolRows: number[] = [];
  for (const p of [rubric.bonus, rubric.deduction]) {
    const at = heading(p.code, p.title, p.max);
    p.criteria.forEach(criterion);
    put(scoring.rows, at, colOf('points'), formula(`MIN(${formatRational(fromHundredths(p.max))},SUM(${pointsCol}${at + 1}:${pointsCol}${row}))`));
    poolRows.push(at);
  }
  const sum = (rows: number[]) => rows.map((x) => `${pointsCol}${x}`).join('+');
  line({ content: t('TỔNG ĐIỂM TỰ CHẤM'), max: Number(rubric.total) / 100, points: formula(`${sum([...subtotalRows, poolRows[0]!])}-${pointsCol}${poolRows[1]}`) });
  line({});
  const sign = line({ content: t('NGƯỜI LẬP BIỂU'), note: t('THỦ TRƯỞNG ĐƠN VỊ') });
  put(scoring.rows, sign + 3, colOf('content'), t('Nguyễn Văn An'));
  row = sign + 3;

  const sheets: SheetSpec[] = [info, scoring];
  for (const extra of v.extraSheets ?? []) {
    const sheet = { name: t(extra.name), rows: extra.rows.map((x) => x.map(tv)), merges: [] };
    if (extra.first) sheets.unshift(sheet);
    else sheets.push(sheet);
  }
  const scoringReported = scoringName.normalize('NFC');
  const at = (rr: number, cc: number) => `${scoringReported}!${columnLetters(cc)}${rr}`;
  return {
    unit,
    sheets,
    infoSheet: infoName.normalize('NFC'),
    scoringSheet: scoringReported,
    headerRow,
    info: (key) => {
      const cell = infoCells.get(key);
      if (!cell) throw new Error(`label ${key} left out`);
      return cell;
    },
    cell: (code, col) => {
      const rr = rowOf.get(code);
      if (rr === undefined || colOf(col) === 0) throw new Error(`no cell ${code}/${col}`);
      return at(rr, colOf(col));
    },
    header: (col) => at(headerRow, colOf(col)),
    at,
    afterRow: (code, i = 0) => {
      const rr = afterRows.get(code)?.[i];
      if (rr === undefined) throw new Error(`no row after ${code}`);
      return rr;
    },
    col: colOf,
  };
};

// ---------------------------------------------------------------------------------------------
// Zip-level edits

const sheetPart = (n: number) => `xl/worksheets/sheet${n}.xml`;

/** Inserts XML into a worksheet where the schema wants merges and validations (before `ignoredErrors`, else at the end). */
const intoWorksheet = (bytes: Buffer, part: string, xml: string): Buffer =>
  rezip(bytes, (name, text) => {
    if (name !== part) return undefined;
    const at = text.includes('<ignoredErrors') ? text.indexOf('<ignoredErrors') : text.lastIndexOf('</worksheet>');
    return text.slice(0, at) + xml + text.slice(at);
  });

const withParts = (bytes: Buffer, extra: ZipFile[]): Buffer => zip([...unzip(bytes), ...extra]);

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** An uncompressed 32-bit BMP of `w`×`h` black pixels (what a pasted screenshot can become). */
const bmp = (w: number, h: number): Buffer => {
  const size = 54 + w * h * 4;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(32, 28);
  b.writeUInt32LE(w * h * 4, 34);
  return b;
};

// ---------------------------------------------------------------------------------------------
// Other programs

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

type Format = 'xlsx' | 'xls' | 'ods' | 'csv' | 'pdf';
const FILTERS: Record<Format, string> = {
  xlsx: 'xlsx:Calc MS Excel 2007 XML',
  xls: 'xls:MS Excel 97',
  ods: 'ods:calc8',
  csv: 'csv:Text - txt - csv (StarCalc):44,34,76,1',
  pdf: 'pdf:calc_pdf_Export',
};

/** Converts workbooks with LibreOffice, one `soffice` run per format. */
const libreOffice = async (work: string, format: Format, inputs: Map<string, Buffer>): Promise<Map<string, Buffer>> => {
  const inDir = join(work, `in-${format}`);
  const outDir = join(work, `out-${format}`);
  await mkdir(inDir, { recursive: true });
  const files: string[] = [];
  for (const [stem, bytes] of inputs) {
    const file = join(inDir, `${stem}.xlsx`);
    await writeFile(file, bytes);
    files.push(file);
  }
  run('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', FILTERS[format], '--outdir', outDir, ...files]);
  const out = new Map<string, Buffer>();
  for (const stem of inputs.keys()) out.set(stem, await readFile(join(outDir, `${stem}.${format}`)));
  return out;
};

/**
 * ECMA-376 agile encryption (MS-OFFCRYPTO 2.3.4.10–2.3.4.15), as Excel 2010 and later write it:
 * AES-256-CBC, SHA-512, 100,000 spins, the package in 4,096-byte segments, an HMAC of the
 * `EncryptedPackage` stream; both streams in an OLE compound file (SheetJS's CFB writer). Used
 * when the installed msoffcrypto-tool cannot encrypt (Debian's 5.0 only decrypts); the `\x06DataSpaces`
 * storage Excel also writes is left out (no reader of ours needs it; msoffcrypto-tool decrypts without it),
 * and SheetJS's CFB writer adds its 4-byte placeholder stream `\x01Sh33tJ5`.
 */
const agileEncrypt = (plain: Buffer, password: string): Buffer => {
  const sha = (...parts: Buffer[]) => createHash('sha512').update(Buffer.concat(parts)).digest();
  const aes = (key: Buffer, iv: Buffer, data: Buffer) => {
    const c = createCipheriv('aes-256-cbc', key, iv.subarray(0, 16));
    c.setAutoPadding(false);
    const padded = Buffer.alloc(Math.ceil(data.length / 16) * 16);
    data.copy(padded);
    return Buffer.concat([c.update(padded), c.final()]);
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const keyDataSalt = randomBytes(16);
  const secretKey = randomBytes(32);
  // The package: its size, then each 4,096-byte segment with IV = H(keyDataSalt + segment index).
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(plain.length));
  const segments: Buffer[] = [size];
  for (let i = 0, at = 0; at < plain.length; i += 1, at += 4096) segments.push(aes(secretKey, sha(keyDataSalt, u32(i)), plain.subarray(at, at + 4096)));
  const encryptedPackage = Buffer.concat(segments);
  // Data integrity: an HMAC key and the HMAC of the stream, encrypted with the secret key.
  const hmacKey = randomBytes(64);
  const hmac = createHmac('sha512', hmacKey).update(encryptedPackage).digest();
  const encryptedHmacKey = aes(secretKey, sha(keyDataSalt, Buffer.from('5fb2ad010cb9e1f6', 'hex')), hmacKey);
  const encryptedHmacValue = aes(secretKey, sha(keyDataSalt, Buffer.from('a0677f02b22c8433', 'hex')), hmac);
  // The password key encryptor.
  const salt = randomBytes(16);
  const spinCount = 100_000;
  let h = sha(salt, Buffer.from(password, 'utf16le'));
  for (let i = 0; i < spinCount; i += 1) h = sha(u32(i), h);
  const keyFor = (block: string) => sha(h, Buffer.from(block, 'hex')).subarray(0, 32);
  const verifier = randomBytes(16);
  const encryptedVerifierHashInput = aes(keyFor('fea7d2763b4b9e79'), salt, verifier);
  const encryptedVerifierHashValue = aes(keyFor('d7aa0f6d3061344e'), salt, sha(verifier));
  const encryptedKeyValue = aes(keyFor('146e0be7abacd0d6'), salt, secretKey);
  const b64 = (b: Buffer) => b.toString('base64');
  const params = 'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"';
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">' +
    `<keyData ${params} saltValue="${b64(keyDataSalt)}"/>` +
    `<dataIntegrity encryptedHmacKey="${b64(encryptedHmacKey)}" encryptedHmacValue="${b64(encryptedHmacValue)}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="${spinCount}" ${params} saltValue="${b64(salt)}" encryptedVerifierHashInput="${b64(encryptedVerifierHashInput)}" encryptedVerifierHashValue="${b64(encryptedVerifierHashValue)}" encryptedKeyValue="${b64(encryptedKeyValue)}"/>` +
    '</keyEncryptor></keyEncryptors></encryption>';
  const encryptionInfo = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml, 'utf8')]);
  const CFB = XLSX.CFB as {
    utils: { cfb_new: () => unknown; cfb_add: (cfb: unknown, name: string, data: Buffer) => void };
    write: (cfb: unknown, o: { type: 'buffer'; fileType: 'cfb' }) => Buffer;
  };
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'EncryptionInfo', encryptionInfo);
  CFB.utils.cfb_add(cfb, 'EncryptedPackage', encryptedPackage);
  return Buffer.from(CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }));
};

/**
 * A password-protected copy: `msoffcrypto-tool -e` where it can encrypt (5.1 and later), else
 * agileEncrypt; either way msoffcrypto-tool must decrypt it back to the same workbook.
 */
const encrypt = async (work: string, bytes: Buffer, password: string): Promise<{ bytes: Buffer; by: string }> => {
  const plain = join(work, 'plain.xlsx');
  const locked = join(work, 'locked.xlsx');
  const back = join(work, 'decrypted.xlsx');
  await writeFile(plain, bytes);
  let by = 'msoffcrypto-tool -e';
  try {
    run('msoffcrypto-tool', ['-e', '-p', password, plain, locked]);
  } catch {
    by = 'agile encryption (AES-256, SHA-512) written by this script';
    await writeFile(locked, agileEncrypt(bytes, password));
  }
  run('msoffcrypto-tool', ['-p', password, locked, back]);
  if (!(await readFile(back)).equals(bytes)) throw new Error('msoffcrypto-tool does not decrypt the encrypted fixture back to the workbook');
  return { bytes: await readFile(locked), by };
};

// ---------------------------------------------------------------------------------------------
// The fixtures

type Found = [ProblemCode, string | null];

interface Fixture {
  file: string;
  about: string;
  /** The file as SheetJS (or the zip tools) made it. */
  build: () => Buffer | Promise<Buffer>;
  /** Re-saved or converted by LibreOffice. */
  convert?: Format;
  /** Applied last (after LibreOffice). */
  post?: (bytes: Buffer, work: string, self: Fixture) => Buffer | Promise<Buffer>;
  unit: string | null;
  errors?: Found[];
  warnings?: Found[];
}

const fixtures: Fixture[] = [];
const add = (f: Fixture) => fixtures.push(f);

/** The layout and its SheetJS workbook. */
const made = (v: Variant, o: { sharedStrings?: boolean } = {}) => {
  const l = layout(v);
  return { l, bytes: () => sheetJs(l.sheets, o) };
};

const NO_MARKS: Partial<Record<ColKey, string>> = {
  code: 'Ma tieu chi',
  content: 'Noi dung tieu chi',
  max: 'Diem toi da',
  achieved: 'So thuc hien',
  base: 'So phai thuc hien',
  points: 'Diem tu cham',
  note: 'Giai trinh, minh chung',
};
const NO_MARK_LABELS: Partial<Record<InfoKey, string>> = {
  bloc: 'Ma khoi thi dua',
  year: 'Nam',
  period: 'Dot',
  unit: 'Ma don vi',
  unitName: 'Ten don vi',
  rubric: 'Mau bieu',
  preparer: 'Nguoi lap',
  preparedOn: 'Ngay lap',
};
const LETTERHEAD = [
  'UBND TỈNH',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Số:      /BC-TĐKT',
];
const REORDERED: ColKey[] = ['content', 'code', 'points', 'achieved', 'base', 'max', 'note'];

// a. Accepted: each unit with inputs once, in the ways other programs and people write it --------

{
  const { bytes } = made({ unit: 'STP-QNG' }, { sharedStrings: true });
  add({
    file: 'a01-sheetjs-plain.xlsx',
    about: 'SheetJS from scratch in the template layout: numbers as number cells, shared strings, no formulas (subtotals empty), worksheets stored before workbook.xml.',
    build: bytes,
    unit: 'STP-QNG',
  });
}
{
  const { bytes } = made({
    unit: 'STP-BDI',
    above: LETTERHEAD,
    columns: REORDERED,
    headers: NO_MARKS,
    labels: NO_MARK_LABELS,
    numbers: 'vi',
    subtotals: 'formula',
    entries: {
      'I.1': { note: 'Báo cáo số 12/BC-STP ngày 05/11/2025' },
      'I.2': { points: ' 4,5' },
      'II.1': { points: `3,5${'\u00A0'}` },
    },
  });
  add({
    file: 'a02-sheetjs-human-edits.xlsx',
    about:
      'SheetJS, as edited by hand: four letterhead rows inserted above the titles (header on row 9), columns reordered (content, code, points, achieved, base, max, note), headers and labels without diacritics (Ma tieu chi, Diem tu cham, Ma don vi), every number as Vietnamese text (4,5; 2.778; one with a leading space, one with a trailing no-break space), subtotal formulas without cached results.',
    build: bytes,
    unit: 'STP-BDI',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-QNG',
    above: LETTERHEAD,
    columns: ['code', 'content', 'achieved', 'base', 'points', 'note', 'max'],
    headers: NO_MARKS,
    labels: NO_MARK_LABELS,
    numbers: 'vi',
    entries: { 'I.2': { achieved: '3.028,00', base: '5.545,00' }, 'II.2': { base: '4.207,0' } },
  });
  add({
    file: 'a03-libreoffice-human-edits.xlsx',
    about:
      'The hand edits of a02 (letterhead rows, columns reordered, no diacritics, Vietnamese text numbers incl. 5.545,00 with thousands and decimals) re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-QNG',
  });
}
{
  const { bytes } = made({ unit: 'STP-PYE', nfd: true, info: { preparedOn: { date: serial(2025, 11, 18) } } });
  add({
    file: 'a04-sheetjs-nfd.xlsx',
    about: 'SheetJS, every label, header, title and both sheet names NFD-decomposed (as macOS file names and some web forms produce); strings as t="str" cells; Ngày lập a real date cell; C.3 written as 0.',
    build: bytes,
    unit: 'STP-PYE',
  });
}
{
  const { bytes } = made({ unit: 'THADS-BDI', nfd: true, numbers: 'vi' });
  add({
    file: 'a05-libreoffice-nfd.xlsx',
    about: 'NFD-decomposed labels, headers and sheet names with Vietnamese text numbers, re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-BDI',
  });
}
const ZW = { zwsp: '\u200B', bom: '\uFEFF', zwj: '\u200D', nbsp: '\u00A0' };
const junkSheet = (title: string): V[][] => [[title], [], ['Ghi chú', 'Đã gửi bản giấy ngày 18/11'], ['I.1', 'không phải bảng chấm điểm'], [1, 2, 3]];
{
  const { bytes } = made({
    unit: 'STP-KHA',
    numbers: 'en',
    extraSheets: [
      { name: 'Hướng dẫn', rows: junkSheet('Hướng dẫn điền'), first: true },
      { name: 'Sheet3', rows: junkSheet('Số liệu tham khảo') },
    ],
    entries: {
      'I.2': { code: `I.2${ZW.zwsp}` },
      'II.3': { code: `${ZW.bom}II.3` },
      'III.1': { code: `III${ZW.zwj}.1` },
      'VI.5': { code: `${ZW.nbsp}VI.5 ` },
    },
  });
  add({
    file: 'a06-sheetjs-extra-sheets-zero-width.xlsx',
    about:
      'SheetJS: an unknown sheet before the two of the template and another after; zero-width characters (U+200B, U+FEFF, U+200D) and a no-break space in criterion codes; numbers as English text (4.5; 7,639).',
    build: bytes,
    unit: 'STP-KHA',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-PYE',
    poolZeros: true,
    extraSheets: [{ name: 'Tổng hợp số liệu', rows: junkSheet('Số liệu THADS'), first: true }],
    entries: { 'I.1': { code: `I.${ZW.zwsp}1` }, 'II.1': { code: `${ZW.bom}II.1` }, 'IV.2': { code: `IV.2${ZW.zwj}` } },
  });
  add({
    file: 'a07-libreoffice-extra-sheet-zero-width.xlsx',
    about:
      'An unknown first sheet, zero-width characters in codes (U+200B inside I.1, U+FEFF before II.1, U+200D after IV.2), 0 written in the empty bonus and deduction criteria; re-saved by LibreOffice (which keeps them).',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-PYE',
  });
}
{
  const { bytes } = made({ unit: 'STP-DNO', subtotals: 'formula' });
  add({
    file: 'a08-libreoffice-formulas-recomputed.xlsx',
    about: 'SheetJS with section, pool and total formulas but no cached results; LibreOffice re-saves it and caches the results it computes.',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-DNO',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-DNO',
    labelCol: 3,
    valueCol: 5,
    labels: Object.fromEntries(Object.entries(LABEL).map(([k, text]) => [k, `${text}:`])),
    headers: { code: 'MÃ TIÊU CHÍ', points: 'Điểm tự chấm\n(điểm)', achieved: 'Số thực hiện\n(việc, nghìn đồng)', base: 'Số phải thực hiện\n(việc, nghìn đồng)' },
    numbers: 'en',
    info: { year: '2025', bloc: 'NTB-TN', period: 'y', unit: 'thads-dno' },
    sheetNames: { info: 'THÔNG TIN', scoring: 'Chấm  điểm ' },
  });
  add({
    file: 'a09-sheetjs-moved-labels.xlsx',
    about:
      'SheetJS: labels moved to column C with a trailing colon and their values in column E; headers in capitals or on two lines ("Điểm tự chấm (điểm)"); sheets named "THÔNG TIN" and "Chấm  điểm " (two spaces, one trailing); bloc, period and unit codes in other letter case (NTB-TN, y, thads-dno); the year as text; numbers as English text (7,215).',
    build: bytes,
    unit: 'THADS-DNO',
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', entries: { 'II.3': { points: 5 } } });
  add({
    file: 'a10-warning-self-score-differs.xlsx',
    about: 'Accepted with SELF_SCORE_DIFFERS: II.3 (target 90 %, 1780 of 1980 = 4,99 points) self-scored 5; the computed points are used.',
    build: bytes,
    unit: 'STP-GLA',
    warnings: [['SELF_SCORE_DIFFERS', l.cell('II.3', 'points')]],
  });
}
{
  const { l, bytes } = made({
    unit: 'THADS-KHA',
    after: { 'II.2': [{ code: 'II.3', content: 'Tiêu chí đơn vị tự thêm: công tác phối hợp', max: 2, points: 2 }] },
  });
  add({
    file: 'a11-warning-criterion-unknown.xlsx',
    about: 'Accepted with CRITERION_UNKNOWN: a row II.3 the unit added (not in thads-2025) is ignored; re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-KHA',
    warnings: [['CRITERION_UNKNOWN', l.at(l.afterRow('II.2'), l.col('code'))]],
  });
}

// d. Huge ranges that stay small on disk --------------------------------------------------------

const WHOLE_COLUMN_VALIDATION =
  '<dataValidations count="2">' +
  '<dataValidation type="decimal" operator="greaterThanOrEqual" allowBlank="1" showErrorMessage="1" sqref="D1:E1048576"><formula1>0</formula1></dataValidation>' +
  '<dataValidation type="decimal" operator="between" allowBlank="1" showErrorMessage="1" sqref="F1:G1048576"><formula1>0</formula1><formula2>20</formula2></dataValidation>' +
  '</dataValidations>';
{
  const l = layout({ unit: 'STP-DLK' });
  l.sheets[1]!.merges.push('H10:Z200000');
  add({
    file: 'd01-sheetjs-merge-200000-rows.xlsx',
    about: 'SheetJS with one merge H10:Z200000 on Chấm điểm (exceljs load expands it to millions of cells); accepted, read in bounded time and memory.',
    build: () => sheetJs(l.sheets),
    unit: 'STP-DLK',
  });
}
{
  const { bytes } = made({ unit: 'THADS-GLA' });
  add({
    file: 'd02-sheetjs-validation-whole-columns.xlsx',
    about: 'SheetJS plus decimal data validations over four whole columns (D1:G1048576) of Chấm điểm; accepted, read in bounded time and memory.',
    build: () => intoWorksheet(bytes(), sheetPart(2), WHOLE_COLUMN_VALIDATION),
    unit: 'THADS-GLA',
  });
}
{
  const l = layout({ unit: 'THADS-DLK' });
  l.sheets[1]!.merges.push('H10:Z200000');
  add({
    file: 'd03-libreoffice-merge-and-validation.xlsx',
    about:
      'The SheetJS file of d01 with the validations of d02, re-saved by LibreOffice: it keeps the merge H10:Z200000, cuts the validations to its used range (D1:G1036) and writes about 19,000 empty styled cells of the merged area (rows 10–1036); accepted.',
    build: () => intoWorksheet(sheetJs(l.sheets), sheetPart(2), WHOLE_COLUMN_VALIDATION),
    convert: 'xlsx',
    unit: 'THADS-DLK',
  });
}

// b. Files that are not workbooks, or not readable ones -------------------------------------------

const plain = (unit: string) => made({ unit }).bytes;
const fileProblem = (code: ProblemCode): Found[] => [[code, null]];

add({ file: 'b-file-not-xlsx-xls.xls', about: 'A real Excel 97–2003 .xls (LibreOffice --convert-to xls).', build: plain('STP-QNG'), convert: 'xls', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-ods.ods', about: 'An OpenDocument spreadsheet (LibreOffice --convert-to ods).', build: plain('STP-BDI'), convert: 'ods', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-ods-renamed.xlsx', about: 'The .ods renamed to .xlsx: a zip, but not a workbook package.', build: plain('STP-PYE'), convert: 'ods', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-csv.csv', about: 'The first sheet as CSV (LibreOffice --convert-to csv, UTF-8).', build: plain('STP-KHA'), convert: 'csv', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-pdf.pdf', about: 'The workbook printed to PDF (LibreOffice --convert-to pdf).', build: plain('STP-GLA'), convert: 'pdf', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-empty.xlsx', about: 'An empty file (0 bytes) named .xlsx.', build: () => Buffer.alloc(0), unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({
  file: 'b-file-not-xlsx-docx.docx',
  about: 'A Word-like package (zip with word/document.xml, no xl/workbook.xml).',
  build: () => {
    const f = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
    return zip([
      f('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      f('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      f('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo tự chấm điểm thi đua năm 2025</w:t></w:r></w:p></w:body></w:document>'),
    ]);
  },
  unit: null,
  errors: fileProblem('FILE_NOT_XLSX'),
});
add({
  file: 'b-file-not-xlsx-zipped-workbook.zip',
  about: 'A valid workbook inside a .zip archive (sent compressed): a zip without xl/workbook.xml.',
  build: () => zip([{ name: 'STP-DLK.xlsx', data: plain('STP-DLK')() }]),
  unit: null,
  errors: fileProblem('FILE_NOT_XLSX'),
});
add({
  file: 'b-file-encrypted.xlsx',
  about: 'A valid workbook protected with the password "thidua2025" (an OLE container holding EncryptionInfo and EncryptedPackage).',
  build: plain('STP-DNO'),
  post: async (bytes, work, f) => {
    const e = await encrypt(work, bytes, 'thidua2025');
    f.about += ` Encrypted by ${e.by}; msoffcrypto-tool decrypts it back to the workbook.`;
    return e.bytes;
  },
  unit: null,
  errors: fileProblem('FILE_ENCRYPTED'),
});
add({
  file: 'b-file-corrupt-truncated.xlsx',
  about: 'A LibreOffice-saved workbook cut to its first 60 % (an interrupted download): no zip directory.',
  build: plain('THADS-QNG'),
  convert: 'xlsx',
  post: (bytes) => bytes.subarray(0, Math.floor(bytes.length * 0.6)),
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-corrupt-sheet-xml.xlsx',
  about: 'A well-formed zip whose Chấm điểm sheet XML is broken: the last row is never closed (</row> removed).',
  build: () =>
    rezip(plain('THADS-BDI')(), (name, text) => {
      if (name !== sheetPart(2)) return undefined;
      const at = text.lastIndexOf('</row>');
      return text.slice(0, at) + text.slice(at + '</row>'.length);
    }),
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-corrupt-bad-bytes.xlsx',
  about: 'A workbook with bytes overwritten inside the compressed data of the Chấm điểm sheet (a damaged copy): inflating fails or the CRC does not match.',
  build: () => {
    const bytes = Buffer.from(plain('THADS-PYE')());
    const name = Buffer.from(sheetPart(2));
    const at = bytes.indexOf(name);
    // The local header of the part: its data starts after the name and the extra field.
    const start = at + name.length + bytes.readUInt16LE(at - 2);
    for (let i = 40; i < 48; i += 1) bytes[start + i] = 0xff - bytes[start + i]!;
    return bytes;
  },
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-too-large-parts.xlsx',
  about: 'A valid workbook plus 1,995 tiny images: over 2,000 parts in the zip.',
  build: () => withParts(plain('THADS-KHA')(), Array.from({ length: 1995 }, (_, i) => ({ name: `xl/media/image${i + 1}.png`, data: PNG }))),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});
add({
  file: 'b-file-too-large-unzipped.xlsx',
  about: 'A valid workbook plus an uncompressed 5,200×5,200 BMP picture: about 108 MB unzipped (over 100 MB) in a file of about 100 KB.',
  build: () => withParts(plain('THADS-GLA')(), [{ name: 'xl/media/image1.bmp', data: bmp(5200, 5200) }]),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});
{
  const l = layout({ unit: 'THADS-DLK' });
  const rows = l.sheets[1]!.rows;
  const first = rows.length + 2;
  for (let r = first; r < first + 100_001; r += 1) put(rows, r, 10, 1);
  add({
    file: 'b-file-too-large-rows.xlsx',
    about: 'SheetJS: Chấm điểm with 100,001 more rows (a column of 1 pasted below the table, J column): over 100,000 rows in a sheet we read.',
    // SheetJS's own deflate is weak on 4.7 MB of rows: the same parts deflated again by zlib.
    build: () => rezip(sheetJs(l.sheets), () => undefined),
    unit: null,
    errors: fileProblem('FILE_TOO_LARGE'),
  });
}
add({
  file: 'b-file-too-large-rows-compact.xlsx',
  about: 'A valid workbook whose Chấm điểm sheet ends with 100,001 rows written without row or cell references (<row><c><v>1</v></c></row>, valid OOXML): over 100,000 rows in a few KB.',
  build: () =>
    rezip(plain('STP-QNG')(), (name, text) =>
      name === sheetPart(2) ? text.replace('</sheetData>', `${'<row><c><v>1</v></c></row>'.repeat(100_001)}</sheetData>`) : undefined,
    ),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});

// b. One file per error (and warning) the content can show ----------------------------------------

{
  const { bytes } = made({ unit: 'STP-BDI', sheetNames: { scoring: 'Bảng điểm' } });
  add({ file: 'b-sheet-missing.xlsx', about: 'Sheet Chấm điểm renamed "Bảng điểm".', build: bytes, unit: 'STP-BDI', errors: [['SHEET_MISSING', null]] });
}
{
  const { l, bytes } = made({ unit: 'STP-PYE', headers: { points: 'Điểm đơn vị chấm' } });
  add({
    file: 'b-header-missing.xlsx',
    about: 'Header "Điểm tự chấm" rewritten as "Điểm đơn vị chấm": the header row has Mã tiêu chí but no self-score column.',
    build: bytes,
    unit: 'STP-PYE',
    errors: [['HEADER_MISSING', l.at(l.headerRow, 1)]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-BDI', columns: ['code', 'content', 'max', 'achieved', 'points', 'note'] });
  add({
    file: 'b-header-missing-base-column.xlsx',
    about: 'A THADS file whose "Số phải thực hiện" column was deleted: every target criterion needs it.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-BDI',
    errors: [['HEADER_MISSING', l.at(l.headerRow, 1)]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-PYE', info: { rubric: null } });
  add({
    file: 'b-info-missing-label.xlsx',
    about: 'The row of label "Mẫu biểu" deleted from Thông tin.',
    build: bytes,
    unit: 'THADS-PYE',
    errors: [['INFO_MISSING', `${l.infoSheet}!A1`]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-KHA', info: { year: undefined } });
  add({
    file: 'b-info-missing-value.xlsx',
    about: 'The value of "Năm" cleared (the label is there, nothing right of it).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-KHA',
    errors: [['INFO_MISSING', l.info('year')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', info: { bloc: 'mn-tn' } });
  add({ file: 'b-bloc-mismatch.xlsx', about: 'Mã khối thi đua of another bloc ("mn-tn").', build: bytes, unit: 'STP-GLA', errors: [['BLOC_MISMATCH', l.info('bloc')]] });
}
{
  const { l, bytes } = made({ unit: 'THADS-KHA', info: { year: 2024 } });
  add({ file: 'b-year-mismatch.xlsx', about: "Last year's file: Năm 2024.", build: bytes, convert: 'xlsx', unit: 'THADS-KHA', errors: [['YEAR_MISMATCH', l.info('year')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-DLK', info: { period: 'H1' } });
  add({ file: 'b-period-mismatch.xlsx', about: 'The mid-year file (Đợt H1) sent for period Y.', build: bytes, unit: 'STP-DLK', errors: [['PERIOD_MISMATCH', l.info('period')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-QNG', info: { unit: 'STP-HCM' } });
  add({ file: 'b-unit-unknown.xlsx', about: 'Mã đơn vị "STP-HCM" is not a member: the unit is null.', build: bytes, unit: null, errors: [['UNIT_UNKNOWN', l.info('unit')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-DNO', info: { rubric: 'thads-2025' } });
  add({
    file: 'b-rubric-mismatch.xlsx',
    about: 'An STP unit whose Mẫu biểu names the THADS rubric (thads-2025).',
    build: bytes,
    unit: 'STP-DNO',
    errors: [['RUBRIC_MISMATCH', l.info('rubric')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-QNG', entries: { 'III.2': null } });
  add({
    file: 'b-criterion-missing.xlsx',
    about: 'The row of III.2 deleted; reported at the Mã tiêu chí header.',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-QNG',
    errors: [['CRITERION_MISSING', l.header('code')]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-GLA', after: { 'IV.1': [{ code: 'IV.1', content: 'Tiêu chí IV.1 (chép lại)', max: 5, points: 3 }] } });
  add({
    file: 'b-criterion-duplicate.xlsx',
    about: 'The row of IV.1 copied below itself: reported at the second row.',
    build: bytes,
    unit: 'THADS-GLA',
    errors: [['CRITERION_DUPLICATE', l.at(l.afterRow('IV.1'), l.col('code'))]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-BDI', entries: { 'I.2': { points: undefined }, 'II.3': { base: undefined } } });
  add({
    file: 'b-value-missing.xlsx',
    about: 'Manual I.2 without points and target II.3 without "Số phải thực hiện".',
    build: bytes,
    unit: 'STP-BDI',
    errors: [
      ['VALUE_MISSING', l.cell('I.2', 'points')],
      ['VALUE_MISSING', l.cell('II.3', 'base')],
    ],
  });
}
{
  const { l, bytes } = made({
    unit: 'THADS-DLK',
    entries: { 'II.1': { points: 'sáu rưỡi' }, 'I.2': { achieved: { error: '#REF!' } }, 'II.2': { base: { date: serial(2025, 11, 18) } } },
  });
  add({
    file: 'b-value-not-number.xlsx',
    about: 'Points "sáu rưỡi" (II.1), a #REF! error cell as achieved (I.2), a date cell as base (II.2).',
    build: bytes,
    unit: 'THADS-DLK',
    errors: [
      ['VALUE_NOT_NUMBER', l.cell('I.2', 'achieved')],
      ['VALUE_NOT_NUMBER', l.cell('II.1', 'points')],
      ['VALUE_NOT_NUMBER', l.cell('II.2', 'base')],
    ],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-PYE', entries: { 'D.2': { points: -3 } } });
  add({
    file: 'b-value-negative.xlsx',
    about: 'Deduction D.2 entered as -3 (the template asks for the points taken off, positive).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-PYE',
    errors: [['VALUE_NEGATIVE', l.cell('D.2', 'points')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-KHA', entries: { 'I.2': { points: 7 } } });
  add({ file: 'b-score-above-max.xlsx', about: 'I.2 (max 6) self-scored 7.', build: bytes, unit: 'STP-KHA', errors: [['SCORE_ABOVE_MAX', l.cell('I.2', 'points')]] });
}
{
  const { l, bytes } = made({ unit: 'THADS-QNG', entries: { 'III.2': { points: '4,25' } } });
  add({
    file: 'b-score-off-step.xlsx',
    about: 'III.2 (step 0,5) self-scored "4,25" as text.',
    build: bytes,
    unit: 'THADS-QNG',
    errors: [['SCORE_OFF_STEP', l.cell('III.2', 'points')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', entries: { 'III.1': { achieved: 581, base: 571 } } });
  add({
    file: 'b-achieved-above-base.xlsx',
    about: 'III.1 with 581 done of 571 (digits swapped).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-GLA',
    errors: [['ACHIEVED_ABOVE_BASE', l.cell('III.1', 'achieved')]],
  });
}

// c. Ten mistakes in one file, ten entries ----------------------------------------------------------

const tenMistakes = (unit: string, dlk: boolean): { l: Layout; bytes: () => Buffer; errors: Found[]; warnings: Found[] } => {
  const g = golden[unit]!;
  const ii3 = g['II.3'] as { achieved: string; base: string };
  const { l, bytes } = made({
    unit,
    above: LETTERHEAD.slice(1),
    columns: REORDERED,
    headers: { code: NO_MARKS.code!, points: 'ĐIỂM TỰ CHẤM'.normalize('NFD') },
    info: { bloc: 'nam-trung-bo', year: 2024, period: 'H1', rubric: 'thads-2025' },
    numbers: dlk ? 'vi' : 'number',
    entries: {
      'V.2': null,
      'I.3': { points: 'sáu' },
      'III.2': { points: '4,6' },
      'II.3': { achieved: Number(ii3.base), base: Number(ii3.achieved) },
    },
    after: {
      'IV.1': [{ code: 'IV.1', content: 'Tiêu chí IV.1', max: 5, points: 4 }],
      'VI.5': [{ code: 'VI.6', content: 'Tiêu chí đơn vị tự thêm', max: 2, points: 2 }],
    },
  });
  return {
    l,
    bytes,
    errors: [
      ['BLOC_MISMATCH', l.info('bloc')],
      ['YEAR_MISMATCH', l.info('year')],
      ['PERIOD_MISMATCH', l.info('period')],
      ['RUBRIC_MISMATCH', l.info('rubric')],
      ['CRITERION_DUPLICATE', l.at(l.afterRow('IV.1'), l.col('code'))],
      ['CRITERION_MISSING', l.header('code')],
      ['VALUE_NOT_NUMBER', l.cell('I.3', 'points')],
      ['ACHIEVED_ABOVE_BASE', l.cell('II.3', 'achieved')],
      ['SCORE_OFF_STEP', l.cell('III.2', 'points')],
    ],
    warnings: [['CRITERION_UNKNOWN', l.at(l.afterRow('VI.5'), l.col('code'))]],
  };
};
{
  const t = tenMistakes('STP-DLK', true);
  add({
    file: 'c-ten-mistakes.xlsx',
    about:
      'SheetJS, hand-edited layout, ten different mistakes → ten entries: bloc, year, period and rubric of other files; IV.1 twice; V.2 missing; I.3 "sáu"; II.3 achieved > base; III.2 "4,6" off step 0,25; an unknown row VI.6 (warning).',
    build: t.bytes,
    unit: 'STP-DLK',
    errors: t.errors,
    warnings: t.warnings,
  });
}
{
  const t = tenMistakes('STP-QNG', false);
  add({
    file: 'c-ten-mistakes-libreoffice.xlsx',
    about: 'The same ten mistakes for STP-QNG (numbers as number cells), re-saved by LibreOffice.',
    build: t.bytes,
    convert: 'xlsx',
    unit: 'STP-QNG',
    errors: t.errors,
    warnings: t.warnings,
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

const work = await mkdtemp(join(tmpdir(), 'bloc-fixtures-'));
try {
  const names = new Set<string>();
  for (const f of fixtures) {
    if (names.has(f.file)) throw new Error(`duplicate fixture ${f.file}`);
    names.add(f.file);
  }
  const built = new Map<string, Buffer>();
  for (const f of fixtures) built.set(f.file, await f.build());

  const formats = [...new Set(fixtures.flatMap((f) => (f.convert ? [f.convert] : [])))];
  for (const format of formats) {
    const todo = fixtures.filter((f) => f.convert === format);
    const stem = (f: Fixture) => f.file.replace(/\.[^.]+$/, '');
    console.log(`LibreOffice → ${format}: ${todo.length} file(s)`);
    const out = await libreOffice(work, format, new Map(todo.map((f) => [stem(f), built.get(f.file)!])));
    for (const f of todo) built.set(f.file, out.get(stem(f))!);
  }
  for (const f of fixtures) if (f.post) built.set(f.file, await f.post(built.get(f.file)!, work, f));

  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const expected: Record<string, unknown> = {};
  let total = 0;
  for (const f of fixtures) {
    const bytes = built.get(f.file)!;
    await writeFile(join(OUT, f.file), bytes);
    total += bytes.length;
    const errors = (f.errors ?? []).map(([code, cell]) => ({ code, cell }));
    const warnings = (f.warnings ?? []).map(([code, cell]) => ({ code, cell }));
    expected[f.file] = { status: errors.length ? 'rejected' : 'accepted', unit: f.unit, errors, warnings, about: f.about };
    console.log(`${f.file.padEnd(48)} ${String(bytes.length).padStart(8)} B  ${errors.length ? errors.map((e) => e.code).join(',') : 'accepted'}`);
  }
  await writeFile(join(OUT, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${fixtures.length} fixtures, ${(total / 1024).toFixed(0)} KB in ${OUT} (${(await readdir(OUT)).length} files)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
