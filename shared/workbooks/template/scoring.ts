/**
 * Sheet `Chấm điểm` of the submission template (SPEC §5): a header row, then one row per section
 * heading and criterion, the bonus and deduction pools, and a total. Subtotals and the total are
 * conveniences for staff; the reader never needs them.
 */
import type { Cell, Row, Workbook, Worksheet } from 'exceljs';
import { columnLetters } from '../../grid/grid.js';
import { formatRational, fromHundredths, toNumber } from '../../numbers/rational.js';
import { inputKind, type Criterion, type Hundredths, type Pool, type Section, type TargetCriterion } from '../../model/rubric.js';
import {
  COLOR,
  POINTS_FORMAT,
  TEMPLATE_BORDER,
  alignment,
  cleanText,
  font,
  freezeRows,
  heightFor,
  linesIn,
  lineHeight,
  markInput,
  printSetup,
  protectSheet,
  setText,
  solid,
} from '../style.js';
import { capped, computedPoints, minus, overBonusCell, sumOf, type CachedResult, type CellInput } from './formulas.js';
import { HEADER, SCORING_SHEET, clip, criterionHint, poolHint, vnPercent, vnPoints } from './text.js';
import type { FillEntry, TemplateContext, TemplateFill } from './types.js';

/** Columns in sheet order: key, header, width (characters). */
const COLUMNS = [
  ['code', HEADER.code, 9],
  ['content', HEADER.content, 64],
  ['max', HEADER.max, 9],
  ['achieved', HEADER.achieved, 14],
  ['base', HEADER.base, 14],
  ['points', HEADER.points, 12],
  ['note', HEADER.note, 36],
] as const;
type Key = (typeof COLUMNS)[number][0];
const COL = Object.fromEntries(COLUMNS.map(([key], i) => [key, i + 1])) as Record<Key, number>;
const WIDTH = Object.fromEntries(COLUMNS.map(([key, , width]) => [key, width])) as Record<Key, number>;
const LAST_COL = COLUMNS.length;
const TOTAL_WIDTH = COLUMNS.reduce((n, [, , w]) => n + w, 0);

export const SCORING_HEADER_ROW = 5;

const HINT_SIZE = 11;
const num = (h: Hundredths): number => toNumber(fromHundredths(h));
const ref = (key: Key, row: number): string => `${columnLetters(COL[key])}${row}`;

type Validation = { code: string; title: string; prompt: string; error: string; max?: Hundredths };

/** Decimal validation of one input cell; the code in its messages keeps each cell's rule separate. */
const validateDecimal = (cell: Cell, v: Validation): void => {
  cell.dataValidation = {
    type: 'decimal',
    operator: v.max === undefined ? 'greaterThanOrEqual' : 'between',
    allowBlank: true,
    formulae: v.max === undefined ? [0] : [0, num(v.max)],
    showInputMessage: true,
    promptTitle: clip(`Tiêu chí ${v.code}: ${v.title}`, 32),
    prompt: clip(v.prompt, 255),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: clip('Giá trị không hợp lệ', 32),
    error: clip(v.error, 255),
  };
};

/** Writes what staff typed: a number as a number, anything else as text. */
const writeInput = (cell: Cell, v: CellInput): void => {
  if (v === undefined || v === '') return;
  if (typeof v === 'number') cell.value = v;
  else setText(cell, v);
};

class ScoringSheet {
  private readonly ws: Worksheet;
  private row = SCORING_HEADER_ROW;
  /** Row of each criterion, for the over-target bonus formulas. */
  private readonly rowOf = new Map<string, number>();

  constructor(
    wb: Workbook,
    private readonly ctx: TemplateContext,
    private readonly fill: TemplateFill,
  ) {
    this.ws = wb.addWorksheet(SCORING_SHEET, { properties: { tabColor: { argb: COLOR.input } } });
    COLUMNS.forEach(([, , width], i) => (this.ws.getColumn(i + 1).width = width));
  }

