/**
 * The review workbook (SPEC §10) for one reviewer and one period: sheet `Thông tin` (bloc, year,
 * period, `Đơn vị thẩm định`, who and when) and one sheet per unit the reviewer may review, named by
 * its code, made from that unit's current accepted version: `Mã đơn vị`, `Phiên bản` (its upload id),
 * then one row per criterion with the unit's numbers and points (locked; points as §4 computes
 * them) and the reviewer's inputs (unlocked, validated): an empty input means "agreed".
 *
 * A pure function of (bloc, period, reviewer, current versions): the command line reads the store.
 * Every text is written as text, never as a formula. No cell depends on a formula.
 */
import ExcelJS, { type Cell, type Row, type Workbook, type Worksheet } from 'exceljs';
import type { Flag } from '../../insight/flags.js';
import { findPeriod, groupOf, memberOf, reviewRoleOf, type Bloc, type Group, type Member, type Period } from '../../model/bloc.js';
import { criterionPoints } from '../../model/criterion-points.js';
import { REVIEW_HEADERS, REVIEW_INFO_LABELS, REVIEW_INFO_SHEET, REVIEW_UNIT_LABELS, type ReviewColumnKey } from '../../model/review-layout.js';
import { inputKind, type Criterion, type Hundredths } from '../../model/rubric.js';
import type { Values } from '../../model/submission.js';
import { fromHundredths, toNumber, type Rational } from '../../numbers/rational.js';
import { localTime, vnDate } from '../../text/local-time.js';
import { vnPoints } from '../../text/vietnamese-number.js';
import {
  COLOR,
  POINTS_FORMAT,
  TEMPLATE_BORDER,
  alignment,
  cleanText,
  font,
  freezeRows,
  heightFor,
  linesIn,
  markInput,
  printSetup,
  protectSheet,
  setText,
  solid,
} from '../style.js';
import { sheetName } from '../sheet-name.js';
import { flagNote, markFlagged } from './flag-marks.js';

/** One unit's version under review: its upload id and its accepted entries (decoded). */
export interface ReviewedVersion {
  unit: string;
  uploadId: string;
  /** UTC ISO time of receipt, shown beside the version. */
  receivedAt?: string;
  values: Values;
}

/** What a reviewer types in one criterion's inputs: a number stays a number, a string is text as given. */
export interface ReviewFillEntry {
  achieved?: string | number;
  base?: string | number;
  points?: string | number;
  reason?: string;
}

export interface ReviewWorkbookOptions {
  reviewerName?: string;
  reviewedOn?: string;
  /** Unit code → criterion code → inputs; for tests and pre-filled copies. */
  fill?: Record<string, Record<string, ReviewFillEntry>>;
  /** Flags for review (shared/insight/flags.ts): their cells are filled and carry the reason as a note. */
  flags?: readonly Flag[];
}

/** The members `reviewer` may review in the period (the lead: every other member), in configuration order. */
export const reviewableUnits = (bloc: Bloc, period: Period, reviewer: string): string[] =>
  bloc.groups.flatMap((g) => g.members.map((m) => m.code)).filter((unit) => reviewRoleOf(bloc, period, reviewer, unit) !== null);

/** Columns in sheet order: key, width (characters). */
const COLUMNS: [ReviewColumnKey, number][] = [
  ['code', 8],
  ['content', 46],
  ['max', 8],
  ['achieved', 12],
  ['base', 12],
  ['points', 10],
  ['reviewedAchieved', 13],
  ['reviewedBase', 13],
  ['reviewedPoints', 11],
  ['reason', 36],
];
const COL = Object.fromEntries(COLUMNS.map(([key], i) => [key, i + 1])) as Record<ReviewColumnKey, number>;
const LAST_COL = COLUMNS.length;
const TOTAL_WIDTH = COLUMNS.reduce((n, [, w]) => n + w, 0);
const WIDTH = Object.fromEntries(COLUMNS) as Record<ReviewColumnKey, number>;

export const UNIT_HEADER_ROW = 6;

/** A receipt time in the bloc's time zone; as given when it is not a time. */
const receivedText = (iso: string, tz: string): string => (Number.isNaN(Date.parse(iso)) ? iso : localTime(new Date(iso), tz));
const num = (r: Rational): number => toNumber(r);
const pointsNumber = (h: Hundredths): number => toNumber(fromHundredths(h));
/** Excel limits: a validation title 32 characters, its message 255. */
const clip = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

