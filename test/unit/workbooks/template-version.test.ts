/**
 * The template carries its rubric's fingerprint; a file made from an older version of the rubric
 * is carried over into a fresh template of the current one (SPEC §6 TEMPLATE_OUTDATED).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rubricFingerprint } from '#shared/config/fingerprint.js';
import { loadBloc } from '#shared/config/load.js';
import { cellAt, type Grid, type GridSheet } from '#shared/grid/grid.js';
import type { Bloc } from '#shared/model/bloc.js';
import { rawText, readInfo } from '#shared/submission/parse-workbook.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { readWorkbook } from '#shared/pipeline/read-workbook.js';
import { matchKey } from '#shared/text/match.js';
import { CARRIED_SHEET, buildTemplate } from '#shared/workbooks/template/template.js';
import { carriedTemplate, carriesOver, carryOverFill } from '#shared/workbooks/template/carry-over.js';
import { problem } from '#shared/model/problem.js';
import { FIXTURE } from '../../support/rubric-builders.js';
import { fillFrom, goldenInputs, type GoldenInputs } from '../../support/sample.js';
import { submissionGrid, testRubric, validEntries } from '../../support/workbooks.js';

type Json = any;
const UNIT = 'STP-KHA';

/** The sample region with the STP rubric edited in place, its id unchanged. */
const editedBloc = (edit: (rubric: Json) => void): Promise<Bloc> =>
  loadBloc(join(FIXTURE, 'bloc.json'), async (path) => {
    const text = await readFile(path, 'utf8');
    if (basename(path) !== 'rubric-stp.json') return text;
    const json = JSON.parse(text);
    edit(json);
    return JSON.stringify(json);
  }).then((l) => l.bloc);

const criterionOf = (r: Json, code: string) =>
  [...r.sections.flatMap((s: Json) => s.criteria), ...r.bonus.criteria, ...r.deduction.criteria].find((c: Json) => c.code === code);

/** A max lowered under what was typed, a criterion added, one removed, one turned from points into a target. */
const EDIT = (r: Json): void => {
  criterionOf(r, 'I.2').max = 5; // typed 6
  criterionOf(r, 'I.3').max = 7;
  criterionOf(r, 'V.2').max = 3; // typed 4
  r.sections.find((s: Json) => s.code === 'V').criteria.push({ code: 'V.3', title: 'Tiêu chí mới', type: 'manual', max: 2, step: 0.5 });
  r.deduction.criteria = r.deduction.criteria.filter((c: Json) => c.code !== 'D.3'); // typed 3
  Object.assign(criterionOf(r, 'II.2'), { type: 'target', target: 0.9, achievedLabel: 'Số đã làm', baseLabel: 'Số phải làm' }); // typed 5 points
};

const sheetOf = (grid: Grid, name: string): GridSheet => grid.sheets.find((s) => matchKey(s.name) === matchKey(name))!;
const gridOf = async (bytes: Uint8Array): Promise<Grid> => {
  const read = await readXlsxGrid(bytes);
  if (!read.ok) throw new Error(read.problem.message);
  return read.grid;
};
/** Rows of a sheet as text, from `from` on. */
const rowsOf = (sheet: GridSheet, from = 1): string[][] =>
  [...sheet.rows.keys()]
    .filter((r) => r >= from)
    .sort((a, b) => a - b)
    .map((r) => [...sheet.rows.get(r)!.keys()].sort((a, b) => a - b).map((c) => rawText(cellAt(sheet, r, c))));

let bloc: Bloc;
let edited: Bloc;
let inputs: GoldenInputs;
let old: Buffer;

beforeAll(async () => {
  bloc = await editedBloc(() => {});
  edited = await editedBloc(EDIT);
  inputs = await goldenInputs();
  old = await buildTemplate(
    bloc,
    'Y',
    UNIT,
    fillFrom(inputs[UNIT]!, {
      'I.1': { ...(inputs[UNIT]!['I.1'] as object), note: 'Báo cáo số 12/BC-STP' },
      'D.3': { points: '3', note: '=HYPERLINK("http://x")' },
    }),
  );
});

