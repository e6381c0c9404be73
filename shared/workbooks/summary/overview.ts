/** `Tổng hợp`: ranking, class, award and status of every unit, group by group. */
import type { DataBarRuleType } from 'exceljs';
import { fromHundredths, toNumber } from '../../numbers/rational.js';
import type { MemberStatus } from '../../scoring/period.js';
import { BOLD, COLOR, ERROR_BOLD, ERROR_FONT, FILL, GROUP_TOP_BORDER, ITALIC_FONT, SUBTITLE_FONT, TITLE_FONT, fittedHeight, widthFor } from '../style.js';
import { pointsValue, textValue } from '../table.js';
import { STATUS_TEXT, proposalText, tableFilter, tableSheet, type Context } from './context.js';
import { publishedText } from './audit-log.js';

export const SUMMARY_HEADERS = [
  'Khối',
  'Hạng',
  'Mã đơn vị',
  'Tên đơn vị',
  'Tổng điểm',
  'Xếp loại',
  'Điểm thưởng',
  'Điểm trừ',
  'Trạng thái',
  'Đề nghị khen thưởng',
  'Ghi chú',
] as const;

/**
 * Data bars over a group's totals, scaled to the group's range rather than from 0 (which makes
 * totals of 75–98 all look full): the lowest total gets a short stub (a tenth of the longest bar,
 * so that it does not read as no total), the highest the longest bar. The bar is light, with a
 * darker border where the program draws one, and the number beside it is regular: it reads in
 * black and white.
 */
export const dataBar = (priority: number, totals: number[]): DataBarRuleType => {
  const high = Math.max(...totals);
  const low = Math.min(...totals);
  const stub = high > low ? (high - low) / 9 : 1;
  return {
    type: 'dataBar',
    priority,
    gradient: false,
    border: true,
    minLength: 0,
    maxLength: 100,
    cfvo: [
      { type: 'num', value: Math.floor((low - stub) * 100) / 100 },
      { type: 'num', value: high },
    ],
    color: { argb: COLOR.dataBar },
    borderColor: { argb: COLOR.dataBarBorder },
  } as DataBarRuleType;
};

export const writeOverview = (name: string, ctx: Context): void => {
  const { bloc } = ctx;
  const groups = ctx.input.result.groups;
  const cols = SUMMARY_HEADERS.length;
  const members = groups.flatMap((g) => g.members);
  const widths = [
    widthFor(
      groups.map((g) => g.group.name),
      12,
      18,
    ),
    7,
    widthFor(
      members.map((m) => m.unit),
      11,
      14,
    ),
    widthFor(
      members.map((m) => ctx.unitName(m.unit)),
      20,
      32,
    ),
    10,
    widthFor(
      bloc.classes.map((c) => c.name),
      14,
      20,
    ),
    9,
    9,
    12,
    widthFor(
      members.map((m) => proposalText(bloc, m)),
      14,
      24,
    ),
    20,
  ];
  const t = tableSheet(ctx, name, widths, [
    { value: 'TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA', font: TITLE_FONT },
    { value: bloc.name, font: SUBTITLE_FONT },
    { value: `${ctx.periodName} · ${ctx.generated}`, font: ITALIC_FONT },
    ...(ctx.input.published ? [{ value: publishedText(ctx.input.published, bloc.timezone), font: ERROR_BOLD }] : []),
  ]);
  t.header([...SUMMARY_HEADERS], 33);

  const counts: string[] = [];
  groups.forEach((g, gi) => {
    const first = t.row;
    let lastAccepted = 0;
    g.members.forEach((m, mi) => {
      const s = m.score;
      const reviewed = Object.keys(ctx.input.submissions.get(m.unit)?.reviews ?? {}).length ? 'Đã thẩm định' : '';
      const veto = [reviewed, Object.hasOwn(bloc.vetoes, m.unit) ? `Không xét khen thưởng: ${bloc.vetoes[m.unit]}` : ''].filter(Boolean).join('; ');
      const className = m.classification?.name ?? (m.status === 'accepted' ? 'Không xếp loại' : '');
      const texts = [g.group.name, ctx.unitName(m.unit) ?? '', className, proposalText(bloc, m), veto];
      const row = {
        ...(mi === 0 && gi > 0 && { border: GROUP_TOP_BORDER }),
        ...(m.status !== 'accepted' && { fill: FILL.muted }),
      };
      const wrap = { ...row, wrap: true };
      const center = { ...row, h: 'center' as const };
      const n = t.write(
        [
          t.text(texts[0], wrap),
          { v: m.rank, s: t.look(center) },
          t.text(m.unit, center),
          t.text(texts[1], wrap),
          t.number(pointsValue(s?.total), row),
          t.text(texts[2], wrap),
          t.number(pointsValue(s?.bonus), row),
          t.number(pointsValue(s?.deduction), row),
          t.text(STATUS_TEXT[m.status], { ...center, ...(m.status === 'rejected' && { font: ERROR_FONT }) }),
          t.text(texts[3], { ...wrap, ...(m.proposal?.award && { font: BOLD }) }),
          t.text(texts[4], wrap),
        ],
        fittedHeight([1, 4, 6, 10, 11].map((c, i) => ({ value: textValue(texts[i]), width: widths[c - 1]! }))),
      );
      if (m.status === 'accepted') lastAccepted = n;
    });
    const totals = g.members.flatMap((m) => (m.status === 'accepted' && m.score ? [toNumber(fromHundredths(m.score.total))] : []));
    if (lastAccepted >= first && totals.length) t.ws.addConditionalFormatting({ ref: `E${first}:E${lastAccepted}`, rules: [dataBar(gi + 1, totals)] });
    const n = (st: MemberStatus) => g.members.filter((m) => m.status === st).length;
    counts.push(`${g.group.name}: ${n('accepted')}/${g.members.length} đơn vị đã tiếp nhận, ${n('missing')} chưa gửi, ${n('rejected')} bị từ chối.`);
  });
  const last = t.row - 1;
  t.skip();
  for (const line of [...counts, 'Hạng xếp theo tổng điểm, sau đó theo tiêu chí phụ của bảng tiêu chí; đơn vị chưa gửi hoặc bị từ chối không xếp hạng.'])
    t.note(line);
  t.end({ autoFilter: tableFilter(last, cols) });
};