  async write(): Promise<void> {
    const { rubric } = this.ctx.group;
    this.titles();
    this.header();
    const sections = rubric.sections.map((s) => this.section(s));
    const overBonus = rubric.sections.flatMap((s) => s.criteria).filter((c): c is TargetCriterion => c.type === 'target' && !!c.overBonus);
    const bonus = this.pool(rubric.bonus, 'bonus', overBonus);
    const deduction = this.pool(rubric.deduction, 'deduction', []);
    this.total([...sections, bonus], deduction);
    this.signatures();
    freezeRows(this.ws, SCORING_HEADER_ROW + 1);
    printSetup(this.ws, { titleRows: [SCORING_HEADER_ROW, SCORING_HEADER_ROW], footer: `${this.ctx.member.code} – ${this.ctx.period.name}` });
    await protectSheet(this.ws);
  }

  private next(): Row {
    this.row += 1;
    return this.ws.getRow(this.row);
  }

  private cell(row: Row, key: Key): Cell {
    return row.getCell(COL[key]);
  }

  private titles(): void {
    const { bloc, period, group, member } = this.ctx;
    const lines: [string, number, boolean][] = [
      [`BẢNG TỰ CHẤM ĐIỂM THI ĐUA – ${period.name.toLocaleUpperCase('vi')}`, 14, true],
      [group.rubric.name, 12, true],
      [`Đơn vị: ${member.name} (mã ${member.code}) – ${group.name} – ${bloc.name}`, 12, false],
      ['Ô nền vàng là ô nhập liệu; các ô khác đã khóa. Điểm của tiêu chí tính theo tỷ lệ hoặc thang điểm được tính tự động từ số liệu nhập vào.', 11, false],
    ];
    lines.forEach(([text, size, bold], i) => {
      const r = i + 1;
      this.ws.mergeCells(r, 1, r, LAST_COL);
      const cell = this.ws.getCell(r, 1);
      setText(cell, text);
      cell.font = font({ size, bold, italic: i === 3, color: { argb: i === 3 ? COLOR.muted : COLOR.title } });
      cell.alignment = alignment({ horizontal: 'center' });
      this.ws.getRow(r).height = heightFor(linesIn(text, TOTAL_WIDTH, size), 6, size);
    });
  }

  private header(): void {
    const row = this.ws.getRow(SCORING_HEADER_ROW);
    let lines = 1;
    for (const [key, text, width] of COLUMNS) {
      const cell = this.cell(row, key);
      setText(cell, text);
      cell.font = font({ bold: true });
      cell.fill = solid(COLOR.header);
      cell.border = TEMPLATE_BORDER;
      cell.alignment = alignment({ horizontal: 'center' });
      lines = Math.max(lines, linesIn(text, width));
    }
    row.height = heightFor(lines);
  }

  /** Borders, font and alignment of a table row; `fillColor` for the locked cells. */
  private frame(row: Row, fillColor?: string, bold = false): void {
    for (const [key] of COLUMNS) {
      const cell = this.cell(row, key);
      cell.border = TEMPLATE_BORDER;
      cell.font = font({ bold });
      cell.alignment = alignment(
        key === 'content' || key === 'note'
          ? { horizontal: 'left' }
          : key === 'achieved' || key === 'base'
            ? { horizontal: 'right', indent: 1 }
            : { horizontal: 'center' },
      );
      if (fillColor) cell.fill = solid(fillColor);
    }
    for (const key of ['max', 'points'] as const) this.cell(row, key).numFmt = POINTS_FORMAT;
  }