describe('the template carries the rubric fingerprint', () => {
  it('on Thông tin, label `Mã phiên bản mẫu` in A–F of rows 1–30, the fingerprint as text in a locked cell', async () => {
    const info = readInfo(sheetOf(await gridOf(old), 'Thông tin'));
    const fp = rubricFingerprint(bloc.groups[0]!.rubric);
    expect(info.templateVersion).toMatchObject({ label: 'Mã phiên bản mẫu', text: fp, raw: { kind: 'text', text: fp }, empty: false });
    expect(info.templateVersion!.labelCell).toMatch(/^Thông tin!A([1-9]|[12]\d|30)$/);
    // Every SPEC §5 label is still there.
    expect(Object.keys(info.fields).sort()).toEqual(['bloc', 'period', 'preparedOn', 'preparer', 'rubric', 'unit', 'unitName', 'year']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(old as unknown as ExcelJS.Buffer);
    const cell = wb.getWorksheet('Thông tin')!.getCell(info.templateVersion!.valueCell.split('!')[1]!);
    expect(cell.value).toBe(fp);
    expect(cell.protection?.locked).not.toBe(false);
  });

  it('each rubric its own fingerprint; a rubric edited, another one', () => {
    const [stp, thads] = bloc.groups.map((g) => rubricFingerprint(g.rubric));
    expect(stp).not.toBe(thads);
    expect(rubricFingerprint(edited.groups[0]!.rubric)).not.toBe(stp);
    expect(rubricFingerprint(edited.groups[1]!.rubric)).toBe(thads);
  });
});

describe('a template of the rubric, read after the rubric was edited', () => {
  it('the current rubric: accepted; the edited one: TEMPLATE_OUTDATED only', async () => {
    const now = await readWorkbook(bloc, 'Y', old);
    expect([now.errors, now.warnings]).toEqual([[], []]);
    const later = await readWorkbook(edited, 'Y', old);
    expect(later.errors.map((p) => [p.code, p.cell])).toEqual([['TEMPLATE_OUTDATED', 'Thông tin!B10']]);
    expect(later.warnings).toEqual([]);
    expect(later.unit).toBe(UNIT);
  });

  it('without the fingerprint row (a template made before it) the edited rubric is judged as before', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(old as unknown as ExcelJS.Buffer);
    wb.getWorksheet('Thông tin')!.spliceRows(10, 1);
    const older = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await readWorkbook(bloc, 'Y', older)).errors).toEqual([]);
    const v = await readWorkbook(edited, 'Y', older);
    expect(v.errors.map((p) => p.code)).not.toContain('TEMPLATE_OUTDATED');
    expect(new Set(v.errors.map((p) => p.code))).toEqual(new Set(['CRITERION_MISSING', 'SCORE_ABOVE_MAX', 'VALUE_MISSING']));
    expect(v.warnings.map((p) => p.code)).toEqual(['CRITERION_UNKNOWN']);
  });
});

