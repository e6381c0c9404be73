/** `Thay đổi`: what changed in the ranking since the previous run, unit by unit, and why (shared/insight/explain.ts). */
import { byText, unitChangeDetails, type Explanation } from '../../insight/explain.js';
import { NOTE_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { pointsValue } from '../table.js';
import { tableFilter, tableSheet, type Context } from './context.js';

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

export const writeChanges = (name: string, ctx: Context, changes: Explanation | null): void => {
  const cols = CHANGES_HEADERS.length;
  const since = changes?.from.runId ? `So với lần tính trước (${changes.from.runId}).` : 'Chưa có lần tính trước để so sánh.';
  const units = changes?.units ?? [];
  const details = units.map((u) => unitChangeDetails(u).join('; '));
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
  const t = tableSheet(ctx, name, widths, [
    { value: 'THAY ĐỔI XẾP HẠNG', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: `${since}${changes?.configChanged ? ' Cấu hình đã thay đổi.' : ''}`, font: NOTE_FONT },
  ]);
  t.header([...CHANGES_HEADERS], 33);
  if (!units.length) t.note(changes ? 'Không có đơn vị nào đổi hạng, tổng điểm hay trạng thái.' : 'Chưa có lần tính trước.');
  const center = { h: 'center' } as const;
  const wrap = { wrap: true } as const;
  units.forEach((u, i) =>
    t.write(
      [
        { v: i + 1, s: t.look(center) },
        t.text(u.group, center),
        t.text(u.unit, center),
        t.text(names[i] ?? '', wrap),
        { v: u.rank.from, s: t.look(center) },
        { v: u.rank.to, s: t.look(center) },
        t.number(pointsValue(u.total.from)),
        t.number(pointsValue(u.total.to)),
        t.text(byText(u), wrap),
        t.text(details[i] || '', wrap),
      ],
      fittedHeight([
        { value: names[i], width: widths[3]! },
        { value: details[i], width: widths[9]! },
      ]),
    ),
  );
  t.end({ autoFilter: tableFilter(t.row - 1, cols) });
};