  /** Title and hint (smaller, italic) in the content cell; returns the height they need, in points. */
  private content(row: Row, title: string, hint: string[], bold = false): number {
    const cell = this.cell(row, 'content');
    const detail = hint.join('\n');
    cell.value = {
      richText: [
        { text: cleanText(title), font: font({ bold }) },
        ...(detail ? [{ text: cleanText(`\n${detail}`), font: font({ size: HINT_SIZE, italic: true, color: { argb: COLOR.muted } }) }] : []),
      ],
    };
    const hintHeight = detail ? linesIn(detail, WIDTH.content, HINT_SIZE) * lineHeight(HINT_SIZE) : 0;
    return heightFor(linesIn(title, WIDTH.content)) + hintHeight;
  }

  /** A heading row (section, bonus, deduction) whose subtotal is written once its rows are known. */
  private heading(code: string, title: string, max: Hundredths, hint: string[]): (formula: string, result: CachedResult) => void {
    const row = this.next();
    this.frame(row, COLOR.section, true);
    setText(this.cell(row, 'code'), code);
    row.height = this.content(row, title, hint, true);
    this.cell(row, 'max').value = num(max);
    return (formula, result) => {
      this.cell(row, 'points').value = { formula, result };
    };
  }

  private section(s: Section): { ref: string; result: CachedResult } {
    const subtotal = this.heading(s.code, s.title, s.max, []);
    const at = this.row;
    const values = s.criteria.map((c) => this.criterion(c, false));
    const result = sumOf(values);
    subtotal(`SUM(${ref('points', at + 1)}:${ref('points', this.row)})`, result);
    return { ref: ref('points', at), result };
  }

  private pool(p: Pool, kind: 'bonus' | 'deduction', overBonus: TargetCriterion[]): { ref: string; result: CachedResult } {
    const subtotal = this.heading(p.code, p.title, p.max, [poolHint(kind, p.max)]);
    const at = this.row;
    const values = [...p.criteria.map((c) => this.criterion(c, kind === 'deduction')), ...overBonus.map((c) => this.overBonus(c))];
    const result = capped(p.max, sumOf(values));
    const sum = this.row > at ? `SUM(${ref('points', at + 1)}:${ref('points', this.row)})` : '0';
    subtotal(`MIN(${formatRational(fromHundredths(p.max))},${sum})`, result);
    return { ref: ref('points', at), result };
  }

  private entry(code: string): FillEntry {
    return this.fill.entries?.[code] ?? {};
  }

  /** One criterion row; returns what its `Điểm tự chấm` cell holds, for the subtotal. */
  private criterion(c: Criterion, deduction: boolean): CachedResult | CellInput {
    const row = this.next();
    this.rowOf.set(c.code, this.row);
    const entry = this.entry(c.code);
    this.frame(row);
    setText(this.cell(row, 'code'), c.code);
    const height = this.content(row, c.title, criterionHint(c, deduction));
    this.cell(row, 'max').value = num(c.max);

    const achieved = this.cell(row, 'achieved');
    const base = this.cell(row, 'base');
    const points = this.cell(row, 'points');
    const note = this.cell(row, 'note');
    let value: CachedResult | CellInput;
    if (c.type === 'manual') {
      for (const cell of [achieved, base]) cell.fill = solid(COLOR.computed);
      markInput(points);
      const what = deduction ? 'Số điểm bị trừ' : 'Điểm tự chấm';
      validateDecimal(points, {
        code: c.code,
        title: what,
        max: c.max,
        prompt: `${what}: từ 0 đến ${vnPoints(c.max)} điểm, bội số của ${vnPoints(c.step)}.`,
        error: `Tiêu chí ${c.code}: nhập một số từ 0 đến ${vnPoints(c.max)} (${what.toLowerCase()}).`,
      });
      writeInput(points, entry.points);
      value = entry.points;
    } else {
      markInput(achieved);
      validateDecimal(achieved, {
        code: c.code,
        title: HEADER.achieved,
        prompt: `${HEADER.achieved}: ${c.achievedLabel}.`,
        error: `Tiêu chí ${c.code}: "${HEADER.achieved}" (${c.achievedLabel}) phải là một số không âm.`,
      });
      writeInput(achieved, entry.achieved);
      if (inputKind(c) === 'rate') {
        markInput(base);
        validateDecimal(base, {
          code: c.code,
          title: HEADER.base,
          prompt: `${HEADER.base}: ${c.baseLabel}.${c.type === 'target' ? ` Chỉ tiêu: ${vnPercent(c.target)}.` : ''}`,
          error: `Tiêu chí ${c.code}: "${HEADER.base}" (${c.baseLabel}) phải là một số không âm.`,
        });
        writeInput(base, entry.base);
      } else base.fill = solid(COLOR.computed);
      points.fill = solid(COLOR.computed);
      if (entry.points !== undefined) {
        writeInput(points, entry.points);
        value = entry.points;
      } else {
        const computed = computedPoints(c, { achieved: ref('achieved', this.row), base: ref('base', this.row) }, entry.achieved, entry.base)!;
        points.value = computed;
        value = computed.result;
      }
    }
    markInput(note);
    if (entry.note !== undefined) setText(note, entry.note);
    row.height = Math.max(height, heightFor(linesIn(entry.note ?? '', WIDTH.note)));
    return value;
  }

