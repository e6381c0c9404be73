/**
 * `Nhật ký`: the period's story in order (SPEC §10 "Audit"): every version received with its status,
 * review (old → new value per criterion, reviewer, reason), late acceptance, vote, publication,
 * reopening and configuration change, with when and who.
 */
import type { AuditEntry } from '../../store/ledger-port.js';
import { localTime, offsetLabel } from '../../text/local-time.js';
import { FILL, NOTE_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { tableFilter, tableSheet, timeCell, type Context, type PublishedMark } from './context.js';

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

export const writeAuditLog = (name: string, ctx: Context, log: readonly AuditEntry[]): void => {
  const tz = ctx.bloc.timezone;
  const cols = AUDIT_HEADERS.length;
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
  const t = tableSheet(ctx, name, widths, [
    { value: 'NHẬT KÝ CỦA ĐỢT', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    {
      value: `Mọi việc đã ghi nhận, theo thứ tự; thời điểm theo giờ ${offsetLabel(ctx.input.generatedAt, tz)} (${tz}). Nhật ký chỉ ghi thêm, không sửa.`,
      font: NOTE_FONT,
    },
  ]);
  t.header([...AUDIT_HEADERS], 20);
  if (!log.length) t.note('Chưa có việc nào được ghi nhận.');
  log.forEach((e, i) => {
    const row = e.action === 'publish' || e.action === 'reopen' ? { fill: FILL.diff } : {};
    t.write(
      [
        { v: i + 1, s: t.look({ ...row, h: 'center' }) },
        timeCell(t, e.at, tz, row),
        t.text(e.actor, { ...row, wrap: true }),
        t.text(ACTION_TEXT[e.action], { ...row, h: 'center' }),
        t.text(texts[i]!, { ...row, wrap: true }),
      ],
      fittedHeight([{ value: texts[i], width: widths[4]! }]),
    );
  });
  t.end({ autoFilter: tableFilter(t.row - 1, cols) });
};
