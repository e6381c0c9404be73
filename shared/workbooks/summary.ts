/**
 * The summary workbook of a bloc period (SPEC §7): `Tổng hợp` (ranking, class, award per group),
 * one matrix of criteria × units per group, `Tự chấm – Tính toán` (self-scores against computed and
 * reviewed points) and `Nhật ký nộp` (every version received). Ready to print: A4 landscape, one
 * page wide, repeated header rows, frozen panes, autofilter.
 */
import ExcelJS from 'exceljs';
import type { DataBarRuleType, Font, Worksheet } from 'exceljs';
import { findPeriod, type Bloc, type Group } from '../model/bloc.js';
import { allCriteria, type Criterion, type TargetCriterion } from '../model/rubric.js';
import type { Reviews, Values } from '../model/submission.js';
import { fromHundredths, isZero, sub, toNumber, type Rational } from '../numbers/rational.js';
import type { GroupResult, MemberResult, MemberStatus, PeriodResult } from '../scoring/period.js';
import { criterionPoints } from '../scoring/score.js';
import { withFilterDatabaseNames } from './summary-package.js';
import { localDateCell, localTime, offsetLabel, sheetName } from './summary-names.js';
import {
  BOLD,
  BORDER,
  COLOR,
  FILL,
  FONT,
  GROUP_TOP_BORDER,
  NOTE_FONT,
  SUBTITLE_FONT,
  TITLE_FONT,
  align,
  bodyRow,
  decimal,
  fitRowHeight,
  headerRow,
  integer,
  points,
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from './summary-style.js';

export interface SubmissionLogEntry {
  unit: string | null;
  version: number;
  file: string;
  receivedAt: string /* ISO */;
  status: 'accepted' | 'rejected';
  errors: number;
  warnings: number;
  late?: boolean;
}

export interface SummarySubmission {
  values: Values;
  selfScores: Record<string, Rational>;
  reviews?: Reviews;
}

export interface SummaryInput {
  result: PeriodResult;
  /** The accepted version of each unit. */
  submissions: Map<string, SummarySubmission>;
  log: SubmissionLogEntry[];
  generatedAt: Date;
}

export const SUMMARY_SHEET = 'Tổng hợp';
export const SELF_SCORE_SHEET = 'Tự chấm – Tính toán';
export const LOG_SHEET = 'Nhật ký nộp';

/** Header row of every table (the matrix has a second header row below it). */
export const HEADER_ROW = 5;

export const STATUS_TEXT: Record<MemberStatus, string> = {
  accepted: 'Đã tiếp nhận',
  missing: 'Chưa gửi',
  rejected: 'Bị từ chối',
};

export const SUMMARY_HEADERS = [
  'Khối',
  'Hạng',
  'Mã đơn vị',
  'Tên đơn vị',
  'Tổng điểm',
  'Xếp loại',
  'Điểm thưởng',
  'Điểm trừ',
  'Trạng thái',
  'Đề nghị khen thưởng',
  'Ghi chú',
] as const;

export const SELF_SCORE_HEADERS = [
  'Đơn vị',
  'Mã tiêu chí',
  'Nội dung tiêu chí',
  'Điểm tự chấm',
  'Điểm tính toán',
  'Điểm thẩm định',
  'Chênh lệch',
  'Lý do',
] as const;

export const LOG_HEADERS = [
  'STT',
  'Đơn vị',
  'Tên đơn vị',
  'Phiên bản',
  'Tệp',
  'Thời điểm nhận',
  'Trạng thái',
  'Nộp muộn',
  'Số lỗi',
  'Số cảnh báo',
] as const;

interface Context {
  input: SummaryInput;
  bloc: Bloc;
  periodName: string;
  generated: string;
  footer: string;
  unitName: (code: string) => string | undefined;
}

const context = (input: SummaryInput): Context => {
  const { bloc } = input.result;
  const period = findPeriod(bloc, input.result.period);
  const names = new Map(bloc.groups.flatMap((g) => g.members.map((m) => [m.code, m.name] as const)));
  const tz = bloc.timezone;
  const periodName = period ? `${period.name} (đợt ${period.id})` : `Đợt ${input.result.period}`;
  return {
    input,
    bloc,
    periodName,
    generated: `Lập lúc ${localTime(input.generatedAt, tz)} (${offsetLabel(input.generatedAt, tz)})`,
    footer: `${bloc.name} · ${periodName}`,
    unitName: (code) => names.get(code),
  };
};

const awardName = (bloc: Bloc, id: string): string => bloc.awards.find((a) => a.id === id)?.name ?? id;

/** The award or vote of a member, as a lead reads it. */
export const proposalText = (bloc: Bloc, m: MemberResult): string => {
  if (m.proposal?.award) return awardName(bloc, m.proposal.award);
  if (m.proposal?.pendingVote) return `Bỏ phiếu: ${awardName(bloc, m.proposal.pendingVote)}`;
  return '';
};

const titleBlock = (ws: Worksheet, lines: { value: string; font: Partial<Font> }[]): void => {
  lines.forEach((l, i) => {
    const cell = ws.getCell(i + 1, 1);
    text(cell, l.value);
    cell.font = l.font;
    cell.alignment = { horizontal: 'left', vertical: 'middle' };
    ws.getRow(i + 1).height = l.font.size && l.font.size > 12 ? 21 : 17;
  });
};

// ---------------------------------------------------------------------------------------------
// Tổng hợp

const writeOverview = (ws: Worksheet, ctx: Context): void => {
  const { bloc } = ctx;
  const cols = SUMMARY_HEADERS.length;
  titleBlock(ws, [
    { value: 'TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA', font: TITLE_FONT },
    { value: bloc.name, font: SUBTITLE_FONT },
    { value: `${ctx.periodName} · ${ctx.generated}`, font: { ...FONT, italic: true } },
  ]);
  headerRow(ws, HEADER_ROW, [...SUMMARY_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;

  const groupNames = ctx.input.result.groups.map((g) => g.group.name);
  const memberNames = ctx.input.result.groups.flatMap((g) => g.members.map((m) => ctx.unitName(m.unit)));
  const classNames = bloc.classes.map((c) => c.name);
  const awards = ctx.input.result.groups.flatMap((g) => g.members.map((m) => proposalText(bloc, m)));
  const widths = [
    widthFor(groupNames, 12, 18),
    7,
    widthFor(ctx.input.result.groups.flatMap((g) => g.members.map((m) => m.unit)), 11, 14),
    widthFor(memberNames, 20, 32),
    10,
    widthFor(classNames, 14, 20),
    9,
    9,
    12,
    widthFor(awards, 14, 24),
    20,
  ];
  setWidths(ws, widths);

  let row = HEADER_ROW + 1;
  const counts: string[] = [];
  ctx.input.result.groups.forEach((g, gi) => {
    const first = row;
    let lastAccepted = 0;
    for (const m of g.members) {
      const s = m.score;
      const name = ctx.unitName(m.unit) ?? '';
      const veto = Object.hasOwn(bloc.vetoes, m.unit) ? `Không xét khen thưởng: ${bloc.vetoes[m.unit]}` : '';
      const award = proposalText(bloc, m);
      const className = m.classification?.name ?? (m.status === 'accepted' ? 'Không xếp loại' : '');
      const r = ws.getRow(row);
      text(r.getCell(1), g.group.name);
      integer(r.getCell(2), m.rank);
      text(r.getCell(3), m.unit);
      text(r.getCell(4), name);
      points(r.getCell(5), s?.total);
      text(r.getCell(6), className);
      points(r.getCell(7), s?.bonus);
      points(r.getCell(8), s?.deduction);
      text(r.getCell(9), STATUS_TEXT[m.status]);
      text(r.getCell(10), award);
      text(r.getCell(11), veto);
      bodyRow(ws, row, cols, {
        ...(row === first && gi > 0 && { border: GROUP_TOP_BORDER }),
        ...(m.status !== 'accepted' && { fill: FILL.muted }),
      });
      for (const c of [1, 4, 6, 10, 11]) wrap(r.getCell(c));
      for (const c of [2, 3, 9]) align(r.getCell(c), 'center');
      r.getCell(5).font = BOLD;
      if (m.proposal?.award) r.getCell(10).font = BOLD;
      if (m.status === 'rejected') r.getCell(9).font = { ...FONT, color: { argb: COLOR.errorText } };
      fitRowHeight(ws, row, [1, 4, 6, 10, 11].map((c) => ({ value: r.getCell(c).text, width: widths[c - 1]! })));
      if (m.status === 'accepted') lastAccepted = row;
      row++;
    }
    if (lastAccepted >= first)
      ws.addConditionalFormatting({
        ref: `E${first}:E${lastAccepted}`,
        rules: [
          {
            type: 'dataBar',
            priority: gi + 1,
            gradient: false,
            minLength: 0,
            maxLength: 100,
            cfvo: [{ type: 'num', value: 0 }, { type: 'max' }],
            color: { argb: COLOR.dataBar },
          } as DataBarRuleType,
        ],
      });
    const n = (st: MemberStatus) => g.members.filter((m) => m.status === st).length;
    counts.push(
      `${g.group.name}: ${n('accepted')}/${g.members.length} đơn vị đã tiếp nhận, ${n('missing')} chưa gửi, ${n('rejected')} bị từ chối.`,
    );
  });
  const last = Math.max(row - 1, HEADER_ROW);
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: last, column: cols } };
  row++;
  for (const line of [...counts, 'Hạng xếp theo tổng điểm, sau đó theo tiêu chí phụ của bảng tiêu chí; đơn vị chưa gửi hoặc bị từ chối không xếp hạng.']) {
    const cell = ws.getCell(row++, 1);
    text(cell, line);
    cell.font = NOTE_FONT;
  }
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};

// ---------------------------------------------------------------------------------------------
// Matrix per group

export interface MatrixLine {
  kind: 'section' | 'criterion' | 'pool' | 'total';
  code: string;
  title: string;
  max: bigint;
  value: (m: MemberResult) => bigint | undefined;
}

export const OVER_BONUS_SUFFIX = ' (vượt)';

/** The rows of a group's matrix, in rubric order. */
export const matrixLines = (g: Group): MatrixLine[] => {
  const r = g.rubric;
  const crit = (c: Criterion): MatrixLine => ({ kind: 'criterion', code: c.code, title: c.title, max: c.max, value: (m) => m.score?.criteria[c.code] });
  const lines: MatrixLine[] = [];
  for (const s of r.sections) {
    lines.push({ kind: 'section', code: s.code, title: s.title, max: s.max, value: (m) => m.score?.sections[s.code] });
    lines.push(...s.criteria.map(crit));
  }
  lines.push({ kind: 'pool', code: r.bonus.code, title: `${r.bonus.title} (tối đa ${fmt(r.bonus.max)} điểm)`, max: r.bonus.max, value: (m) => m.score?.bonus });
  lines.push(...r.bonus.criteria.map(crit));
  const over = r.sections.flatMap((s) => s.criteria).filter((c): c is TargetCriterion => c.type === 'target' && !!c.overBonus);
  for (const c of over)
    lines.push({
      kind: 'criterion',
      code: `${c.code}${OVER_BONUS_SUFFIX}`,
      title: `Thưởng vượt chỉ tiêu: ${c.title}`,
      max: c.overBonus!.cap,
      value: (m) => m.score?.overBonus[c.code],
    });
  lines.push({ kind: 'pool', code: r.deduction.code, title: `${r.deduction.title} (tối đa ${fmt(r.deduction.max)} điểm)`, max: r.deduction.max, value: (m) => m.score?.deduction });
  lines.push(...r.deduction.criteria.map(crit));
  lines.push({ kind: 'total', code: '', title: 'TỔNG ĐIỂM', max: r.total, value: (m) => m.score?.total });
  return lines;
};

/** `2,5` — for a number inside a sentence. */
const fmt = (h: bigint): string => toNumber(fromHundredths(h)).toLocaleString('vi-VN', { maximumFractionDigits: 2 });

const writeMatrix = (ws: Worksheet, ctx: Context, gr: GroupResult): void => {
  const { group, members } = gr;
  const first = 4; // first unit column
  const cols = 3 + members.length;
  titleBlock(ws, [
    { value: `BẢNG ĐIỂM CHI TIẾT: ${group.name.toUpperCase()}`, font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `Bảng tiêu chí: ${group.rubric.name} · ${ctx.generated}`, font: { ...FONT, italic: true } },
  ]);
  const lines = matrixLines(group);
  // One page wide stays legible up to 22 units (the largest bloc) only with narrower columns.
  const titleWidth = members.length <= 8 ? 52 : members.length <= 14 ? 40 : 30;
  const unitWidth = members.length <= 8 ? 12 : members.length <= 14 ? 10 : 8.5;
  setWidths(ws, [widthFor(lines.map((l) => l.code), 7, 12), titleWidth, 8, ...members.map(() => unitWidth)]);

  // Two header rows: unit codes, then names (the autofilter sits on the second).
  const top = HEADER_ROW;
  const names = HEADER_ROW + 1;
  ws.mergeCells(top, 1, top, 3);
  text(ws.getCell(top, 1), 'Mã đơn vị');
  headerRow(ws, names, ['Mã', 'Nội dung', 'Điểm tối đa', ...members.map((m) => ctx.unitName(m.unit) ?? m.unit)]);
  for (let c = 1; c <= cols; c++) {
    const cell = ws.getCell(top, c);
    if (c >= first) text(cell, members[c - first]!.unit);
    cell.font = BOLD;
    cell.fill = FILL.header;
    cell.border = BORDER;
    cell.alignment = { horizontal: c < first ? 'right' : 'center', vertical: 'middle' };
  }
  fitRowHeight(ws, names, members.map((m) => ({ value: ctx.unitName(m.unit), width: unitWidth })));

  let row = names + 1;
  for (const line of lines) {
    const r = ws.getRow(row);
    text(r.getCell(1), line.code);
    text(r.getCell(2), line.title);
    points(r.getCell(3), line.max);
    members.forEach((m, i) => points(r.getCell(first + i), line.value(m)));
    const heading = line.kind !== 'criterion';
    bodyRow(ws, row, cols, {
      ...(heading && { font: BOLD }),
      ...(line.kind === 'total' ? { fill: FILL.total } : heading ? { fill: FILL.section } : {}),
    });
    wrap(r.getCell(2));
    align(r.getCell(1), line.kind === 'total' ? 'center' : 'left');
    fitRowHeight(ws, row, [{ value: line.title, width: titleWidth }]);
    row++;
  }
  // Rank and class under the total: what the points lead to.
  const rankRow = ws.getRow(row);
  text(rankRow.getCell(2), 'Hạng');
  members.forEach((m, i) => {
    const cell = rankRow.getCell(first + i);
    if (m.rank !== null) integer(cell, m.rank);
    else text(cell, STATUS_TEXT[m.status]);
  });
  bodyRow(ws, row, cols, { font: BOLD });
  members.forEach((_, i) => align(rankRow.getCell(first + i), 'center'));
  row++;
  const classRow = ws.getRow(row);
  text(classRow.getCell(2), 'Xếp loại');
  members.forEach((m, i) => text(classRow.getCell(first + i), m.classification?.name ?? ''));
  bodyRow(ws, row, cols);
  members.forEach((_, i) => wrap(classRow.getCell(first + i), 'center'));
  fitRowHeight(ws, row, members.map((m) => ({ value: m.classification?.name, width: unitWidth })));
  row++;
  const awardRow = ws.getRow(row);
  text(awardRow.getCell(2), 'Đề nghị khen thưởng');
  members.forEach((m, i) => text(awardRow.getCell(first + i), proposalText(ctx.bloc, m)));
  bodyRow(ws, row, cols);
  members.forEach((_, i) => wrap(awardRow.getCell(first + i), 'center'));
  fitRowHeight(ws, row, members.map((m) => ({ value: proposalText(ctx.bloc, m), width: unitWidth })));

  ws.autoFilter = { from: { row: names, column: 1 }, to: { row: row, column: cols } };
  row += 2;
  const note = ws.getCell(row, 1);
  text(note, 'Điểm trừ ghi số điểm bị trừ (số dương). Tổng điểm = tổng các phần + điểm thưởng − điểm trừ. Cột trống: đơn vị chưa có bản tự chấm hợp lệ.');
  note.font = NOTE_FONT;
  printTable(ws, { titleRows: [top, names], frozenRows: names, frozenColumns: 3, footer: ctx.footer });
};

// ---------------------------------------------------------------------------------------------
// Tự chấm – Tính toán

export interface SelfScoreLine {
  unit: string;
  code: string;
  title: string;
  selfScore: Rational | null;
  computed: bigint;
  reviewed: bigint | null;
  /** Points that count (reviewed, else computed) minus the self-score; reviewed minus computed without a self-score. */
  difference: Rational;
  reason: string;
}

export const selfScoreLines = (input: SummaryInput): SelfScoreLine[] => {
  const out: SelfScoreLine[] = [];
  for (const { group, members } of input.result.groups)
    for (const m of members) {
      const sub_ = input.submissions.get(m.unit);
      if (m.status !== 'accepted' || !sub_) continue;
      const reviews = sub_.reviews ?? {};
      for (const c of allCriteria(group.rubric)) {
        const self = Object.hasOwn(sub_.selfScores, c.code) ? sub_.selfScores[c.code]! : null;
        const review = Object.hasOwn(reviews, c.code) ? reviews[c.code]! : null;
        if (!self && !review) continue;
        const computed = criterionPoints(c, sub_.values[c.code]);
        const reviewed = review ? criterionPoints(c, review) : null;
        const counted = fromHundredths(reviewed ?? computed);
        out.push({
          unit: m.unit,
          code: c.code,
          title: c.title,
          selfScore: self,
          computed,
          reviewed,
          difference: self ? sub(counted, self) : sub(counted, fromHundredths(computed)),
          reason: review ? [review.reason, review.reviewer && `(${review.reviewer})`].filter(Boolean).join(' ') : '',
        });
      }
    }
  return out;
};

const writeSelfScores = (ws: Worksheet, ctx: Context): void => {
  const cols = SELF_SCORE_HEADERS.length;
  titleBlock(ws, [
    { value: 'ĐIỂM TỰ CHẤM SO VỚI ĐIỂM TÍNH TOÁN VÀ ĐIỂM THẨM ĐỊNH', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    {
      value: 'Chênh lệch = điểm được tính (điểm thẩm định nếu có, nếu không là điểm tính toán) − điểm tự chấm. Dòng tô vàng: có chênh lệch.',
      font: NOTE_FONT,
    },
  ]);
  headerRow(ws, HEADER_ROW, [...SELF_SCORE_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;
  const lines = selfScoreLines(ctx.input);
  const widths = [widthFor(lines.map((l) => l.unit), 11, 14), 10, 50, 10, 10, 10, 10, widthFor(lines.map((l) => l.reason), 20, 40)];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!lines.length) {
    const cell = ws.getCell(row, 1);
    text(cell, 'Chưa có điểm tự chấm hoặc điểm thẩm định nào để đối chiếu.');
    cell.font = NOTE_FONT;
    row++;
  }
  for (const l of lines) {
    const r = ws.getRow(row);
    text(r.getCell(1), l.unit);
    text(r.getCell(2), l.code);
    text(r.getCell(3), l.title);
    decimal(r.getCell(4), l.selfScore);
    points(r.getCell(5), l.computed);
    points(r.getCell(6), l.reviewed);
    decimal(r.getCell(7), l.difference);
    text(r.getCell(8), l.reason);
    const differs = !isZero(l.difference);
    bodyRow(ws, row, cols, differs ? { fill: FILL.diff } : {});
    wrap(r.getCell(3));
    wrap(r.getCell(8));
    align(r.getCell(1), 'center');
    align(r.getCell(2), 'center');
    if (differs) r.getCell(7).font = { ...BOLD, color: { argb: COLOR.errorText } };
    fitRowHeight(ws, row, [
      { value: l.title, width: widths[2]! },
      { value: l.reason, width: widths[7]! },
    ]);
    row++;
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};

// ---------------------------------------------------------------------------------------------
// Nhật ký nộp

const writeLog = (ws: Worksheet, ctx: Context): void => {
  const tz = ctx.bloc.timezone;
  const cols = LOG_HEADERS.length;
  titleBlock(ws, [
    { value: 'NHẬT KÝ NỘP BẢN TỰ CHẤM ĐIỂM', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `Mọi phiên bản đã nhận, theo thứ tự tiếp nhận; thời điểm theo giờ ${offsetLabel(ctx.input.generatedAt, tz)} (${tz}).`, font: NOTE_FONT },
  ]);
  headerRow(ws, HEADER_ROW, [...LOG_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;
  const log = ctx.input.log;
  const names = log.map((e) => (e.unit ? ctx.unitName(e.unit) : undefined));
  const widths = [6, widthFor(log.map((e) => e.unit), 11, 14), widthFor(names, 16, 30), 9, widthFor(log.map((e) => e.file), 16, 36), 19, 13, 9, 8, 10];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!log.length) {
    const cell = ws.getCell(row, 1);
    text(cell, 'Chưa nhận bản tự chấm điểm nào.');
    cell.font = NOTE_FONT;
    row++;
  }
  log.forEach((e, i) => {
    const r = ws.getRow(row);
    integer(r.getCell(1), i + 1);
    text(r.getCell(2), e.unit ?? '(không xác định)');
    text(r.getCell(3), names[i] ?? '');
    integer(r.getCell(4), e.version);
    text(r.getCell(5), e.file);
    const at = new Date(e.receivedAt);
    if (Number.isNaN(at.getTime())) text(r.getCell(6), e.receivedAt);
    else {
      r.getCell(6).value = localDateCell(at, tz);
      r.getCell(6).numFmt = 'dd/mm/yyyy hh:mm:ss';
    }
    text(r.getCell(7), e.status === 'accepted' ? STATUS_TEXT.accepted : STATUS_TEXT.rejected);
    text(r.getCell(8), e.late ? 'Có' : '');
    integer(r.getCell(9), e.errors);
    integer(r.getCell(10), e.warnings);
    bodyRow(ws, row, cols);
    for (const c of [1, 2, 4, 6, 7, 8]) align(r.getCell(c), 'center');
    wrap(r.getCell(3));
    wrap(r.getCell(5));
    if (e.status === 'rejected') {
      r.getCell(7).fill = FILL.error;
      r.getCell(7).font = { ...FONT, color: { argb: COLOR.errorText } };
    }
    if (e.late) r.getCell(8).fill = FILL.warning;
    fitRowHeight(ws, row, [
      { value: names[i], width: widths[2]! },
      { value: e.file, width: widths[4]! },
    ]);
    row++;
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};

// ---------------------------------------------------------------------------------------------

/** The matrix sheet names, one per group in bloc order, as buildSummary names them. */
export const matrixSheetNames = (result: PeriodResult): string[] => {
  const taken = new Set([SUMMARY_SHEET, SELF_SCORE_SHEET, LOG_SHEET].map((n) => n.toLowerCase()));
  return result.groups.map((g) => sheetName(g.group.name, taken, g.group.id));
};

export const buildSummary = async (input: SummaryInput): Promise<Buffer> => {
  const ctx = context(input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bloc';
  wb.created = input.generatedAt;
  wb.modified = input.generatedAt;
  wb.title = `${ctx.bloc.name} – ${ctx.periodName}`;
  const matrixNames = matrixSheetNames(input.result);
  writeOverview(wb.addWorksheet(SUMMARY_SHEET), ctx);
  input.result.groups.forEach((g, i) => writeMatrix(wb.addWorksheet(matrixNames[i]!), ctx, g));
  writeSelfScores(wb.addWorksheet(SELF_SCORE_SHEET), ctx);
  writeLog(wb.addWorksheet(LOG_SHEET), ctx);
  return withFilterDatabaseNames(new Uint8Array(await wb.xlsx.writeBuffer()));
};
