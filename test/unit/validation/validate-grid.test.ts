import { describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import { validateGrid } from '#shared/validation/validate-grid.js';
import { endOfDay } from '#shared/text/local-time.js';
import type { Validated } from '#shared/validation/submission.js';
import { q } from '../../support/rubric-builders.js';
import { submissionGrid, testBloc, validEntries, type SubmissionSpec } from '../../support/workbooks.js';

const check = (spec: SubmissionSpec = {}, bloc: Bloc = testBloc(), opts = {}): Validated => validateGrid(bloc, 'P', submissionGrid(spec), opts);
const found = (v: Validated) => [...v.errors, ...v.warnings].map((p) => [p.code, p.cell]);

describe('validateGrid: a good submission', () => {
  it('no problems; unit, values, self-scores and info read', () => {
    const v = check();
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.unit).toBe('U1');
    expect(v.values).toEqual({
      'I.1': { achieved: q('9'), base: q('10') },
      'I.2': { points: q('5.5') },
      'II.1': { achieved: q('85'), base: q('100') },
      'II.2': { achieved: q('3') },
      'C.1': { points: q('1') },
      'D.1': { points: q('0') },
    });
    expect(v.selfScores).toEqual({ 'I.1': q('6'), 'I.2': q('5.5'), 'II.1': q('4.72'), 'II.2': q('2'), 'C.1': q('1') });
    expect(v.info).toEqual({
      'ma khoi thi dua': 'test-bloc',
      nam: '2030',
      dot: 'P',
      'ma don vi': 'U1',
      'ten don vi': 'Đơn vị U1',
      'mau bieu': 'r-test',
      'nguoi lap': 'Nguyễn Văn A',
      'ngay lap': '20/11/2030',
    });
  });

  it('numbers as Vietnamese or English text, and noise in stored numbers', () => {
    const v = check({
      entries: {
        ...validEntries(),
        'I.1': { achieved: '1.103', base: '1.234,5', points: '0' },
        'I.2': { points: '5,5' },
        'II.1': { achieved: '0,125', base: '1,103', points: '1' },
        'C.1': { points: 1.4999999999999998 },
        'D.1': { points: 0.49999999999999994 },
      },
    });
    expect(v.errors).toEqual([]);
    expect(v.values['I.1']).toEqual({ achieved: q('1103'), base: q('1234.5') });
    expect(v.values['I.2']).toEqual({ points: q('5.5') });
    expect(v.values['II.1']).toEqual({ achieved: q('0.125'), base: q('1103') });
    expect(v.values['C.1']).toEqual({ points: q('1.5') });
    expect(v.values['D.1']).toEqual({ points: q('0.5') });
    expect(v.warnings.map((w) => [w.code, w.cell])).toEqual([
      ['SELF_SCORE_DIFFERS', 'Chấm điểm!F7'],
      ['SELF_SCORE_DIFFERS', 'Chấm điểm!F10'],
    ]);
  });

  it('a self-score typed as words beside a computed criterion is a warning, not an error', () => {
    const v = check({ entries: { ...validEntries(), 'I.1': { achieved: '8', base: '10', points: 'sáu' } } });
    expect(v.errors).toEqual([]);
    expect(v.warnings.map((w) => [w.code, w.cell])).toEqual([['SELF_SCORE_DIFFERS', 'Chấm điểm!F7']]);
    expect(v.warnings[0]!.message).toContain('"sáu" không phải là số');
  });

  it('Thông tin compared as text: u1 is U1, TEST-BLOC is test-bloc, a year written as text', () => {
    const v = check({ info: { unit: 'u1', bloc: 'TEST-BLOC', year: '2030', period: ' p ', rubric: 'R-TEST' } });
    expect(v.errors).toEqual([]);
    expect(v.unit).toBe('U1');
  });

  it('Người lập, Ngày lập and Tên đơn vị may be empty', () => {
    const v = check({ info: { preparer: '', preparedOn: undefined, unitName: ' ' } });
    expect(v.errors).toEqual([]);
  });
});