const writeInput = (cell: Cell, v: string | number | undefined): void => {
  if (v === undefined || v === '') return;
  if (typeof v === 'number') cell.value = v;
  else setText(cell, v);
};

const validateDecimal = (cell: Cell, code: string, prompt: string, max?: Hundredths): void => {
  cell.dataValidation = {
    type: 'decimal',
    operator: max === undefined ? 'greaterThanOrEqual' : 'between',
    allowBlank: true,
    formulae: max === undefined ? [0] : [0, pointsNumber(max)],
    showInputMessage: true,
    promptTitle: clip(`Tiêu chí ${code}`, 32),
    prompt: clip(`${prompt} Để trống nếu đồng ý với số liệu của đơn vị.`, 255),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Giá trị không hợp lệ',
    error: clip(max === undefined ? 'Nhập một số không âm.' : `Nhập số điểm từ 0 đến ${vnPoints(max)}.`, 255),
  };
};

const validateReason = (cell: Cell, code: string): void => {
  cell.dataValidation = {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [2000],
    showInputMessage: true,
    promptTitle: clip(`Lý do – tiêu chí ${code}`, 32),
    prompt: 'Bắt buộc khi giá trị thẩm định khác số liệu của đơn vị: nêu căn cứ, minh chứng.',
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Lý do quá dài',
    error: 'Lý do tối đa 2.000 ký tự.',
  };
};

// ---------------------------------------------------------------------------------------------

interface Context {
  bloc: Bloc;
  period: Period;
  reviewer: Member;
  role: 'lead' | 'assigned';
}

const INFO_WIDTH = { label: 22, value: 34, note: 72 } as const;

const instructions = (units: number): string[] => [
  `Tệp gồm ${units} sheet đơn vị, mỗi sheet mang mã của đơn vị được thẩm định. Các cột "${REVIEW_HEADERS.achieved}", "${REVIEW_HEADERS.base}", "${REVIEW_HEADERS.points}" là số liệu đơn vị đã nộp (đã khóa).`,
  `Chỉ nhập vào các ô nền vàng: "${REVIEW_HEADERS.reviewedAchieved}", "${REVIEW_HEADERS.reviewedBase}" (tiêu chí tính theo tỷ lệ hoặc thang điểm), "${REVIEW_HEADERS.reviewedPoints}" (tiêu chí chấm trực tiếp) và "${REVIEW_HEADERS.reason}".`,
  'Để trống nghĩa là đồng ý với số liệu của đơn vị. Giá trị thẩm định khác số liệu của đơn vị phải ghi lý do.',
  `Không đổi tên sheet, không sửa mã tiêu chí, "${REVIEW_UNIT_LABELS.unit}" và "${REVIEW_UNIT_LABELS.version}". Xóa sheet của một đơn vị thì kết quả thẩm định trước đó của đơn vị ấy được giữ nguyên.`,
  'Lưu tệp dạng Excel Workbook (.xlsx), không đặt mật khẩu.',
];

