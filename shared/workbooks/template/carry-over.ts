/**
 * The annotated copy of a file made from an older version of the rubric (SPEC §6
 * `TEMPLATE_OUTDATED`): not the old file with marks, but a fresh template of the unit and period
 * (current rubric) with what was typed in the old file written back in by criterion code — points,
 * achieved, base, evidence — and, on a sheet of its own, every typed value that no longer fits
 * (a code the rubric no longer has, points above the new maximum, an input the criterion no longer
 * takes), so nothing typed is lost.
 */
import { cellAt, cellRef, type Grid, type GridSheet } from '../../grid/grid.js';
import { groupOf, type Bloc } from '../../model/bloc.js';
import type { Problem } from '../../model/problem.js';
import { allCriteria, inputKind, poolsOf, type Criterion, type Rubric } from '../../model/rubric.js';
import { cmp, fromHundredths } from '../../numbers/rational.js';
import { describeRaw, isBlank, readNumber, type RawValue } from '../../numbers/reading.js';
import { findHeader, findSheets, looksLikeCode, rawText, readInfo, type ScoringHeader } from '../../submission/parse-workbook.js';
import { matchKey } from '../../text/match.js';
import { buildTemplate } from './template.js';
import { HEADER, vnPoints } from './text.js';
import type { CarriedOver, FillEntry, Leftover, TemplateFill } from './types.js';

/** A fill carried over from an old file: its entries and what could not be carried, always present. */
export type CarriedFill = TemplateFill & { entries: Record<string, FillEntry>; carriedOver: CarriedOver };

/**
 * Whether a rejected file's annotated copy is a carried-over template: it is outdated, and nothing
 * else is wrong but an empty label (a file for another bloc, year or period keeps its marked copy:
 * its values do not belong in this period's template).
 */
export const carriesOver = (errors: Problem[]): boolean =>
  errors.some((e) => e.code === 'TEMPLATE_OUTDATED') && errors.every((e) => e.code === 'TEMPLATE_OUTDATED' || e.code === 'INFO_MISSING');

type Column = 'points' | 'achieved' | 'base' | 'note';
const COLUMNS: Column[] = ['points', 'achieved', 'base', 'note'];

/** A value as staff typed it: a number stays a number, text stays text; anything else is not carried. */
const typed = (raw: RawValue): string | number | undefined =>
  raw.kind === 'number' ? Number(raw.value.toPrecision(15)) : raw.kind === 'text' || raw.kind === 'date' ? describeRaw(raw) : undefined;

const REASON = {
  codeGone: (code: string) => `Mã "${code}" không còn trong bảng tiêu chí mới.`,
  duplicate: (code: string) => `Tiêu chí ${code} có nhiều dòng ở tệp cũ; chỉ dòng đầu được chép.`,
  aboveMax: (c: Criterion) => `Vượt điểm tối đa mới của tiêu chí ${c.code} (${vnPoints(c.max)} điểm): hãy chấm lại.`,
  nowComputed: (c: Criterion) =>
    `Tiêu chí ${c.code} nay tính điểm từ số liệu (số thực hiện${inputKind(c) === 'rate' ? ', số phải thực hiện' : ''}); hãy nhập số liệu.`,
  nowManual: (c: Criterion) => `Tiêu chí ${c.code} nay chấm điểm trực tiếp, không nhập số liệu; hãy nhập điểm tự chấm.`,
  noBase: (c: Criterion) => `Tiêu chí ${c.code} nay chỉ nhập số thực hiện.`,
  unreadable: 'Ô không chứa số hay chữ (lỗi công thức, giá trị đúng/sai…).',
} as const;

interface OldRow {
  code: string;
  row: number;
  cells: Partial<Record<Column, { raw: RawValue; cell: string }>>;
}

/** Every row of the old `Chấm điểm` with something in its code column, with its non-blank input cells. */
const oldRows = (sheet: GridSheet, header: ScoringHeader): OldRow[] => {
  const codeCol = header.columns.code!;
  const rows = [...sheet.rows.keys()].filter((r) => r > header.row).sort((a, b) => a - b);
  const out: OldRow[] = [];
  for (const row of rows) {
    const code = cellAt(sheet, row, codeCol);
    if (isBlank(code)) continue;
    const cells: OldRow['cells'] = {};
    for (const key of COLUMNS) {
      const col = header.columns[key];
      if (col === undefined) continue;
      const raw = cellAt(sheet, row, col);
      if (!isBlank(raw)) cells[key] = { raw, cell: cellRef(sheet.name, row, col) };
    }
    out.push({ code: rawText(code), row, cells });
  }
  return out;
};

