/** One sheet per group: the criteria of its rubric × its units, with rank, class and award below. */
import type { Group } from '../../model/bloc.js';
import type { Criterion, TargetCriterion } from '../../model/rubric.js';
import { fromHundredths, toNumber } from '../../numbers/rational.js';
import type { GroupResult, MemberResult } from '../../scoring/period.js';
import { BOLD, FILL, ITALIC_FONT, SUBTITLE_FONT, TABLE_BORDER, TITLE_FONT, blockBreaks, fittedHeight, pagesTall, widthFor } from '../style.js';
import { Table, pointsValue, textValue, type Look } from '../table.js';
import { HEADER_ROW, STATUS_TEXT, proposalText, type Context } from './context.js';

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
  lines.push({
    kind: 'pool',
    code: r.deduction.code,
    title: `${r.deduction.title} (tối đa ${fmt(r.deduction.max)} điểm)`,
    max: r.deduction.max,
    value: (m) => m.score?.deduction,
  });
  lines.push(...r.deduction.criteria.map(crit));
  lines.push({ kind: 'total', code: '', title: 'TỔNG ĐIỂM', max: r.total, value: (m) => m.score?.total });
  return lines;
};

/** `2,5` — for a number inside a sentence. */
const fmt = (h: bigint): string => toNumber(fromHundredths(h)).toLocaleString('vi-VN', { maximumFractionDigits: 2 });

export const writeMatrix = (name: string, ctx: Context, gr: GroupResult): void => {
  const { group, members } = gr;
  const cols = 3 + members.length;
  const lines = matrixLines(group);
  // One page wide stays legible up to 22 units (the largest bloc) only with narrower columns. A
  // title on one line saves height: the matrix of a group of 8 then fits on one page.
  const titleWidth = widthFor(
    lines.map((l) => l.title),
    30,
    members.length <= 8 ? 70 : members.length <= 14 ? 44 : 30,
  );
  const unitWidth = members.length <= 8 ? 12 : members.length <= 14 ? 10 : 8.5;
  const codeWidth = widthFor(
    lines.map((l) => l.code),
    7,
    12,
  );
  // Two header rows: unit codes, then names (the autofilter sits on the second).
  const top = HEADER_ROW;
  const names = HEADER_ROW + 1;
  const t = new Table(ctx.book, name, {
    widths: [codeWidth, titleWidth, 8, ...members.map(() => unitWidth)],
    titleRows: [top, names],
    frozenRows: names,
    frozenColumns: 3,
    footer: ctx.footer,
  });
  t.titles([
    { value: `BẢNG ĐIỂM CHI TIẾT: ${group.name.toUpperCase()}`, font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `Bảng tiêu chí: ${group.rubric.name} · ${ctx.generated}`, font: ITALIC_FONT },
  ]);
  t.skip(top - t.row);
  t.merge(top, 1, top, 3);
  const codeHead = (h: 'right' | 'center') =>
    t.book.style({ font: BOLD, fill: FILL.header, border: TABLE_BORDER, alignment: { horizontal: h, vertical: 'middle' } });
  t.write([
    { v: textValue('Mã đơn vị'), s: codeHead('right') },
    { s: codeHead('right') },
    { s: codeHead('right') },
    ...members.map((m) => ({ v: textValue(m.unit), s: codeHead('center') })),
  ]);
  t.header(
    ['Mã', 'Nội dung', 'Điểm tối đa', ...members.map((m) => ctx.unitName(m.unit) ?? m.unit)],
    fittedHeight(members.map((m) => ({ value: ctx.unitName(m.unit), width: unitWidth }))),
  );

  const sectionRows: number[] = [];
  for (const line of lines) {
    if (line.kind === 'section' || line.kind === 'pool') sectionRows.push(t.row);
    const heading = line.kind !== 'criterion';
    const look: Look = {
      ...(heading && { font: BOLD }),
      ...(line.kind === 'total' ? { fill: FILL.total } : heading ? { fill: FILL.section } : {}),
    };
    t.write(
      [
        t.text(line.code, { ...look, h: line.kind === 'total' ? 'center' : 'left' }),
        t.text(line.title, { ...look, wrap: true }),
        t.number(pointsValue(line.max), look),
        ...members.map((m) => t.number(pointsValue(line.value(m)), look)),
      ],
      fittedHeight([{ value: line.title, width: titleWidth }]),
    );
  }
  // Rank and class under the total: what the points lead to.
  const bold = { s: t.look({ font: BOLD }), v: null };
  t.write([
    bold,
    t.text('Hạng', { font: BOLD }),
    bold,
    ...members.map((m) =>
      m.rank !== null ? { v: m.rank, s: t.look({ font: BOLD, h: 'center' }) } : t.text(STATUS_TEXT[m.status], { font: BOLD, h: 'center' }),
    ),
  ]);
  const below = (label: string, texts: (string | undefined)[]) =>
    t.write(
      [{ v: null, s: t.look() }, t.text(label), { v: null, s: t.look() }, ...texts.map((x) => t.text(x ?? '', { wrap: true, h: 'center' }))],
      fittedHeight(texts.map((value) => ({ value, width: unitWidth }))),
    );
  below(
    'Xếp loại',
    members.map((m) => m.classification?.name),
  );
  const last = below(
    'Đề nghị khen thưởng',
    members.map((m) => proposalText(ctx.bloc, m)),
  );
  t.skip();
  const noteRow = t.note(
    'Điểm trừ ghi số điểm bị trừ (số dương). Tổng điểm = tổng các phần + điểm thưởng − điểm trừ. Cột trống: đơn vị chưa có bản tự chấm hợp lệ.',
  );
  // The rank, class and award rows must not spill alone onto a last page: a matrix that fits on
  // one page when shrunk a little is fitted to one page; a longer one breaks between sections, the
  // last section staying with the total, rank, class and award rows.
  const layout = { columns: cols, lastRow: noteRow, titleRows: [top, names] as [number, number] };
  const onePage = pagesTall(t, layout) === 1;
  t.end({
    autoFilter: { from: { row: names, column: 1 }, to: { row: last, column: cols } },
    fitToHeight: onePage ? 1 : 0,
    rowBreaks: onePage ? [] : blockBreaks(t, { ...layout, starts: sectionRows }),
  });
};