const addInfoSheet = async (wb: Workbook, ctx: Context, versions: { member: Member; version: ReviewedVersion }[], o: ReviewWorkbookOptions): Promise<void> => {
  const ws = wb.addWorksheet(REVIEW_INFO_SHEET, { properties: { tabColor: { argb: COLOR.title } } });
  ws.getColumn(1).width = INFO_WIDTH.label;
  ws.getColumn(2).width = INFO_WIDTH.value;
  ws.getColumn(3).width = INFO_WIDTH.note;
  const total = INFO_WIDTH.label + INFO_WIDTH.value + INFO_WIDTH.note;
  const title = (row: number, text: string, size: number, bold: boolean) => {
    ws.mergeCells(row, 1, row, 3);
    const cell = ws.getCell(row, 1);
    setText(cell, text);
    cell.font = font({ size, bold, italic: !bold, color: { argb: COLOR.title } });
    cell.alignment = alignment({ horizontal: 'center' });
    ws.getRow(row).height = heightFor(linesIn(text, total, size), 8, size);
  };
  title(1, `PHIẾU THẨM ĐỊNH KẾT QUẢ TỰ CHẤM ĐIỂM THI ĐUA – ${ctx.period.name.toLocaleUpperCase('vi')}`, 14, true);
  const { bloc, period, reviewer, role } = ctx;
  title(2, `${bloc.name} – đơn vị thẩm định: ${reviewer.name} (${role === 'lead' ? 'trưởng khối' : 'chấm chéo'})`, 12, false);
  const rows: { label: string; value: string | number; note?: string; input?: boolean; date?: boolean }[] = [
    { label: REVIEW_INFO_LABELS.bloc, value: bloc.id, note: bloc.name },
    { label: REVIEW_INFO_LABELS.year, value: bloc.year },
    { label: REVIEW_INFO_LABELS.period, value: period.id, note: `${period.name} (từ ${vnDate(period.from)} đến ${vnDate(period.to)})` },
    { label: REVIEW_INFO_LABELS.reviewer, value: reviewer.code },
    { label: REVIEW_INFO_LABELS.reviewerName, value: o.reviewerName ?? '', input: true },
    { label: REVIEW_INFO_LABELS.reviewedOn, value: o.reviewedOn ?? '', input: true, date: true },
  ];
  let r = 4;
  for (const item of rows) {
    const row = ws.getRow(r++);
    const [label, value, note] = [row.getCell(1), row.getCell(2), row.getCell(3)];
    setText(label, item.label);
    label.font = font({ bold: true });
    label.fill = solid(COLOR.header);
    if (typeof item.value === 'number') value.value = item.value;
    else if (item.value !== '') setText(value, item.value);
    value.font = font({ bold: !item.input });
    if (item.input) markInput(value);
    if (item.date) value.numFmt = 'dd/mm/yyyy';
    for (const cell of [label, value]) {
      cell.border = TEMPLATE_BORDER;
      cell.alignment = alignment({ horizontal: 'left' });
    }
    if (item.note) {
      setText(note, item.note);
      note.font = font({ italic: true, color: { argb: COLOR.muted } });
      note.alignment = alignment({ horizontal: 'left' });
    }
  }
  r += 1;
  const heading = (text: string) => {
    const cell = ws.getCell(r++, 1);
    setText(cell, text);
    cell.font = font({ bold: true, color: { argb: COLOR.title } });
  };
  heading('ĐƠN VỊ ĐƯỢC THẨM ĐỊNH');
  for (const { member, version } of versions) {
    const row = ws.getRow(r++);
    setText(row.getCell(1), member.code);
    setText(row.getCell(2), member.name);
    setText(row.getCell(3), `Phiên bản ${version.uploadId}${version.receivedAt ? ` (nhận lúc ${receivedText(version.receivedAt, bloc.timezone)})` : ''}`);
    for (let c = 1; c <= 3; c++) {
      row.getCell(c).font = font();
      row.getCell(c).border = TEMPLATE_BORDER;
      row.getCell(c).alignment = alignment({ horizontal: 'left' });
    }
  }
  r += 1;
  heading('HƯỚNG DẪN');
  for (const [i, text] of instructions(versions.length).entries()) {
    ws.mergeCells(r, 1, r, 3);
    const cell = ws.getCell(r, 1);
    const line = `${i + 1}. ${text}`;
    setText(cell, line);
    cell.font = font();
    cell.alignment = alignment({ horizontal: 'left', vertical: 'top' });
    ws.getRow(r++).height = heightFor(linesIn(line, total));
  }
  printSetup(ws, { footer: `Thẩm định ${reviewer.code} – ${period.name}` });
  await protectSheet(ws);
};

// ---------------------------------------------------------------------------------------------

class UnitSheet {
  private readonly ws: Worksheet;
  private row = UNIT_HEADER_ROW;

  constructor(
    wb: Workbook,
    name: string,
    private readonly ctx: Context,
    private readonly group: Group,
    private readonly member: Member,
    private readonly version: ReviewedVersion,
    private readonly fill: Record<string, ReviewFillEntry>,
    private readonly flags: readonly Flag[],
  ) {
    this.ws = wb.addWorksheet(name, { properties: { tabColor: { argb: COLOR.input } } });
    COLUMNS.forEach(([, width], i) => (this.ws.getColumn(i + 1).width = width));
  }

  async write(): Promise<void> {
    const { rubric } = this.group;
    this.titles();
    this.header();
    for (const s of rubric.sections) {
      this.heading(s.code, s.title, s.max);
      for (const c of s.criteria) this.criterion(c);
    }
    for (const p of [rubric.bonus, rubric.deduction]) {
      this.heading(p.code, p.title, p.max);
      for (const c of p.criteria) this.criterion(c);
    }
    freezeRows(this.ws, UNIT_HEADER_ROW + 1, 2);
    printSetup(this.ws, {
      titleRows: [UNIT_HEADER_ROW, UNIT_HEADER_ROW],
      footer: `Thẩm định ${this.member.code} – ${this.ctx.reviewer.code} – ${this.ctx.period.name}`,
    });
    await protectSheet(this.ws);
  }

