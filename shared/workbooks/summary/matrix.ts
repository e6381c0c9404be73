/** One sheet per group: the criteria of its rubric × its units, with rank, class and award below. */
import type { Worksheet } from 'exceljs';
import type { Group } from '../../model/bloc.js';
import type { Criterion, TargetCriterion } from '../../model/rubric.js';
import { fromHundredths, toNumber } from '../../numbers/rational.js';
import type { GroupResult, MemberResult } from '../../scoring/period.js';
import {
  BOLD,
  FILL,
  FONT,
  NOTE_FONT,
  SUBTITLE_FONT,
  TABLE_BORDER,
  TITLE_FONT,
  align,
  bodyRow,
  fitRowHeight,
  blockBreaks,
  headerRow,
  integer,
  pagesTall,
  points,
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from '../style.js';
import { HEADER_ROW, STATUS_TEXT, proposalText, titleBlock, type Context } from './context.js';

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

export const writeMatrix = (ws: Worksheet, ctx: Context, gr: GroupResult): void => {
  const { group, members } = gr;
  const first = 4; // first unit column
  const cols = 3 + members.length;
  titleBlock(ws, [
    { value: `BẢNG ĐIỂM CHI TIẾT: ${group.name.toUpperCase()}`, font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `Bảng tiêu chí: ${group.rubric.name} · ${ctx.generated}`, font: { ...FONT, italic: true } },
  ]);
  const lines = matrixLines(group);
  // One page wide stays legible up to 22 units (the largest bloc) only with narrower columns. A
  // title on one line saves height: the matrix of a group of 8 then fits on one page.
  const titleWidth = widthFor(
    lines.map((l) => l.title),
    30,
    members.length <= 8 ? 70 : members.length <= 14 ? 44 : 30,
  );
  const unitWidth = members.length <= 8 ? 12 : members.length <= 14 ? 10 : 8.5;
  setWidths(ws, [
    widthFor(
      lines.map((l) => l.code),
      7,
      12,
    ),
    titleWidth,
    8,
    ...members.map(() => unitWidth),
  ]);

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
    cell.border = TABLE_BORDER;
    cell.alignment = { horizontal: c < first ? 'right' : 'center', vertical: 'middle' };
  }
  fitRowHeight(
    ws,
    names,
    members.map((m) => ({ value: ctx.unitName(m.unit), width: unitWidth })),
  );

  let row = names + 1;
  const sectionRows: number[] = [];
  for (const line of lines) {
    const r = ws.getRow(row);
    if (line.kind === 'section' || line.kind === 'pool') sectionRows.push(row);
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
  fitRowHeight(
    ws,
    row,
    members.map((m) => ({ value: m.classification?.name, width: unitWidth })),
  );
  row++;
  const awardRow = ws.getRow(row);
  text(awardRow.getCell(2), 'Đề nghị khen thưởng');
  members.forEach((m, i) => text(awardRow.getCell(first + i), proposalText(ctx.bloc, m)));
  bodyRow(ws, row, cols);
  members.forEach((_, i) => wrap(awardRow.getCell(first + i), 'center'));
  fitRowHeight(
    ws,
    row,
    members.map((m) => ({ value: proposalText(ctx.bloc, m), width: unitWidth })),
  );

  ws.autoFilter = { from: { row: names, column: 1 }, to: { row: row, column: cols } };
  row += 2;
  const note = ws.getCell(row, 1);
  text(note, 'Điểm trừ ghi số điểm bị trừ (số dương). Tổng điểm = tổng các phần + điểm thưởng − điểm trừ. Cột trống: đơn vị chưa có bản tự chấm hợp lệ.');
  note.font = NOTE_FONT;
  // The rank, class and award rows must not spill alone onto a last page: a matrix that fits on
  // one page when shrunk a little is fitted to one page; a longer one breaks between sections, the
  // last section staying with the total, rank, class and award rows.
  const layout = { columns: cols, lastRow: row, titleRows: [top, names] as [number, number] };
  const onePage = pagesTall(ws, layout) === 1;
  if (!onePage) for (const r of blockBreaks(ws, { ...layout, starts: sectionRows })) ws.getRow(r).addPageBreak(1, 16_384); // max="16383": exceljs would write 16838
  printTable(ws, { titleRows: [top, names], frozenRows: names, frozenColumns: 3, footer: ctx.footer, fitToHeight: onePage ? 1 : 0 });
};
