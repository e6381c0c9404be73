/**
 * `Nhật ký`: the period's story in order (SPEC §10 "Audit"): every version received with its status,
 * review (old → new value per criterion, reviewer, reason), late acceptance, vote, publication,
 * reopening and configuration change, with when and who.
 */
import type { Worksheet } from 'exceljs';
import type { AuditEntry } from '../../store/ledger-port.js';
import { localDateCell, localTime, offsetLabel } from '../../text/local-time.js';
import {
  FILL,
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
import { HEADER_ROW, titleBlock, type Context, type PublishedMark } from './context.js';

export const AUDIT_SHEET = 'Nhật ký';

export const AUDIT_HEADERS = ['STT', 'Thời điểm', 'Người thực hiện', 'Việc', 'Nội dung'] as const;

export type { PublishedMark };

export const ACTION_TEXT: Record<AuditEntry['action'], string> = {
  version: 'Nhận tệp',
  review: 'Thẩm định',
  'accept-late': 'Tiếp nhận tệp nộp muộn',
  vote: 'Biểu quyết',
  publish: 'Công bố',
  reopen: 'Mở lại',
  config: 'Cấu hình',
};

/** One line of the story: the entry's sentence, and for a review each criterion's old → new value and reason. */
export const auditText = (e: AuditEntry): string =>
  [e.text, ...(e.changes ?? []).map((c) => `${c.unit} ${c.criterion}: ${c.old} → ${c.new}${c.reason ? ` (${c.reason})` : ''}`)].join('\n');

/** The log as `bloc log` prints it: one numbered line per entry, a review's criteria indented below it. */
export const auditLines = (log: readonly AuditEntry[], timeZone: string): string[] =>
  log.flatMap((e, i) => {
    const [first, ...rest] = auditText(e).split('\n');
    return [`${i + 1}. ${localTime(new Date(e.at), timeZone, true)} · ${e.actor} · ${ACTION_TEXT[e.action]} · ${first}`, ...rest.map((l) => `     ${l}`)];
  });

export const publishedText = (p: PublishedMark, timeZone: string): string =>
  `Kết quả đã công bố (lần ${p.n}) lúc ${localTime(new Date(p.at), timeZone)}, người công bố: ${p.actor}.`;

export const writeAuditLog = (ws: Worksheet, ctx: Context, log: readonly AuditEntry[]): void => {
  const tz = ctx.bloc.timezone;
  const cols = AUDIT_HEADERS.length;
  titleBlock(ws, [
    { value: 'NHẬT KÝ CỦA ĐỢT', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    {
      value: `Mọi việc đã ghi nhận, theo thứ tự; thời điểm theo giờ ${offsetLabel(ctx.input.generatedAt, tz)} (${tz}). Nhật ký chỉ ghi thêm, không sửa.`,
      font: NOTE_FONT,
    },
  ]);
  headerRow(ws, HEADER_ROW, [...AUDIT_HEADERS]);
  ws.getRow(HEADER_ROW).height = 20;
  const texts = log.map(auditText);
  const widths = [
    6,
    19,
    widthFor(
      log.map((e) => e.actor),
      14,
      24,
    ),
    18,
    80,
  ];
  setWidths(ws, widths);
  let row = HEADER_ROW + 1;
  if (!log.length) row = emptyTableNote(ws, row, 'Chưa có việc nào được ghi nhận.');
  log.forEach((e, i) => {
    const r = ws.getRow(row);
    integer(r.getCell(1), i + 1);
    const at = new Date(e.at);
    if (Number.isNaN(at.getTime())) text(r.getCell(2), e.at);
    else {
      r.getCell(2).value = localDateCell(at, tz);
      r.getCell(2).numFmt = 'dd/mm/yyyy hh:mm:ss';
    }
    text(r.getCell(3), e.actor);
    text(r.getCell(4), ACTION_TEXT[e.action]);
    text(r.getCell(5), texts[i]!);
    bodyRow(ws, row, cols, e.action === 'publish' || e.action === 'reopen' ? { fill: FILL.diff } : {});
    for (const c of [1, 2, 4]) align(r.getCell(c), 'center');
    wrap(r.getCell(3));
    wrap(r.getCell(5));
    fitRowHeight(ws, row, [{ value: texts[i], width: widths[4]! }]);
    row++;
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: Math.max(row - 1, HEADER_ROW), column: cols } };
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};
