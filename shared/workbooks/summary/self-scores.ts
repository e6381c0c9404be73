/**
 * `Tự chấm – Tính toán`: each unit's self-scores against the computed and the reviewed points.
 * Only the criteria where they differ are listed (a lead prints this sheet to see what to look
 * at); a line under the table counts the criteria that agree.
 */
import { allCriteria } from '../../model/rubric.js';
import { fromHundredths, isZero, sub, type Rational } from '../../numbers/rational.js';
import { criterionPoints } from '../../model/criterion-points.js';
import { ERROR_BOLD, FILL, NOTE_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { decimalValue, pointsValue } from '../table.js';
import { tableFilter, tableSheet, type Context, type SummaryInput } from './context.js';

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

export const writeSelfScores = (name: string, ctx: Context): void => {
  const cols = SELF_SCORE_HEADERS.length;
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
  const t = tableSheet(ctx, name, widths, [
    { value: 'ĐIỂM TỰ CHẤM SO VỚI ĐIỂM TÍNH TOÁN VÀ ĐIỂM THẨM ĐỊNH', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    {
      value: 'Chỉ liệt kê tiêu chí có chênh lệch. Chênh lệch = điểm được tính (điểm thẩm định nếu có, nếu không là điểm tính toán) − điểm tự chấm.',
      font: NOTE_FONT,
    },
  ]);
  t.header([...SELF_SCORE_HEADERS], 33);
  if (!all.length) t.note('Chưa có điểm tự chấm hoặc điểm thẩm định nào để đối chiếu.');
  else if (!lines.length) t.note('Không có chênh lệch nào giữa điểm tự chấm và điểm được tính.');
  const center = { h: 'center' } as const;
  const wrap = { wrap: true } as const;
  const differs = { fill: FILL.diff, font: ERROR_BOLD };
  for (const l of lines)
    t.write(
      [
        t.text(l.unit, center),
        t.text(l.code, center),
        t.text(l.title, wrap),
        t.number(decimalValue(l.selfScore)),
        t.number(pointsValue(l.computed)),
        t.number(pointsValue(l.reviewed)),
        t.number(decimalValue(l.difference), isZero(l.difference) ? undefined : differs),
        t.text(l.reason, wrap),
      ],
      fittedHeight([
        { value: l.title, width: widths[2]! },
        { value: l.reason, width: widths[7]! },
      ]),
    );
  const lastRow = t.row - 1;
  if (all.length) {
    t.skip();
    t.note(agreeLine(all.length - lines.length));
  }
  t.end({ autoFilter: tableFilter(lastRow, cols) });
};
