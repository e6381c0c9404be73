import { describe, expect, it } from 'vitest';
import { looksLikeCode, parseWorkbookGrid, readInfo } from '#shared/submission/parse-workbook.js';
import { gridOf, submissionGrid, submissionLayout, testRubric, validEntries, type ColumnKey } from '../../support/workbooks.js';

describe('parseWorkbookGrid: the template layout', () => {
  it('finds the labels, the header and every criterion with its cells', () => {
    const parsed = parseWorkbookGrid(submissionGrid(), testRubric());
    expect(parsed.problems).toEqual([]);
    const f = parsed.info!.fields;
    expect(f.bloc).toMatchObject({ text: 'test-bloc', labelCell: 'Thông tin!A3', valueCell: 'Thông tin!B3', empty: false });
    expect(f.year).toMatchObject({ raw: { kind: 'number', value: 2030 }, text: '2030' });
    expect(f.unit?.text).toBe('U1');
    expect(parsed.scoring!.header).toEqual({ row: 5, columns: { code: 1, content: 2, max: 3, achieved: 4, base: 5, points: 6, note: 7 } });
    const e = parsed.scoring!.entries;
    expect([...e.keys()]).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'C.1', 'D.1']);
    expect(e.get('I.1')).toEqual({
      cell: 'Chấm điểm!A7',
      achieved: { raw: { kind: 'number', value: 9 }, cell: 'Chấm điểm!D7' },
      base: { raw: { kind: 'number', value: 10 }, cell: 'Chấm điểm!E7' },
      selfScore: { raw: { kind: 'number', value: 6 }, cell: 'Chấm điểm!F7' },
    });
    expect(e.get('I.2')).toEqual({ cell: 'Chấm điểm!A8', points: { raw: { kind: 'number', value: 5.5 }, cell: 'Chấm điểm!F8' } });
    expect(e.get('II.2')).toMatchObject({ achieved: { cell: 'Chấm điểm!D11' }, selfScore: { cell: 'Chấm điểm!F11' } });
    expect(e.get('II.2')!.base).toBeUndefined();
    expect(e.get('D.1')).toEqual({ cell: 'Chấm điểm!A15', points: { raw: { kind: 'empty' }, cell: 'Chấm điểm!F15' } });
    expect(Object.keys(parsed.scoring!.selfScores)).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'C.1']);
  });

  it('without a rubric reads only the structure', () => {
    const parsed = parseWorkbookGrid(submissionGrid());
    expect(parsed.problems).toEqual([]);
    expect(parsed.scoring!.header?.row).toBe(5);
    expect(parsed.scoring!.entries.size).toBe(0);
  });

  it('a rubric chosen from Thông tin', () => {
    let seen: string | undefined;
    const parsed = parseWorkbookGrid(submissionGrid(), (info) => {
      seen = info?.fields.rubric?.text;
      return testRubric();
    });
    expect(seen).toBe('r-test');
    expect(parsed.scoring!.entries.size).toBe(6);
  });
});

describe('parseWorkbookGrid: what people do to a sheet', () => {
  it('rows above the header, reordered columns, headers without diacritics, in capitals, NFD, zero-width, on two lines', () => {
    const columns: ColumnKey[] = ['note', 'points', 'base', 'code', 'achieved', 'max', 'content'];
    const layout = submissionLayout(testRubric(), {
      titleRows: 12,
      columns,
      headers: {
        code: 'MA TIEU CHI',
        points: 'Điểm tự chấm\n(điểm)',
        achieved: 'Số thực hiện'.normalize('NFD'),
        base: 'so\u200B phai  thuc hien',
        note: 'Giải trình, minh chứng:',
      },
    });
    const parsed = parseWorkbookGrid(gridOf(layout.sheets), testRubric());
    expect(parsed.problems).toEqual([]);
    expect(parsed.scoring!.header).toEqual({ row: 13, columns: { note: 1, points: 2, base: 3, code: 4, achieved: 5, max: 6, content: 7 } });
    const i1 = parsed.scoring!.entries.get('I.1')!;
    const row = layout.rowOf['I.1']!;
    expect(i1).toMatchObject({
      cell: `Chấm điểm!D${row}`,
      achieved: { cell: `Chấm điểm!E${row}` },
      base: { cell: `Chấm điểm!C${row}` },
      selfScore: { cell: `Chấm điểm!B${row}` },
    });
  });

  it('codes compared as text: i.1 is I.1, spaces and NFD do not matter', () => {
    const parsed = parseWorkbookGrid(
      submissionGrid({ entries: { 'I.1': { code: 'i.1', achieved: 1, base: 1 }, 'I.2': { code: ' I.2\u200B ', points: 1 }, 'C.1': { code: 'c.1' } } }),
      testRubric(),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.scoring!.entries.get('I.1')!.cell).toBe('Chấm điểm!A7');
  });

  it('labels elsewhere in A–F, with a colon, in NFD, values a few cells to the right', () => {
    const layout = submissionLayout(testRubric(), { labelCol: 3, valueCol: 6 });
    const grid = gridOf(layout.sheets);
    const info = grid.sheets[0]!;
    info.rows.get(6)!.set(3, { kind: 'text', text: 'MÃ ĐƠN VỊ:'.normalize('NFD') });
    const fields = readInfo(info).fields;
    expect(fields.unit).toMatchObject({ labelCell: 'Thông tin!C6', valueCell: 'Thông tin!F6', text: 'U1' });
    expect(fields.preparedOn?.text).toBe('20/11/2030');
  });

  it('a label beyond column F or row 30 is not a label', () => {
    const rows = [...Array(30)].map(() => []) as unknown[][];
    const sheet = gridOf([{ name: 'Thông tin', rows: [['Năm', 2030], ['', '', '', '', '', '', 'Đợt', 'P'], ...rows, ['Mã đơn vị', 'U1']] as never }])
      .sheets[0]!;
    const fields = readInfo(sheet).fields;
    expect(fields.year?.text).toBe('2030');
    expect(fields.period).toBeUndefined();
    expect(fields.unit).toBeUndefined();
  });

  it('an empty value: the cell right of the label', () => {
    const fields = readInfo(submissionGrid({ info: { preparer: '', unit: '  ' } }).sheets[0]!).fields;
    expect(fields.preparer).toMatchObject({ empty: true, valueCell: 'Thông tin!B9', text: '' });
    expect(fields.unit).toMatchObject({ empty: true, valueCell: 'Thông tin!B6' });
  });
});

