/** `Cần xem lại`: the review flags of every group (shared/insight/flags.ts); flags never change a score. */
import type { Worksheet } from 'exceljs';
import { FLAG_TITLES, type Flag } from '../../insight/flags.js';
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
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from '../style.js';
import { HEADER_ROW, titleBlock, type Context } from './context.js';

export const FLAGS_SHEET = 'Cần xem lại';

export const FLAGS_HEADERS = ['STT', 'Đơn vị', 'Tên đơn vị', 'Mã', 'Loại', 'Tiêu chí', 'Ô', 'Lý do'] as const;

export const writeFlags = (ws: Worksheet, ctx: Context, flags: Flag[]): void => {
  const cols = FLAGS_HEADERS.length;
  titleBlock(ws, [
    { value: 'CẦN XEM LẠI', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: 'Những chỗ nên đối chiếu khi thẩm định; các dấu hiệu này không làm thay đổi điểm.', font: NOTE_FONT },
  ]);
  headerRow(ws, HEADER_ROW, [...FLAGS_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;
  const names = flags.map((f) => ctx.unitName(f.unit));
  const widths = [
    6,
    widthFor(
      flags.map((f) => f.unit),
      11,
      14,
    ),
    widthFor(names, 16, 30),
    22,
    22,
    9,
    widthFor(
      flags.map((f) => f.cell),
      12,
      20,
    ),
    60,
  ];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!flags.length) row = emptyTableNote(ws, row, 'Không có dấu hiệu nào cần xem lại.');
  flags.forEach((f, i) => {
    const r = ws.getRow(row);
    integer(r.getCell(1), i + 1);
    text(r.getCell(2), f.unit);
    text(r.getCell(3), names[i] ?? '');
    text(r.getCell(4), f.code);
    text(r.getCell(5), FLAG_TITLES[f.code]);
    text(r.getCell(6), f.criterion ?? '');
    text(r.getCell(7), f.cell);
    text(r.getCell(8), f.reason);
    bodyRow(ws, row, cols);
    for (const c of [1, 2, 6]) align(r.getCell(c), 'center');
    for (const c of [3, 5, 8]) wrap(r.getCell(c));
    fitRowHeight(ws, row, [
      { value: names[i], width: widths[2]! },
      { value: FLAG_TITLES[f.code], width: widths[4]! },
      { value: f.reason, width: widths[7]! },
    ]);
    row++;
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};
