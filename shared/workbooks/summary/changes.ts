/** `Thay đổi`: what changed in the ranking since the previous run, unit by unit, and why (shared/insight/explain.ts). */
import type { Worksheet } from 'exceljs';
import { byText, changeText, type Explanation } from '../../insight/explain.js';
import {
  NOTE_FONT,
  SUBTITLE_FONT,
  TITLE_FONT,
  align,
  bodyRow,
  emptyTableNote,
  fitRowHeight,
  headerRow,
  integer,
  points,
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from '../style.js';
import { HEADER_ROW, titleBlock, type Context } from './context.js';

export const CHANGES_SHEET = 'Thay đổi';

export const CHANGES_HEADERS = [
  'STT',
  'Khối',
  'Đơn vị',
  'Tên đơn vị',
  'Hạng trước',
  'Hạng nay',
  'Tổng trước',
  'Tổng nay',
  'Do',
  'Điểm thay đổi và nguyên nhân',
] as const;

export const writeChanges = (ws: Worksheet, ctx: Context, changes: Explanation | null): void => {
  const cols = CHANGES_HEADERS.length;
  const since = changes?.from.runId ? `So với lần tính trước (${changes.from.runId}).` : 'Chưa có lần tính trước để so sánh.';
  titleBlock(ws, [
    { value: 'THAY ĐỔI XẾP HẠNG', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `${since}${changes?.configChanged ? ' Cấu hình đã thay đổi.' : ''}`, font: NOTE_FONT },
  ]);
  headerRow(ws, HEADER_ROW, [...CHANGES_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;
  const units = changes?.units ?? [];
  const details = units.map((u) => u.changes.map(changeText).join('; '));
  const names = units.map((u) => ctx.unitName(u.unit));
  const widths = [
    6,
    8,
    widthFor(
      units.map((u) => u.unit),
      11,
      14,
    ),
    widthFor(names, 16, 30),
    8,
    8,
    10,
    10,
    20,
    60,
  ];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!units.length) row = emptyTableNote(ws, row, changes ? 'Không có đơn vị nào đổi hạng, tổng điểm hay trạng thái.' : 'Chưa có lần tính trước.');
  units.forEach((u, i) => {
    const r = ws.getRow(row);
    integer(r.getCell(1), i + 1);
    text(r.getCell(2), u.group);
    text(r.getCell(3), u.unit);
    text(r.getCell(4), names[i] ?? '');
    integer(r.getCell(5), u.rank.from);
    integer(r.getCell(6), u.rank.to);
    points(r.getCell(7), u.total.from);
    points(r.getCell(8), u.total.to);
    text(r.getCell(9), byText(u));
    text(r.getCell(10), details[i] || '');
    bodyRow(ws, row, cols);
    for (const c of [1, 2, 3, 5, 6]) align(r.getCell(c), 'center');
    wrap(r.getCell(4));
    wrap(r.getCell(9));
    wrap(r.getCell(10));
    fitRowHeight(ws, row, [
      { value: names[i], width: widths[3]! },
      { value: details[i], width: widths[9]! },
    ]);
    row++;
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};
