/** `Cần xem lại`: the review flags of every group (shared/insight/flags.ts); flags never change a score. */
import { FLAG_TITLES, type Flag } from '../../insight/flags.js';
import { NOTE_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { tableFilter, tableSheet, type Context } from './context.js';

export const FLAGS_SHEET = 'Cần xem lại';

export const FLAGS_HEADERS = ['STT', 'Đơn vị', 'Tên đơn vị', 'Mã', 'Loại', 'Tiêu chí', 'Ô', 'Lý do'] as const;

export const writeFlags = (name: string, ctx: Context, flags: Flag[]): void => {
  const cols = FLAGS_HEADERS.length;
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
  const t = tableSheet(ctx, name, widths, [
    { value: 'CẦN XEM LẠI', font: TITLE_FONT },
    { value: `${ctx.bloc.name} · ${ctx.periodName}`, font: SUBTITLE_FONT },
    { value: 'Những chỗ nên đối chiếu khi thẩm định; các dấu hiệu này không làm thay đổi điểm.', font: NOTE_FONT },
  ]);
  t.header([...FLAGS_HEADERS], 33);
  if (!flags.length) t.note('Không có dấu hiệu nào cần xem lại.');
  const center = { h: 'center' } as const;
  const wrap = { wrap: true } as const;
  flags.forEach((f, i) =>
    t.write(
      [
        { v: i + 1, s: t.look(center) },
        t.text(f.unit, center),
        t.text(names[i] ?? '', wrap),
        t.text(f.code),
        t.text(FLAG_TITLES[f.code], wrap),
        t.text(f.criterion ?? '', center),
        t.text(f.cell),
        t.text(f.reason, wrap),
      ],
      fittedHeight([
        { value: names[i], width: widths[2]! },
        { value: FLAG_TITLES[f.code], width: widths[4]! },
        { value: f.reason, width: widths[7]! },
      ]),
    ),
  );
  t.end({ autoFilter: tableFilter(t.row - 1, cols) });
};
