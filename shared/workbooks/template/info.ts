/** Sheet `Thông tin` of the submission template (SPEC §5): who, for which bloc, period and rubric. */
import type { Workbook } from 'exceljs';
import { COLOR, TEMPLATE_BORDER, alignment, font, heightFor, linesIn, markInput, printSetup, protectSheet, setText, solid } from '../style.js';
import { rubricFingerprint } from '../../config/fingerprint.js';
import { INFO_SHEET, LABEL, TEMPLATE_VERSION, instructions, periodNote } from './text.js';
import type { TemplateContext, TemplateFill } from './types.js';

const WIDTH = { label: 22, value: 40, note: 72 } as const;
const TOTAL_WIDTH = WIDTH.label + WIDTH.value + WIDTH.note;

interface InfoRow {
  label: string;
  value: string | number;
  /** Shown further right; never on an input row (the reader takes the next non-empty cell). */
  note?: string;
  input?: boolean;
}

const infoRows = ({ bloc, period, group, member }: TemplateContext, fill: TemplateFill): InfoRow[] => [
  { label: LABEL.bloc, value: bloc.id, note: bloc.name },
  { label: LABEL.year, value: bloc.year },
  { label: LABEL.period, value: period.id, note: periodNote(period) },
  { label: LABEL.unit, value: member.code, note: group.name },
  { label: LABEL.unitName, value: member.name },
  { label: LABEL.rubric, value: group.rubric.id, note: group.rubric.name },
  // The rubric's fingerprint, as text in a locked cell: a cell survives every program (custom
  // document properties do not); validation names a file made from an older rubric by it.
  { label: TEMPLATE_VERSION, value: rubricFingerprint(group.rubric), note: 'Do hệ thống ghi, không sửa.' },
  { label: LABEL.preparer, value: fill.preparer ?? '', input: true },
  { label: LABEL.preparedOn, value: fill.preparedOn ?? '', input: true },
];

const FIRST_INFO_ROW = 4;

export const addInfoSheet = async (wb: Workbook, ctx: TemplateContext, fill: TemplateFill): Promise<void> => {
  const ws = wb.addWorksheet(INFO_SHEET, { properties: { tabColor: { argb: COLOR.title } } });
  ws.getColumn(1).width = WIDTH.label;
  ws.getColumn(2).width = WIDTH.value;
  ws.getColumn(3).width = WIDTH.note;

  const title = (row: number, text: string, size: number, o: { bold?: boolean; italic?: boolean } = {}) => {
    ws.mergeCells(row, 1, row, 3);
    const cell = ws.getCell(row, 1);
    setText(cell, text);
    cell.font = font({ size, bold: o.bold ?? false, italic: o.italic ?? false, color: { argb: COLOR.title } });
    cell.alignment = alignment({ horizontal: 'center' });
    ws.getRow(row).height = heightFor(linesIn(text, TOTAL_WIDTH, size), 8, size);
  };
  title(1, 'THÔNG TIN BẢN TỰ CHẤM ĐIỂM THI ĐUA', 14, { bold: true });
  title(2, ctx.bloc.name, 12, { italic: true });

  const rows = infoRows(ctx, fill);
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_INFO_ROW + i);
    const [label, value, note] = [row.getCell(1), row.getCell(2), row.getCell(3)];
    setText(label, r.label);
    label.font = font({ bold: true });
    label.fill = solid(COLOR.header);
    if (typeof r.value === 'number') value.value = r.value;
    else if (r.value !== '') setText(value, r.value);
    value.font = font({ bold: !r.input });
    if (r.input) markInput(value);
    if (r.label === LABEL.preparedOn) value.numFmt = 'dd/mm/yyyy';
    for (const cell of [label, value]) {
      cell.border = TEMPLATE_BORDER;
      cell.alignment = alignment({ horizontal: 'left' });
    }
    if (r.note) {
      setText(note, r.note);
      note.font = font({ italic: true, color: { argb: COLOR.muted } });
      note.alignment = alignment({ horizontal: 'left' });
    }
    row.height = heightFor(Math.max(linesIn(r.note ?? '', WIDTH.note), linesIn(String(r.value), WIDTH.value)));
  });

  let row = FIRST_INFO_ROW + rows.length + 1;
  const heading = ws.getCell(row, 1);
  setText(heading, 'HƯỚNG DẪN');
  heading.font = font({ bold: true, color: { argb: COLOR.title } });
  for (const [i, text] of instructions(ctx.period).entries()) {
    row += 1;
    ws.mergeCells(row, 1, row, 3);
    const cell = ws.getCell(row, 1);
    const line = `${i + 1}. ${text}`;
    setText(cell, line);
    cell.font = font();
    cell.alignment = alignment({ horizontal: 'left', vertical: 'top' });
    ws.getRow(row).height = heightFor(linesIn(line, TOTAL_WIDTH));
  }

  printSetup(ws, { footer: `${ctx.member.code} – ${ctx.period.name}` });
  await protectSheet(ws);
};
