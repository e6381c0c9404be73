import { describe, expect, it } from 'vitest';
import { cellAt, type GridSheet } from '#shared/grid/grid.js';
import { dateToSerial, rangeStart, rawOfSheetValue, serialToDate, snapshotGrid } from '#shared/source/sheets-grid.js';
import { contentHash, parseSnapshot, snapshotBytes, type SheetSnapshot, type SnapshotRange } from '#shared/source/sheets-snapshot.js';
import { LIMITS } from '#shared/numbers/limits.js';

const snapshot = (ranges: SnapshotRange[], extra: Partial<SheetSnapshot> = {}): SheetSnapshot => ({
  format: 'thi-dua/google-sheet@1',
  spreadsheetId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd',
  url: 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd/edit',
  properties: { title: 'Bản tự chấm điểm', locale: 'vi_VN', timeZone: 'Asia/Ho_Chi_Minh' },
  sheets: ranges.map((r, i) => ({ title: r.title, sheetId: i })),
  ranges,
  oversized: [],
  ...extra,
});

const gridOf = (s: SheetSnapshot) => {
  const r = snapshotGrid(s);
  if (!r.ok) throw new Error(r.problem.message);
  return r.grid;
};

const at = (sheet: GridSheet, ref: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return cellAt(
    sheet,
    Number(m[2]),
    [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0),
  );
};

