/**
 * Sheet `Chép từ mẫu cũ` of a template filled from a file made from an older rubric
 * (carry-over.ts): which version the values came from, and every value typed in the old file that
 * could not be written into the new one, so nothing typed is lost. The reader ignores this sheet.
 */
import type { Workbook } from 'exceljs';
import { COLOR, TEMPLATE_BORDER, alignment, font, heightFor, linesIn, printSetup, setText, solid } from '../style.js';
import { HEADER, SCORING_SHEET } from './text.js';
import type { CarriedOver, TemplateContext } from './types.js';
import { rubricFingerprint } from '../../config/fingerprint.js';

export const CARRIED_SHEET = 'Chép từ mẫu cũ';

const COLUMNS = [
  [HEADER.code, 12],
  ['Cột trong tệp cũ', 22],
  ['Ô trong tệp cũ', 18],
  ['Giá trị đã nhập', 28],
  ['Lý do không chép', 60],
] as const;
const TOTAL_WIDTH = COLUMNS.reduce((n, [, w]) => n + w, 0);

export const addCarriedSheet = (wb: Workbook, ctx: TemplateContext, carried: CarriedOver): void => {
  const ws = wb.addWorksheet(CARRIED_SHEET, { properties: { tabColor: { argb: COLOR.muted } } });
  COLUMNS.forEach(([, width], i) => (ws.getColumn(i + 1).width = width));
  printSetup(ws, { footer: `${ctx.member.code} – ${ctx.period.name}` });
  const { rubric } = ctx.group;
  const lines: [string, boolean][] = [
    ['SỐ LIỆU CHÉP TỪ TỆP LẬP THEO MẪU BIỂU CŨ', true],
    [
      `Tệp của đơn vị được lập từ mẫu biểu cũ (phiên bản ${carried.fromVersion}); bảng tiêu chí "${rubric.id}" đã thay đổi (phiên bản hiện hành ${rubricFingerprint(rubric)}). ` +
        `Mẫu này được lập lại theo bảng tiêu chí hiện hành; các số, giải trình đã nhập ở tệp cũ được chép vào sheet "${SCORING_SHEET}" theo mã tiêu chí. Hãy kiểm tra lại, nhập các ô còn trống rồi nộp tệp này.`,
      false,
    ],
    [
      carried.leftovers.length
        ? 'Các giá trị dưới đây không chép được (tiêu chí không còn, điểm vượt điểm tối đa mới, cách nhập đã đổi): hãy xem lại và nhập theo bảng tiêu chí mới.'
        : 'Mọi giá trị đã nhập ở tệp cũ đều được chép sang.',
      false,
    ],
  ];
  lines.forEach(([text, bold], i) => {
    const r = i + 1;
    ws.mergeCells(r, 1, r, COLUMNS.length);
    const cell = ws.getCell(r, 1);
    setText(cell, text);
    cell.font = font({ size: bold ? 14 : 12, bold, color: { argb: COLOR.title } });
    cell.alignment = alignment({ horizontal: bold ? 'center' : 'left' });
    ws.getRow(r).height = heightFor(linesIn(text, TOTAL_WIDTH, bold ? 14 : 12), 6, bold ? 14 : 12);
  });
  if (!carried.leftovers.length) return;

  const headerRow = ws.getRow(lines.length + 2);
  COLUMNS.forEach(([text], i) => {
    const cell = headerRow.getCell(i + 1);
    setText(cell, text);
    cell.font = font({ bold: true });
    cell.fill = solid(COLOR.header);
    cell.border = TEMPLATE_BORDER;
    cell.alignment = alignment({ horizontal: 'center' });
  });
  carried.leftovers.forEach((l, i) => {
    const row = ws.getRow(lines.length + 3 + i);
    const cells = [l.code, l.column, l.cell, l.value, l.reason];
    cells.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      // Text from the submission stays text (SPEC §6): never a formula.
      if (typeof v === 'number') cell.value = v;
      else setText(cell, v);
      cell.font = font();
      cell.border = TEMPLATE_BORDER;
      cell.alignment = alignment({ horizontal: 'left' });
    });
    row.height = heightFor(Math.max(linesIn(String(l.value), COLUMNS[3][1]), linesIn(l.reason, COLUMNS[4][1])));
  });
};
