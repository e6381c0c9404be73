/** `Nhật ký nộp`: every version received, in the order received, with its status and counts. */
import { offsetLabel } from '../../text/local-time.js';
import { ERROR_FONT, FILL, NOTE_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { STATUS_TEXT, tableFilter, tableSheet, timeCell, type Context, type SubmissionLogEntry } from './context.js';

export const LOG_HEADERS = ['STT', 'Đơn vị', 'Tên đơn vị', 'Phiên bản', 'Tệp', 'Thời điểm nhận', 'Trạng thái', 'Nộp muộn', 'Số lỗi', 'Số cảnh báo'] as const;

const statusText = (e: SubmissionLogEntry): string => {
  if (e.status === 'late') return 'Nộp muộn, chờ quyết định';
  if (e.status === 'rejected') return STATUS_TEXT.rejected;
  return e.superseded ? `${STATUS_TEXT.accepted}, không tính` : STATUS_TEXT.accepted;
};

export const writeLog = (name: string, ctx: Context): void => {
  const tz = ctx.bloc.timezone;
  const cols = LOG_HEADERS.length;
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
  const t = tableSheet(ctx, name, widths, [
    { value: 'NHẬT KÝ NỘP BẢN TỰ CHẤM ĐIỂM', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `Mọi phiên bản đã nhận, theo thứ tự tiếp nhận; thời điểm theo giờ ${offsetLabel(ctx.input.generatedAt, tz)} (${tz}).`, font: NOTE_FONT },
  ]);
  t.header([...LOG_HEADERS], 33);
  if (!log.length) t.note('Chưa nhận bản tự chấm điểm nào.');
  const center = { h: 'center' } as const;
  const wrap = { wrap: true } as const;
  log.forEach((e, i) => {
    const rejected = e.status === 'rejected';
    t.write(
      [
        { v: i + 1, s: t.look(center) },
        t.text(e.unit ?? '(không xác định)', center),
        t.text(names[i] ?? '', wrap),
        { v: e.version, s: t.look(center) },
        t.text(e.file, wrap),
        timeCell(t, e.receivedAt, tz),
        t.text(statusText(e), { ...center, ...(rejected && { fill: FILL.error, font: ERROR_FONT }) }),
        t.text(e.late ? 'Có' : '', { ...center, ...(e.late && { fill: FILL.warning }) }),
        { v: e.errors, s: t.look() },
        { v: e.warnings, s: t.look() },
      ],
      fittedHeight([
        { value: names[i], width: widths[2]! },
        { value: e.file, width: widths[4]! },
      ]),
    );
  });
  t.end({ autoFilter: tableFilter(t.row - 1, cols) });
};