describe('a pulled sheet to a grid', () => {
  it('places ragged rows from the answered range, leaving "" and missing cells empty', () => {
    const grid = gridOf(snapshot([{ title: 'Chấm điểm', range: "'Chấm điểm'!A1:Z1000", values: [['Mã tiêu chí', '', 'Điểm'], [], ['I.1', 'x']], dates: {} }]));
    const s = grid.sheets[0]!;
    expect(s.name).toBe('Chấm điểm');
    expect(at(s, 'A1')).toEqual({ kind: 'text', text: 'Mã tiêu chí' });
    expect(at(s, 'B1')).toEqual({ kind: 'empty' });
    expect(at(s, 'C1')).toEqual({ kind: 'text', text: 'Điểm' });
    expect(s.rows.has(2)).toBe(false);
    expect(at(s, 'B3')).toEqual({ kind: 'text', text: 'x' });
  });

  it('starts at the first cell of the range the API answered', () => {
    expect(rangeStart("'It''s!odd'!C5:F9")).toEqual({ row: 5, col: 3 });
    expect(rangeStart('Sheet1!A1:Z1000')).toEqual({ row: 1, col: 1 });
    expect(rangeStart("'Chấm điểm'!B:D")).toEqual({ row: 1, col: 2 });
    const s = gridOf(snapshot([{ title: 'T', range: 'T!C5:F9', values: [[1, 2]], dates: {} }])).sheets[0]!;
    expect(at(s, 'C5')).toEqual({ kind: 'number', value: 1 });
    expect(at(s, 'D5')).toEqual({ kind: 'number', value: 2 });
  });

  it('reads numbers, booleans, text numbers in either notation, error literals and dates', () => {
    expect(rawOfSheetValue(8.5, false)).toEqual({ kind: 'number', value: 8.5 });
    expect(rawOfSheetValue(true, false)).toEqual({ kind: 'boolean', value: true });
    expect(rawOfSheetValue('8,5', false)).toEqual({ kind: 'text', text: '8,5' });
    expect(rawOfSheetValue('#REF!', false)).toEqual({ kind: 'error', text: '#REF!' });
    expect(rawOfSheetValue('#N/A', false)).toEqual({ kind: 'error', text: '#N/A' });
    expect(rawOfSheetValue('#1 ưu tiên', false)).toEqual({ kind: 'text', text: '#1 ưu tiên' });
    expect(rawOfSheetValue('', false)).toEqual({ kind: 'empty' });
    // A serial number in a date-formatted cell is a date (20/11/2025 is 45981), never a count.
    expect(rawOfSheetValue(45981, true)).toEqual({ kind: 'date', text: '20/11/2025' });
    expect(rawOfSheetValue(45981.5, true)).toEqual({ kind: 'date', text: '20/11/2025 12:00' });
    expect(rawOfSheetValue(45981, false)).toEqual({ kind: 'number', value: 45981 });
  });

  it('converts serial numbers both ways (days since 1899-12-30)', () => {
    expect(serialToDate(2.5).toISOString()).toBe('1900-01-01T12:00:00.000Z');
    expect(serialToDate(45981).toISOString()).toBe('2025-11-20T00:00:00.000Z');
    expect(dateToSerial(new Date('2025-11-20T00:00:00Z'))).toBe(45981);
  });

  it('marks only the numbers of the date cells as dates', () => {
    const s = gridOf(snapshot([{ title: 'Thông tin', range: "'Thông tin'!A1:Z1000", values: [['Ngày lập', 45979, 45979]], dates: { B1: 'DATE' } }])).sheets[0]!;
    expect(at(s, 'B1')).toEqual({ kind: 'date', text: '18/11/2025' });
    expect(at(s, 'C1')).toEqual({ kind: 'number', value: 45979 });
  });

  it('normalises text to NFC (a decomposed "Điểm" reads as typed)', () => {
    const s = gridOf(snapshot([{ title: 'T', range: 'T!A1:B2', values: [['Đie\u0302\u0309m']], dates: {} }])).sheets[0]!;
    expect(at(s, 'A1')).toEqual({ kind: 'text', text: 'Điểm' });
  });

  it('keeps every sheet of the spreadsheet, the unread ones empty (for SHEET_MISSING)', () => {
    const s = snapshot([{ title: 'Thông tin', range: "'Thông tin'!A1:Z1000", values: [['Năm', 2025]], dates: {} }]);
    s.sheets.push({ title: 'Bảng điểm cũ', sheetId: 7 });
    expect(gridOf(s).sheets.map((x) => [x.name, x.rows.size])).toEqual([
      ['Thông tin', 1],
      ['Bảng điểm cũ', 0],
    ]);
  });

  it('carries which sheets are hidden (for SHEET_HIDDEN), through a stored snapshot too', () => {
    const s = snapshot([{ title: 'Chấm điểm', range: "'Chấm điểm'!A1:Z1000", values: [['x']], dates: {} }]);
    s.sheets[0]!.hidden = true;
    s.sheets.push({ title: 'Thông tin', sheetId: 7 });
    const back = parseSnapshot(snapshotBytes(s));
    expect(gridOf(back).sheets.map((x) => [x.name, x.hidden ?? false])).toEqual([
      ['Chấm điểm', true],
      ['Thông tin', false],
    ]);
  });

  it('refuses an oversized grid and too many rows with FILE_TOO_LARGE', () => {
    const big = snapshotGrid(snapshot([], { oversized: [{ title: 'Chấm điểm', rows: 200_000, columns: 26 }] }));
    expect(big).toMatchObject({ ok: false, problem: { code: 'FILE_TOO_LARGE', cell: null } });
    const rows = Array.from({ length: LIMITS.rowsPerSheet + 1 }, (_, i) => [i]);
    expect(snapshotGrid(snapshot([{ title: 'T', range: 'T!A1:A200000', values: rows, dates: {} }]))).toMatchObject({
      ok: false,
      problem: { code: 'FILE_TOO_LARGE' },
    });
  });

  it('round-trips through the kept bytes; the hash ignores the spreadsheet name', () => {
    const s = snapshot([{ title: 'T', range: 'T!A1:B2', values: [[1, 'a', true]], dates: { A1: 'DATE' } }]);
    expect(parseSnapshot(snapshotBytes(s))).toEqual(s);
    const renamed = { ...s, properties: { ...s.properties, title: 'Tên khác' } };
    expect(contentHash(renamed)).toBe(contentHash(s));
    const edited = { ...s, ranges: [{ ...s.ranges[0]!, values: [[1, 'a', false]] }] };
    expect(contentHash(edited)).not.toBe(contentHash(s));
  });
});
