/** `Tổng hợp`: ranking, class, award and status of every unit, group by group. */
import type { DataBarRuleType, Worksheet } from 'exceljs';
import { fromHundredths, toNumber } from '../../numbers/rational.js';
import type { MemberStatus } from '../../scoring/period.js';
import {
  BOLD,
  COLOR,
  FILL,
  FONT,
  GROUP_TOP_BORDER,
  NOTE_FONT,
  SUBTITLE_FONT,
  TITLE_FONT,
  align,
  bodyRow,
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
import { HEADER_ROW, STATUS_TEXT, proposalText, titleBlock, type Context } from './context.js';
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

export const writeOverview = (ws: Worksheet, ctx: Context): void => {
  const { bloc } = ctx;
  const cols = SUMMARY_HEADERS.length;
  titleBlock(ws, [
    { value: 'TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA', font: TITLE_FONT },
    { value: bloc.name, font: SUBTITLE_FONT },
    { value: `${ctx.periodName} · ${ctx.generated}`, font: { ...FONT, italic: true } },
    ...(ctx.input.published ? [{ value: publishedText(ctx.input.published, bloc.timezone), font: { ...BOLD, color: { argb: COLOR.errorText } } }] : []),
  ]);
  headerRow(ws, HEADER_ROW, [...SUMMARY_HEADERS]);
  ws.getRow(HEADER_ROW).height = 33;

  const groupNames = ctx.input.result.groups.map((g) => g.group.name);
  const memberNames = ctx.input.result.groups.flatMap((g) => g.members.map((m) => ctx.unitName(m.unit)));
  const classNames = bloc.classes.map((c) => c.name);
  const awards = ctx.input.result.groups.flatMap((g) => g.members.map((m) => proposalText(bloc, m)));
  const widths = [
    widthFor(groupNames, 12, 18),
    7,
    widthFor(
      ctx.input.result.groups.flatMap((g) => g.members.map((m) => m.unit)),
      11,
      14,
    ),
    widthFor(memberNames, 20, 32),
    10,
    widthFor(classNames, 14, 20),
    9,
    9,
    12,
    widthFor(awards, 14, 24),
    20,
  ];
  setWidths(ws, widths);

  let row = HEADER_ROW + 1;
  const counts: string[] = [];
  ctx.input.result.groups.forEach((g, gi) => {
    const first = row;
    let lastAccepted = 0;
    for (const m of g.members) {
      const s = m.score;
      const name = ctx.unitName(m.unit) ?? '';
      const reviewed = Object.keys(ctx.input.submissions.get(m.unit)?.reviews ?? {}).length ? 'Đã thẩm định' : '';
      const veto = [reviewed, Object.hasOwn(bloc.vetoes, m.unit) ? `Không xét khen thưởng: ${bloc.vetoes[m.unit]}` : ''].filter(Boolean).join('; ');
      const award = proposalText(bloc, m);
      const className = m.classification?.name ?? (m.status === 'accepted' ? 'Không xếp loại' : '');
      const r = ws.getRow(row);
      text(r.getCell(1), g.group.name);
      integer(r.getCell(2), m.rank);
      text(r.getCell(3), m.unit);
      text(r.getCell(4), name);
      points(r.getCell(5), s?.total);
      text(r.getCell(6), className);
      points(r.getCell(7), s?.bonus);
      points(r.getCell(8), s?.deduction);
      text(r.getCell(9), STATUS_TEXT[m.status]);
      text(r.getCell(10), award);
      text(r.getCell(11), veto);
      bodyRow(ws, row, cols, {
        ...(row === first && gi > 0 && { border: GROUP_TOP_BORDER }),
        ...(m.status !== 'accepted' && { fill: FILL.muted }),
      });
      for (const c of [1, 4, 6, 10, 11]) wrap(r.getCell(c));
      for (const c of [2, 3, 9]) align(r.getCell(c), 'center');
      if (m.proposal?.award) r.getCell(10).font = BOLD;
      if (m.status === 'rejected') r.getCell(9).font = { ...FONT, color: { argb: COLOR.errorText } };
      fitRowHeight(
        ws,
        row,
        [1, 4, 6, 10, 11].map((c) => ({ value: r.getCell(c).text, width: widths[c - 1]! })),
      );
      if (m.status === 'accepted') lastAccepted = row;
      row++;
    }
    const totals = g.members.flatMap((m) => (m.status === 'accepted' && m.score ? [toNumber(fromHundredths(m.score.total))] : []));
    if (lastAccepted >= first && totals.length) ws.addConditionalFormatting({ ref: `E${first}:E${lastAccepted}`, rules: [dataBar(gi + 1, totals)] });
    const n = (st: MemberStatus) => g.members.filter((m) => m.status === st).length;
    counts.push(`${g.group.name}: ${n('accepted')}/${g.members.length} đơn vị đã tiếp nhận, ${n('missing')} chưa gửi, ${n('rejected')} bị từ chối.`);
  });
  const last = Math.max(row - 1, HEADER_ROW);
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: last, column: cols } };
  row++;
  for (const line of [...counts, 'Hạng xếp theo tổng điểm, sau đó theo tiêu chí phụ của bảng tiêu chí; đơn vị chưa gửi hoặc bị từ chối không xếp hạng.']) {
    const cell = ws.getCell(row++, 1);
    text(cell, line);
    cell.font = NOTE_FONT;
  }
  printTable(ws, { titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
};