describe('parseWorkbookGrid: problems', () => {
  it('SHEET_MISSING for each missing sheet, cell null; sheet names matched as text', () => {
    const layout = submissionLayout(testRubric());
    const none = parseWorkbookGrid(gridOf([{ name: 'Sheet1', rows: [] }]), testRubric());
    expect(none.problems.map((p) => [p.code, p.cell])).toEqual([
      ['SHEET_MISSING', null],
      ['SHEET_MISSING', null],
    ]);
    expect(none.problems[0]!.message).toContain('"Thông tin"');
    expect(none.problems[1]!.message).toContain('"Chấm điểm"');
    const renamed = gridOf([
      { name: 'THONG TIN', rows: layout.sheets[0]!.rows },
      { name: ' cham  diem', rows: layout.sheets[1]!.rows },
    ]);
    expect(parseWorkbookGrid(renamed, testRubric()).problems).toEqual([]);
  });

  it('HEADER_MISSING when no row of the first 20 holds the header', () => {
    const layout = submissionLayout(testRubric(), { titleRows: 20 });
    const parsed = parseWorkbookGrid(gridOf(layout.sheets), testRubric());
    expect(parsed.problems.map((p) => [p.code, p.cell])).toEqual([['HEADER_MISSING', 'Chấm điểm!A1']]);
    expect(parsed.scoring!.entries.size).toBe(0);
  });

  it('HEADER_MISSING naming the column when the header lacks Điểm tự chấm', () => {
    const parsed = parseWorkbookGrid(submissionGrid({ headers: { points: 'Điểm' } }), testRubric());
    expect(parsed.problems.map((p) => [p.code, p.cell])).toEqual([['HEADER_MISSING', 'Chấm điểm!A5']]);
    expect(parsed.problems[0]!.message).toContain('"Điểm tự chấm"');
  });

  it('HEADER_MISSING when an input column the rubric needs is absent; those criteria are not read', () => {
    const parsed = parseWorkbookGrid(submissionGrid({ columns: ['code', 'content', 'max', 'achieved', 'points', 'note'] }), testRubric());
    expect(parsed.problems.map((p) => [p.code, p.cell])).toEqual([['HEADER_MISSING', 'Chấm điểm!A5']]);
    expect(parsed.problems[0]!.message).toContain('"Số phải thực hiện"');
    expect([...parsed.scoring!.entries.keys()]).toEqual(['I.2', 'II.2', 'C.1', 'D.1']);
  });

  it('CRITERION_MISSING at the code header, CRITERION_DUPLICATE at the second row, CRITERION_UNKNOWN for code-like values only', () => {
    const layout = submissionLayout(testRubric(), {
      entries: { ...validEntries(), 'I.2': null },
      extraRows: [
        { code: 'I.1', achieved: 1, base: 2 },
        { code: 'I.9', points: 1 },
        { code: 'Ghi chú', content: 'ghi chú của đơn vị' },
        { code: 'III' },
        { code: 'II' },
        { code: 'Tổng cộng' },
        { code: 'c.7' },
      ],
    });
    const parsed = parseWorkbookGrid(gridOf(layout.sheets), testRubric());
    const last = layout.sheets[1]!.rows.length;
    expect(parsed.problems.map((p) => [p.code, p.cell])).toEqual([
      ['CRITERION_DUPLICATE', `Chấm điểm!A${last - 6}`],
      ['CRITERION_UNKNOWN', `Chấm điểm!A${last - 5}`],
      ['CRITERION_UNKNOWN', `Chấm điểm!A${last - 3}`],
      ['CRITERION_UNKNOWN', `Chấm điểm!A${last}`],
      ['CRITERION_MISSING', 'Chấm điểm!A5'],
    ]);
    expect(parsed.problems.find((p) => p.code === 'CRITERION_MISSING')!.message).toContain('I.2');
    expect(parsed.problems[0]!.message).toContain(`dòng ${layout.rowOf['I.1']}`);
    // The first row of a duplicated code is the one read.
    expect(parsed.scoring!.entries.get('I.1')!.achieved!.raw).toEqual({ kind: 'number', value: 9 });
  });
});

describe('looksLikeCode', () => {
  it.each(['I.1', 'II', 'IV.3', 'C.1', 'D', 'A.1.b', '12', '3.2', 'a1', 'I.1.', 'VI.5', 'STP.1'])('%s is code-like', (t) =>
    expect(looksLikeCode(t)).toBe(true),
  );
  it.each(['Ghi chú', 'Tổng', 'STT', 'Mục', 'tổng cộng', 'NGƯỜI LẬP BIỂU', '', 'x y', 'Điểm'])('%j is not', (t) => expect(looksLikeCode(t)).toBe(false));
});
