/**
 * `Tự chấm – Tính toán`: each unit's self-scores against the computed and the reviewed points.
 * Only the criteria where they differ are listed (a lead prints this sheet to see what to look
 * at); a line under the table counts the criteria that agree.
 */
import type { Worksheet } from 'exceljs';
import { allCriteria } from '../../model/rubric.js';
import { fromHundredths, isZero, sub, type Rational } from '../../numbers/rational.js';
import { criterionPoints } from '../../model/criterion-points.js';
import {
  BOLD,
  COLOR,
  FILL,
  NOTE_FONT,
  emptyTableNote,
  SUBTITLE_FONT,
  TITLE_FONT,
  align,
  bodyRow,
  decimal,
  fitRowHeight,
  headerRow,
  points,
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from '../style.js';
import { HEADER_ROW, titleBlock, type Context, type SummaryInput } from './context.js';

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

/** A line worth listing: the points that count differ from the self-score, or a review changed the computed points. */
export const selfScoreDiffers = (l: SelfScoreLine): boolean => !isZero(l.difference) || (l.reviewed !== null && l.reviewed !== l.computed);

/** The line under the table: how many criteria agree and are therefore not listed. */
export const agreeLine = (agree: number): string => `${agree} tiêu chí khớp, không liệt kê.`;

export const writeSelfScores = (ws: Worksheet, ctx: Context): void => {
  const cols = SELF_SCORE_HEADERS.length;
  titleBlock(ws, [
    { value: 'ĐIỂM TỰ CHẤM SO VỚI ĐIỂM TÍNH TOÁN VÀ ĐIỂM THẨM ĐỊNH', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    {
      value: 'Chỉ liệt kê tiêu chí có chênh lệch. Chênh lệch = điểm được tính (điểm thẩm định nếu có, nếu không là điểm tính toán) − điểm tự chấm.',
      font: NOTE_FONT,
    },
  ]);
  headerRow(ws, HEADER_ROW, [...SELF_SCORE_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;
  const all = selfScoreLines(ctx.input);
  const lines = all.filter(selfScoreDiffers);
  const widths = [
    widthFor(
      lines.map((l) => l.unit),
      11,
      14,
    ),
    10,
    50,
    10,
    10,
    10,
    10,
    widthFor(
      lines.map((l) => l.reason),
      20,
      40,
    ),
  ];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!all.length) row = emptyTableNote(ws, row, 'Chưa có điểm tự chấm hoặc điểm thẩm định nào để đối chiếu.');
  else if (!lines.length) row = emptyTableNote(ws, row, 'Không có chênh lệch nào giữa điểm tự chấm và điểm được tính.');
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
    bodyRow(ws, row, cols);
    wrap(r.getCell(3));
    wrap(r.getCell(8));
    align(r.getCell(1), 'center');
    align(r.getCell(2), 'center');
    if (differs) {
      r.getCell(7).fill = FILL.diff;
      r.getCell(7).font = { ...BOLD, color: { argb: COLOR.errorText } };
    }
    fitRowHeight(ws, row, [
      { value: l.title, width: widths[2]! },
      { value: l.reason, width: widths[7]! },
    ]);
    row++;
  }
  const lastRow = Math.max(row - 1, HEADER_ROW);
  if (all.length) {
    const agree = ws.getCell(row + 1, 1);
    text(agree, agreeLine(all.length - lines.length));
    agree.font = NOTE_FONT;
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: lastRow, column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};
