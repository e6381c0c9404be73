import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';
import { readWorkbook } from '#shared/pipeline/read-workbook.js';
import { FIXTURE, q } from '../../support/rubric-builders.js';
import {
  afterSheetData,
  excelWorkbook,
  oleFile,
  sheetJsWorkbook,
  submission,
  submissionLayout,
  testBloc,
  testRubric,
  validEntries,
  type SubmissionSpec,
} from '../../support/workbooks.js';

const GOOD_VALUES = {
  'I.1': { achieved: q('9'), base: q('10') },
  'I.2': { points: q('5.5') },
  'II.1': { achieved: q('85'), base: q('100') },
  'II.2': { achieved: q('3') },
  'C.1': { points: q('1') },
  'D.1': { points: q('0') },
};

const TEN_MISTAKES: SubmissionSpec = {
  titleRows: 7,
  columns: ['code', 'content', 'points', 'max', 'achieved', 'base', 'note'],
  headers: { code: 'Ma tieu chi', points: 'ĐIỂM TỰ CHẤM'.normalize('NFD') },
  info: { bloc: 'khoi-khac', year: 2029, period: 'H1', rubric: 'r-cu' },
  entries: {
    ...validEntries(),
    'I.1': { achieved: '11', base: '10', points: 8 },
    'I.2': { points: 'tám' },
    'II.1': { achieved: '85', base: '100', points: 5 },
    'C.1': { points: '-1' },
    'D.1': { points: 4 },
  },
  extraRows: [{ code: 'I.7', points: 3 }],
};

describe('readWorkbook: files from different programs', () => {
  it('an exceljs-written submission: readable, accepted, values exact', async () => {
    const v = await readWorkbook(testBloc(), 'P', await submission());
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.readable).toBe(true);
    expect(v.unit).toBe('U1');
    expect(v.values).toEqual(GOOD_VALUES);
    expect(v.selfScores['II.1']).toEqual(q('4.72'));
  });

  it('a SheetJS-written submission (worksheets first, inline strings) reads the same, every time', async () => {
    const bytes = sheetJsWorkbook(submissionLayout(testRubric()).sheets);
    for (let i = 0; i < 20; i += 1) {
      const v = await readWorkbook(testBloc(), 'P', bytes);
      expect(v.errors).toEqual([]);
      expect(v.values).toEqual(GOOD_VALUES);
    }
  });

  it('one file with ten different mistakes gets ten entries with their codes and cells (exceljs and SheetJS)', async () => {
    const layout = submissionLayout(testRubric(), TEN_MISTAKES);
    const row = layout.rowOf;
    const expected = [
      ['BLOC_MISMATCH', 'Thông tin!B3'],
      ['YEAR_MISMATCH', 'Thông tin!B4'],
      ['PERIOD_MISMATCH', 'Thông tin!B5'],
      ['RUBRIC_MISMATCH', 'Thông tin!B8'],
      ['ACHIEVED_ABOVE_BASE', `Chấm điểm!E${row['I.1']}`],
      ['VALUE_NOT_NUMBER', `Chấm điểm!C${row['I.2']}`],
      ['VALUE_NEGATIVE', `Chấm điểm!C${row['C.1']}`],
      ['SCORE_ABOVE_MAX', `Chấm điểm!C${row['D.1']}`],
      ['CRITERION_UNKNOWN', `Chấm điểm!A${layout.sheets[1]!.rows.length}`],
      ['SELF_SCORE_DIFFERS', `Chấm điểm!C${row['II.1']}`],
    ];
    for (const bytes of [await excelWorkbook(layout.sheets), sheetJsWorkbook(layout.sheets)]) {
      const v = await readWorkbook(testBloc(), 'P', bytes);
      expect([...v.errors, ...v.warnings].map((p) => [p.code, p.cell])).toEqual(expected);
      expect(v.readable).toBe(true);
      expect(new Set(expected.map(([code]) => code)).size).toBe(10);
    }
  });

  it('a workbook with a 200,000-row merge and whole-column validations is read and validated', async () => {
    const bytes = afterSheetData(
      await submission(),
      '<mergeCells count="1"><mergeCell ref="H10:Z200000"/></mergeCells><dataValidations count="1"><dataValidation type="decimal" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations>',
    );
    const v = await readWorkbook(testBloc(), 'P', bytes);
    expect(v.errors).toEqual([]);
    expect(v.values).toEqual(GOOD_VALUES);
  }, 20_000);
});