/**
 * What the old workbook (its grid) holds, as a fill of a template of `rubric`, and what could not
 * be written into it. Pure: reads the grid by text as validation does (SPEC §5).
 */
export const carryOverFill = (rubric: Rubric, grid: Grid): CarriedFill => {
  const sheets = findSheets(grid);
  const info = sheets.info ? readInfo(sheets.info) : null;
  const leftovers: Leftover[] = [];
  const entries: Record<string, FillEntry> = {};
  const fill: CarriedFill = {
    ...(info?.fields.preparer && !info.fields.preparer.empty && { preparer: info.fields.preparer.text }),
    ...(info?.fields.preparedOn && !info.fields.preparedOn.empty && { preparedOn: info.fields.preparedOn.text }),
    entries,
    carriedOver: { fromVersion: info?.templateVersion?.text ?? '', leftovers },
  };
  const header = sheets.scoring ? findHeader(sheets.scoring).header : null;
  if (!sheets.scoring || !header) return fill;

  const byKey = new Map(allCriteria(rubric).map((c) => [matchKey(c.code), c]));
  const headings = new Set([...rubric.sections.map((s) => s.code), ...poolsOf(rubric).map((p) => p.code)].map(matchKey));
  const leave = (o: OldRow, key: Column, reason: string) => {
    const at = o.cells[key];
    if (!at) return;
    leftovers.push({ code: o.code, column: HEADER[key], cell: at.cell, value: typed(at.raw) ?? describeRaw(at.raw), reason });
  };
  /** Writes one old cell into the entry, or lists it when it is not a value staff could have typed. */
  const carry = (o: OldRow, key: Column, entry: FillEntry) => {
    const at = o.cells[key];
    if (!at) return;
    const value = typed(at.raw);
    if (value === undefined) return leave(o, key, REASON.unreadable);
    if (key === 'note') entry.note = String(value);
    else entry[key] = value;
  };

  for (const o of oldRows(sheets.scoring, header)) {
    const key = matchKey(o.code);
    const c = byKey.get(key);
    if (!c) {
      // Section, bonus and deduction headings hold subtotals, not typed values.
      if (!headings.has(key) && looksLikeCode(o.code)) for (const col of COLUMNS) leave(o, col, REASON.codeGone(o.code));
      continue;
    }
    if (entries[c.code]) {
      for (const col of COLUMNS) leave(o, col, REASON.duplicate(c.code));
      continue;
    }
    const entry: FillEntry = {};
    entries[c.code] = entry;
    const kind = inputKind(c);
    if (kind === 'points') {
      const read = o.cells.points ? readNumber(o.cells.points.raw) : null;
      if (read?.ok && cmp(read.value, fromHundredths(c.max)) > 0) leave(o, 'points', REASON.aboveMax(c));
      else carry(o, 'points', entry);
      leave(o, 'achieved', REASON.nowManual(c));
      leave(o, 'base', REASON.nowManual(c));
    } else {
      carry(o, 'achieved', entry);
      if (kind === 'rate') carry(o, 'base', entry);
      else leave(o, 'base', REASON.noBase(c));
      // Beside numbers the old points were computed (a formula's result); alone they were typed.
      if (!o.cells.achieved) leave(o, 'points', REASON.nowComputed(c));
    }
    carry(o, 'note', entry);
  }
  return fill;
};

/** A fresh template of `unit` for `periodId` (current rubric), filled from the old file's grid. */
export const carriedTemplate = (bloc: Bloc, periodId: string, unit: string, grid: Grid): Promise<Buffer> => {
  const group = groupOf(bloc, unit);
  if (!group) throw new RangeError(`đơn vị "${unit}" không thuộc khối ${bloc.id}`);
  return buildTemplate(bloc, periodId, unit, carryOverFill(group.rubric, grid));
};