describe('carriedTemplate: the old values in a fresh template of the current rubric', () => {
  let carried: Buffer;
  let grid: Grid;

  beforeAll(async () => {
    carried = await carriedTemplate(edited, 'Y', UNIT, await gridOf(old));
    grid = await gridOf(carried);
  });

  it('is a template of the current rubric: its fingerprint, who prepared it, no TEMPLATE_OUTDATED', async () => {
    const info = readInfo(sheetOf(grid, 'Thông tin'));
    expect(info.templateVersion!.text).toBe(rubricFingerprint(edited.groups[0]!.rubric));
    expect([info.fields.preparer!.text, info.fields.preparedOn!.text]).toEqual(['Nguyễn Văn An', '18/11/2025']);
    const v = await readWorkbook(edited, 'Y', carried);
    expect(v.errors.map((p) => p.code)).not.toContain('TEMPLATE_OUTDATED');
    expect(v.errors.map((p) => p.code)).not.toContain('CRITERION_MISSING');
  });

  it('reads back with every old value whose criterion still takes it; only what no longer fits is left to enter', async () => {
    const before = await readWorkbook(bloc, 'Y', old);
    const after = await readWorkbook(edited, 'Y', carried);
    // I.2 and V.2 above their new maximum, II.2 now computed from numbers, V.3 new.
    expect(after.errors.map((p) => [p.code, p.message.match(/Tiêu chí ([\w.]+)/)?.[1]])).toEqual([
      ['VALUE_MISSING', 'I.2'],
      ['VALUE_MISSING', 'II.2'],
      ['VALUE_MISSING', 'II.2'],
      ['VALUE_MISSING', 'V.2'],
      ['VALUE_MISSING', 'V.3'],
    ]);
    const kept = Object.keys(before.values).filter((code) => !['I.2', 'II.2', 'V.2', 'D.3'].includes(code));
    expect(kept.length).toBe(Object.keys(before.values).length - 4);
    for (const code of kept) expect([code, after.values[code]]).toEqual([code, before.values[code]]);
  });

  it('carries the evidence text as text', async () => {
    const scoring = sheetOf(grid, 'Chấm điểm');
    const row = rowsOf(scoring).find((r) => r[0] === 'I.1')!;
    expect(row).toContain('Báo cáo số 12/BC-STP');
  });

  it(`lists on "${CARRIED_SHEET}" every typed value not written, with its old cell and why`, () => {
    const sheet = sheetOf(grid, CARRIED_SHEET);
    const text = rowsOf(sheet).flat().join('\n');
    expect(text).toContain(`phiên bản ${rubricFingerprint(bloc.groups[0]!.rubric)}`);
    const table = rowsOf(sheet).filter((r) => /^[IVXCD]+\.\d$/.test(r[0] ?? ''));
    expect(table.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['I.2', 'Điểm tự chấm', '6'],
      ['II.2', 'Điểm tự chấm', '5'],
      ['V.2', 'Điểm tự chấm', '4'],
      ['D.3', 'Điểm tự chấm', '3'],
      ['D.3', 'Giải trình, minh chứng', '=HYPERLINK("http://x")'],
    ]);
    for (const r of table) expect(r[2]).toMatch(/^Chấm điểm![FG]\d+$/);
    expect(table[0]![4]).toContain('Vượt điểm tối đa mới');
    expect(table[1]![4]).toContain('nay tính điểm từ số liệu');
    expect(table[3]![4]).toContain('không còn trong bảng tiêu chí mới');
  });

  it('writes text from the old file as text, never as a formula', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(carried as unknown as ExcelJS.Buffer);
    const formulas: string[] = [];
    wb.getWorksheet(CARRIED_SHEET)!.eachRow((row) => row.eachCell((c) => (c.type === ExcelJS.ValueType.Formula ? formulas.push(c.address) : undefined)));
    expect(formulas).toEqual([]);
  });
});

describe('carryOverFill on any layout', () => {
  it('reads by header text: values stay as typed, a criterion that changed its input lists the old one', () => {
    const rubric = testRubric();
    // I.2 (manual) becomes a target; II.2 (value bands) becomes manual.
    const grid = submissionGrid({ entries: { ...validEntries(), 'I.2': { points: '5,5', note: 'xem phụ lục' }, 'II.2': { achieved: 3, points: 2 } } });
    const [i2, ii2] = [rubric.sections[0]!.criteria[1]!, rubric.sections[1]!.criteria[1]!];
    rubric.sections[0]!.criteria[1] = {
      type: 'target',
      code: i2.code,
      title: i2.title,
      max: i2.max,
      target: { num: 9n, den: 10n },
      achievedLabel: 'a',
      baseLabel: 'b',
    };
    rubric.sections[1]!.criteria[1] = { type: 'manual', code: ii2.code, title: ii2.title, max: ii2.max, step: 50n };
    const fill = carryOverFill(rubric, grid);
    expect(fill.entries['I.1']).toEqual({ achieved: 9, base: 10 });
    expect(fill.entries['I.2']).toEqual({ note: 'xem phụ lục' });
    expect(fill.entries['II.2']).toEqual({ points: 2 });
    expect(fill.entries['C.1']).toEqual({ points: 1 });
    expect(fill.carriedOver.leftovers.map((l) => [l.code, l.column, l.value])).toEqual([
      ['I.2', 'Điểm tự chấm', '5,5'],
      ['II.2', 'Số thực hiện', 3],
    ]);
    expect(fill.carriedOver.fromVersion).toBe('');
  });

  it('carries over only a file whose one error is the version (an empty label aside)', () => {
    const outdated = problem('TEMPLATE_OUTDATED', null, '');
    expect(carriesOver([outdated])).toBe(true);
    expect(carriesOver([problem('INFO_MISSING', null, ''), outdated])).toBe(true);
    expect(carriesOver([problem('PERIOD_MISMATCH', null, ''), outdated])).toBe(false);
    expect(carriesOver([problem('SCORE_ABOVE_MAX', null, '')])).toBe(false);
  });
});