describe('readWorkbook: files that are not readable workbooks', () => {
  it.each([
    ['empty', Buffer.alloc(0), 'FILE_NOT_XLSX'],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'FILE_NOT_XLSX'],
    ['a CSV', Buffer.from('Mã tiêu chí;Điểm tự chấm\nI.1;8\n'), 'FILE_NOT_XLSX'],
    ['password-protected', oleFile(['EncryptionInfo', 'EncryptedPackage']), 'FILE_ENCRYPTED'],
  ])('%s → its FILE_* problem as the single error, not readable', async (_, bytes, code) => {
    const v = await readWorkbook(testBloc(), 'P', bytes);
    expect(v.errors.map((p) => [p.code, p.cell])).toEqual([[code, null]]);
    expect(v).toMatchObject({ readable: false, unit: null, values: {}, selfScores: {}, warnings: [] });
  });

  it('a truncated workbook → FILE_CORRUPT; lateness is still reported', async () => {
    const bytes = await submission();
    const v = await readWorkbook(testBloc(), 'P', bytes.subarray(0, 1000), { receivedAt: new Date('2031-01-01T00:00:00Z') });
    expect(v.errors.map((p) => p.code)).toEqual(['FILE_CORRUPT']);
    expect(v.warnings.map((p) => p.code)).toEqual(['LATE']);
    expect(v.readable).toBe(false);
  });

  it('a readable workbook without the sheets is readable (an annotated copy can be made)', async () => {
    const v = await readWorkbook(testBloc(), 'P', await excelWorkbook([{ name: 'Sheet1', rows: [['x']] }]));
    expect(v.readable).toBe(true);
    expect(v.errors.map((p) => p.code)).toEqual(['SHEET_MISSING', 'SHEET_MISSING']);
  });
});

describe('readWorkbook: the generated template (real bloc)', () => {
  it('a template filled with the golden inputs reads back to exactly those inputs, without problems', async () => {
    const { bloc } = await loadBloc(resolve(FIXTURE, 'bloc.json'));
    const inputs = JSON.parse(await readFile(resolve(FIXTURE, 'golden/inputs-Y.json'), 'utf8')) as Record<
      string,
      Record<string, string | { achieved: string; base?: string }>
    >;
    const expected = readJsonInputs(bloc, inputs);
    expect(expected.problems).toEqual([]);
    for (const unit of ['STP-PYE', 'THADS-KHA']) {
      const fill: TemplateFill = { preparer: 'Trần Thị B', entries: {} };
      for (const [code, value] of Object.entries(inputs[unit] ?? {}))
        fill.entries![code] =
          typeof value === 'string'
            ? { points: value.replace('.', ',') }
            : { achieved: Number(value.achieved), ...(value.base !== undefined && { base: Number(value.base) }) };
      const bytes = await buildTemplate(bloc, 'Y', unit, fill);
      const v = await readWorkbook(bloc, 'Y', bytes, { receivedAt: new Date('2025-11-20T10:00:00Z') });
      expect(v.errors).toEqual([]);
      expect(v.warnings).toEqual([]);
      expect(v.unit).toBe(unit);
      // Bonus and deduction criteria left empty read as 0; the JSON inputs leave them out.
      const read = Object.fromEntries(Object.entries(v.values).filter(([code, e]) => code in inputs[unit]! || e.points?.num !== 0n));
      expect(read).toEqual(expected.values.get(unit));
    }
  }, 30_000);
});