describe('validateGrid: cell values that are not numbers', () => {
  it.each([
    ['a formula without a cached result', { formula: 'SUM(A1:A2)' }],
    ['a #REF! error', { error: '#REF!' }],
    ['a formula whose cached result is #VALUE!', { formula: 'A1/B1', result: { error: '#VALUE!' } }],
    ['a date', new Date(Date.UTC(2030, 10, 20))],
    ['a word', 'tám'],
    ['TRUE', true],
  ])('%s in a score cell → VALUE_NOT_NUMBER at that cell', (_, points) => {
    const v = check({ entries: { ...validEntries(), 'I.2': { points: points as never } } });
    expect(found(v)).toEqual([['VALUE_NOT_NUMBER', 'Chấm điểm!F8']]);
  });

  it('a formula with a cached number result is its result', () => {
    const v = check({ entries: { ...validEntries(), 'I.2': { points: { formula: '2+3.5', result: 5.5 } } } });
    expect(v.errors).toEqual([]);
    expect(v.values['I.2']).toEqual({ points: q('5.5') });
  });

  it('empty inputs: VALUE_MISSING, except bonus and deduction (0)', () => {
    const v = check({ entries: { ...validEntries(), 'I.2': {}, 'II.1': { achieved: 3, points: 5 }, 'C.1': {}, 'D.1': {} } });
    expect(found(v)).toEqual([
      ['VALUE_MISSING', 'Chấm điểm!F8'],
      ['VALUE_MISSING', 'Chấm điểm!E10'],
    ]);
    expect(v.values['C.1']).toEqual({ points: q('0') });
  });
});

describe('validateGrid: every problem at once', () => {
  it('a file with ten different mistakes gets ten entries, each at its cell', () => {
    const v = check({
      info: { bloc: 'khoi-khac', year: 2029, period: 'H1', rubric: 'r-cu' },
      entries: {
        ...validEntries(),
        'I.1': { achieved: 11, base: 10, points: 8 },
        'I.2': { points: 'tám' },
        'II.1': { achieved: 85, base: 100, points: 5 },
        'C.1': { points: -1 },
        'D.1': { points: 4 },
      },
      extraRows: [{ code: 'I.7', points: 3 }],
    });
    expect(v.errors.map((p) => [p.code, p.cell])).toEqual([
      ['BLOC_MISMATCH', 'Thông tin!B3'],
      ['YEAR_MISMATCH', 'Thông tin!B4'],
      ['PERIOD_MISMATCH', 'Thông tin!B5'],
      ['RUBRIC_MISMATCH', 'Thông tin!B8'],
      ['ACHIEVED_ABOVE_BASE', 'Chấm điểm!D7'],
      ['VALUE_NOT_NUMBER', 'Chấm điểm!F8'],
      ['VALUE_NEGATIVE', 'Chấm điểm!F13'],
      ['SCORE_ABOVE_MAX', 'Chấm điểm!F15'],
    ]);
    expect(v.warnings.map((p) => [p.code, p.cell])).toEqual([
      ['CRITERION_UNKNOWN', 'Chấm điểm!A17'],
      ['SELF_SCORE_DIFFERS', 'Chấm điểm!F10'],
    ]);
    expect(v.unit).toBe('U1');
    for (const p of [...v.errors, ...v.warnings]) {
      expect(p.message).toBe(p.message.normalize('NFC'));
      expect(p.message.length).toBeGreaterThan(10);
    }
    expect(v.errors[0]!.message).toContain('khoi-khac');
    expect(v.errors[1]!.message).toContain('2030');
  });

  it('more structural mistakes: missing label, empty value, unknown unit, off step, duplicate, missing criterion', () => {
    const v = check({
      info: { year: null, period: '', unit: 'U9' },
      entries: { ...validEntries(), 'I.2': { points: 5.3 }, 'II.2': null },
      extraRows: [{ code: 'I.2', points: 1 }],
    });
    expect(v.unit).toBeNull();
    expect(found(v)).toEqual([
      ['INFO_MISSING', 'Thông tin!A1'],
      ['INFO_MISSING', 'Thông tin!B4'],
      ['UNIT_UNKNOWN', 'Thông tin!B5'],
      ['CRITERION_DUPLICATE', 'Chấm điểm!A16'],
      ['CRITERION_MISSING', 'Chấm điểm!A5'],
      ['SCORE_OFF_STEP', 'Chấm điểm!F8'],
    ]);
    expect(v.errors[0]!.message).toContain('"Năm"');
    expect(v.errors[4]!.message).toContain('II.2');
  });

  it('SHEET_MISSING for a workbook without the two sheets (cell null), nothing else to say', () => {
    const v = validateGrid(testBloc(), 'P', { sheets: [{ name: 'Sheet1', rows: new Map() }] });
    expect(found(v)).toEqual([
      ['SHEET_MISSING', null],
      ['SHEET_MISSING', null],
    ]);
    expect(v.unit).toBeNull();
  });

  it('without Thông tin the criteria are still checked with the bloc’s only rubric', () => {
    const grid = submissionGrid({ entries: { ...validEntries(), 'I.2': { points: 9 } } });
    grid.sheets.shift();
    const v = validateGrid(testBloc(), 'P', grid);
    expect(found(v)).toEqual([
      ['SHEET_MISSING', null],
      ['SCORE_ABOVE_MAX', 'Chấm điểm!F8'],
    ]);
  });

  it('HEADER_MISSING: no criterion problems are invented', () => {
    const v = check({ titleRows: 25 });
    expect(found(v)).toEqual([['HEADER_MISSING', 'Chấm điểm!A1']]);
  });
});