  private cell(row: Row, key: ReviewColumnKey): Cell {
    return row.getCell(COL[key]);
  }

  private titles(): void {
    const text = `THẨM ĐỊNH: ${this.member.name} – ${this.group.rubric.name}`;
    this.ws.mergeCells(1, 1, 1, LAST_COL);
    const title = this.ws.getCell(1, 1);
    setText(title, text);
    title.font = font({ size: 14, bold: true, color: { argb: COLOR.title } });
    title.alignment = alignment({ horizontal: 'center' });
    this.ws.getRow(1).height = heightFor(linesIn(text, TOTAL_WIDTH, 14), 6, 14);
    // Who and which version, on a line of its own: a label's row holds nothing right of its value
    // (the reader takes the next non-empty cell, so an emptied value must not find a note).
    const received = this.version.receivedAt ? `, nhận lúc ${receivedText(this.version.receivedAt, this.ctx.bloc.timezone)}` : '';
    const flagged = this.flags.length ? ` ${flagNote(this.flags.length)}` : '';
    const about = `${this.member.name} – ${this.group.name}; bản nộp đang có hiệu lực${received}. Ô nền vàng là ô nhập liệu; để trống nghĩa là đồng ý.${flagged}`;
    this.ws.mergeCells(2, 1, 2, LAST_COL);
    const note = this.ws.getCell(2, 1);
    setText(note, about);
    note.font = font({ italic: true, color: { argb: COLOR.muted } });
    note.alignment = alignment({ horizontal: 'left' });
    this.ws.getRow(2).height = heightFor(linesIn(about, TOTAL_WIDTH));
    const labels: [string, string][] = [
      [REVIEW_UNIT_LABELS.unit, this.member.code],
      [REVIEW_UNIT_LABELS.version, this.version.uploadId],
    ];
    labels.forEach(([label, value], i) => {
      const row = this.ws.getRow(3 + i);
      const [a, b] = [row.getCell(1), row.getCell(2)];
      setText(a, label);
      a.font = font({ bold: true });
      a.fill = solid(COLOR.header);
      a.border = TEMPLATE_BORDER;
      setText(b, value);
      b.font = font({ bold: true });
      b.border = TEMPLATE_BORDER;
      b.alignment = alignment({ horizontal: 'left', wrapText: false });
      if (i === 0)
        markFlagged(
          b,
          this.flags.filter((f) => f.criterion === null),
        );
    });
  }

  private header(): void {
    const row = this.ws.getRow(UNIT_HEADER_ROW);
    let lines = 1;
    for (const [key, width] of COLUMNS) {
      const cell = this.cell(row, key);
      const text = REVIEW_HEADERS[key];
      setText(cell, text);
      const input = key.startsWith('reviewed') || key === 'reason';
      cell.font = font({ bold: true });
      cell.fill = solid(input ? COLOR.input : COLOR.header);
      cell.border = TEMPLATE_BORDER;
      cell.alignment = alignment({ horizontal: 'center' });
      lines = Math.max(lines, linesIn(text, width));
    }
    row.height = heightFor(lines);
  }

  private next(): Row {
    this.row += 1;
    return this.ws.getRow(this.row);
  }

  private frame(row: Row, fillColor?: string, bold = false): void {
    for (const [key] of COLUMNS) {
      const cell = this.cell(row, key);
      cell.border = TEMPLATE_BORDER;
      cell.font = font({ bold });
      cell.alignment = alignment(key === 'content' || key === 'reason' ? { horizontal: 'left' } : { horizontal: 'center' });
      if (fillColor) cell.fill = solid(fillColor);
    }
    for (const key of ['max', 'points', 'reviewedPoints'] as const) this.cell(row, key).numFmt = POINTS_FORMAT;
  }

  private heading(code: string, title: string, max: Hundredths): void {
    const row = this.next();
    this.frame(row, COLOR.section, true);
    setText(this.cell(row, 'code'), code);
    setText(this.cell(row, 'content'), title);
    this.cell(row, 'max').value = pointsNumber(max);
    row.height = heightFor(linesIn(title, WIDTH.content));
  }

