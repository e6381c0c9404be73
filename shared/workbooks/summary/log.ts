/** `Nhật ký nộp`: every version received, in the order received, with its status and counts. */
import type { Worksheet } from 'exceljs';
import { localDateCell, offsetLabel } from '../../text/local-time.js';
import {
  COLOR,
  FILL,
  FONT,
  NOTE_FONT,
  emptyTableNote,
  SUBTITLE_FONT,
  TITLE_FONT,
  align,
  bodyRow,
  fitRowHeight,
  headerRow,
  integer,
  printTable,
  setWidths,
  text,
  widthFor,
  wrap,
} from '../style.js';
import { HEADER_ROW, STATUS_TEXT, titleBlock, type Context } from './context.js';

export const LOG_HEADERS = ['STT', 'Đơn vị', 'Tên đơn vị', 'Phiên bản', 'Tệp', 'Thời điểm nhận', 'Trạng thái', 'Nộp muộn', 'Số lỗi', 'Số cảnh báo'] as const;

export const writeLog = (ws: Worksheet, ctx: Context): void => {
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
  const widths = [
    6,
    widthFor(
      log.map((e) => e.unit),
      11,
      14,
    ),
    widthFor(names, 16, 30),
    9,
    widthFor(
      log.map((e) => e.file),
      16,
      36,
    ),
    19,
    13,
    9,
    8,
    10,
  ];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!log.length) row = emptyTableNote(ws, row, 'Chưa nhận bản tự chấm điểm nào.');
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
    text(
      r.getCell(7),
      e.status === 'accepted'
        ? e.superseded
          ? `${STATUS_TEXT.accepted}, không tính`
          : STATUS_TEXT.accepted
        : e.status === 'late'
          ? 'Nộp muộn, chờ quyết định'
          : STATUS_TEXT.rejected,
    );
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