describe('validateGrid: lateness', () => {
  // Deadline 30/11/2030 in Asia/Ho_Chi_Minh (UTC+7): on time until 2030-11-30T16:59:59.999Z.
  it.each([
    ['2030-11-30T16:59:59.999Z', false],
    ['2030-11-30T17:00:00.000Z', true],
    ['2030-11-29T23:00:00.000Z', false],
    ['2031-01-05T02:00:00.000Z', true],
  ])('received %s → late: %s', (at, late) => {
    const v = check({}, testBloc(), { receivedAt: new Date(at) });
    expect(v.warnings.map((w) => [w.code, w.cell])).toEqual(late ? [['LATE', null]] : []);
    expect(v.errors).toEqual([]);
  });

  it('the message gives the local time and the deadline', () => {
    const v = check({}, testBloc(), { receivedAt: new Date('2030-12-01T01:02:03Z') });
    expect(v.warnings[0]!.message).toContain('08:02:03 ngày 01/12/2030');
    expect(v.warnings[0]!.message).toContain('30/11/2030');
  });

  it('no receipt time, no lateness', () => {
    expect(check().warnings).toEqual([]);
  });

  it('end of the deadline day in other time zones, across daylight-saving changes', () => {
    expect(endOfDay('2030-11-30', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2030-11-30T17:00:00.000Z');
    expect(endOfDay('2030-06-30', 'UTC').toISOString()).toBe('2030-07-01T00:00:00.000Z');
    // New York: EST (UTC−5) before 10 March 2030, EDT (UTC−4) from then until 3 November.
    expect(endOfDay('2030-03-09', 'America/New_York').toISOString()).toBe('2030-03-10T05:00:00.000Z');
    expect(endOfDay('2030-03-10', 'America/New_York').toISOString()).toBe('2030-03-11T04:00:00.000Z');
    expect(endOfDay('2030-11-02', 'America/New_York').toISOString()).toBe('2030-11-03T04:00:00.000Z');
    expect(endOfDay('2030-12-31', 'Pacific/Chatham').toISOString()).toBe('2030-12-31T10:15:00.000Z');
  });
});