  private criterion(c: Criterion): void {
    const row = this.next();
    this.frame(row);
    const entry = this.version.values[c.code];
    const fill = this.fill[c.code] ?? {};
    setText(this.cell(row, 'code'), c.code);
    setText(this.cell(row, 'content'), c.title);
    this.cell(row, 'max').value = pointsNumber(c.max);
    const kind = inputKind(c);
    const grey = (key: ReviewColumnKey) => (this.cell(row, key).fill = solid(COLOR.computed));
    if (entry?.achieved && kind !== 'points') this.cell(row, 'achieved').value = num(entry.achieved);
    if (entry?.base && kind === 'rate') this.cell(row, 'base').value = num(entry.base);
    if (kind === 'points') (['achieved', 'base'] as const).forEach(grey);
    if (kind === 'value') grey('base');
    // Points as SPEC §4 computes them from the version's entries; an absent bonus or deduction is 0.
    if (entry || kind === 'points') this.cell(row, 'points').value = pointsNumber(criterionPoints(c, entry));

    const input = (key: ReviewColumnKey, value: string | number | undefined, prompt: string, max?: Hundredths) => {
      const cell = this.cell(row, key);
      markInput(cell);
      validateDecimal(cell, c.code, prompt, max);
      writeInput(cell, value);
    };
    if (kind === 'points') {
      grey('reviewedAchieved');
      grey('reviewedBase');
      input('reviewedPoints', fill.points, `Điểm thẩm định, từ 0 đến ${vnPoints(c.max)}.`, c.max);
    } else {
      const measured = c as Exclude<Criterion, { type: 'manual' }>;
      input('reviewedAchieved', fill.achieved, `Số thực hiện thẩm định: ${measured.achievedLabel}.`);
      if (kind === 'rate') input('reviewedBase', fill.base, `Số phải thực hiện thẩm định: ${measured.baseLabel}.`);
      else grey('reviewedBase');
      grey('reviewedPoints'); // computed from the reviewed numbers
    }
    const reason = this.cell(row, 'reason');
    markInput(reason);
    validateReason(reason, c.code);
    if (fill.reason !== undefined && fill.reason !== '') setText(reason, fill.reason);
    row.height = Math.max(heightFor(linesIn(c.title, WIDTH.content)), heightFor(linesIn(fill.reason ?? '', WIDTH.reason)));
    const flags = this.flags.filter((f) => f.criterion === c.code);
    markFlagged(this.cell(row, 'code'), flags, false);
    markFlagged(this.cell(row, 'points'), flags);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * The review workbook of `reviewer` for the period, from the units' current versions: one sheet per
 * unit the reviewer may review that has a current version (in configuration order). Throws a
 * RangeError (in Vietnamese) for an unknown period or reviewer, or when nothing is left to review.
 */
export async function buildReviewWorkbook(
  bloc: Bloc,
  periodId: string,
  reviewerCode: string,
  current: readonly ReviewedVersion[],
  o: ReviewWorkbookOptions = {},
): Promise<Buffer> {
  const period = findPeriod(bloc, periodId);
  if (!period) throw new RangeError(`đợt "${periodId}" không có trong khối ${bloc.id}`);
  const reviewer = memberOf(bloc, reviewerCode);
  if (!reviewer) throw new RangeError(`"${reviewerCode}" không phải đơn vị thành viên của khối ${bloc.id}`);
  const byUnit = new Map(current.map((v) => [v.unit, v]));
  const units = reviewableUnits(bloc, period, reviewerCode).filter((u) => byUnit.has(u));
  if (!units.length)
    throw new RangeError(
      `${reviewerCode} không có đơn vị nào để thẩm định trong đợt ${periodId} (chưa được phân công, hoặc các đơn vị được phân công chưa có bản nộp được tiếp nhận)`,
    );
  for (const unit of Object.keys(o.fill ?? {}))
    if (!units.includes(unit)) throw new RangeError(`tệp thẩm định của ${reviewerCode} không có sheet của đơn vị "${unit}"`);
  const role = reviewerCode === bloc.lead ? 'lead' : 'assigned';
  const ctx: Context = { bloc, period, reviewer, role };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bloc';
  wb.title = cleanText(`Thẩm định – ${reviewerCode} – ${periodId}`);
  const versions = units.map((u) => ({ member: memberOf(bloc, u)!, version: byUnit.get(u)! }));
  await addInfoSheet(wb, ctx, versions, o);
  const taken = new Set([REVIEW_INFO_SHEET.toLowerCase()]);
  for (const { member, version } of versions)
    await new UnitSheet(
      wb,
      sheetName(member.code, taken),
      ctx,
      groupOf(bloc, member.code)!,
      member,
      version,
      o.fill?.[member.code] ?? {},
      (o.flags ?? []).filter((f) => f.unit === member.code),
    ).write();
  return Buffer.from(await wb.xlsx.writeBuffer());
}