  /** The bonus for exceeding a target, computed from that criterion's row. */
  private overBonus(c: TargetCriterion): CachedResult {
    const row = this.next();
    const at = this.rowOf.get(c.code)!;
    const entry = this.entry(c.code);
    this.frame(row, COLOR.computed);
    const title = `Thưởng vượt chỉ tiêu – tiêu chí ${c.code} (tự động tính)`;
    const hint = [
      `${vnPoints(c.overBonus!.pointsPerPercent)} điểm cho mỗi 1 % vượt chỉ tiêu ${vnPercent(c.target)}, tối đa ${vnPoints(c.overBonus!.cap)} điểm.`,
    ];
    row.height = this.content(row, title, hint);
    this.cell(row, 'max').value = num(c.overBonus!.cap);
    const computed = overBonusCell(c, { achieved: ref('achieved', at), base: ref('base', at) }, entry.achieved, entry.base)!;
    this.cell(row, 'points').value = computed;
    return computed.result;
  }

  private total(added: { ref: string; result: CachedResult }[], deducted: { ref: string; result: CachedResult }): void {
    const row = this.next();
    this.frame(row, COLOR.header, true);
    const codes = this.ctx.group.rubric.sections.map((s) => s.code);
    const title = 'TỔNG ĐIỂM TỰ CHẤM';
    const hint = [`Cộng các mục ${codes.join(', ')} và điểm thưởng ${this.ctx.group.rubric.bonus.code}, trừ điểm trừ ${this.ctx.group.rubric.deduction.code}.`];
    row.height = this.content(row, title, hint, true);
    this.cell(row, 'max').value = num(this.ctx.group.rubric.total);
    this.cell(row, 'points').value = {
      formula: `${added.map((a) => a.ref).join('+')}-${deducted.ref}`,
      result: minus(sumOf(added.map((a) => a.result)), deducted.result),
    };
  }

  private signatures(): void {
    this.row += 1;
    const blocks: [Key, string, string][] = [
      ['content', 'NGƯỜI LẬP BIỂU', '(Ký, ghi rõ họ tên)'],
      ['note', 'THỦ TRƯỞNG ĐƠN VỊ', '(Ký tên, đóng dấu)'],
    ];
    const [title, note] = [this.next(), this.next()];
    for (const [key, heading, hint] of blocks) {
      setText(this.cell(title, key), heading);
      this.cell(title, key).font = font({ bold: true });
      setText(this.cell(note, key), hint);
      this.cell(note, key).font = font({ italic: true, color: { argb: COLOR.muted } });
      for (const row of [title, note]) this.cell(row, key).alignment = alignment({ horizontal: 'center' });
    }
  }
}

export const addScoringSheet = (wb: Workbook, ctx: TemplateContext, fill: TemplateFill): Promise<void> => new ScoringSheet(wb, ctx, fill).write();
