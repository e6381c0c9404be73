/** The review workbook parser on hand-made grids (SPEC §10 with §5 matching): no writer involved. */
import { describe, expect, it } from 'vitest';
import type { Grid, GridSheet } from '#shared/grid/grid.js';
import type { RawValue } from '#shared/numbers/reading.js';
import { isReviewWorkbook, parseReviewGrid } from '#shared/submission/parse-review.js';
import { manual, rubric, section, target } from '../../support/rubric-builders.js';

const raw = (v: string | number | null): RawValue =>
  v === null ? { kind: 'empty' } : typeof v === 'number' ? { kind: 'number', value: v } : { kind: 'text', text: v };
const sheet = (name: string, rows: (string | number | null)[][], hidden = false): GridSheet => ({
  name,
  ...(hidden && { hidden }),
  rows: new Map(rows.map((cells, r) => [r + 1, new Map(cells.flatMap((v, c) => (v === null ? [] : [[c + 1, raw(v)] as const])))])),
});
const INFO = sheet('thong tin', [
  ['Mã khối thi đua:', 'kv9'],
  ['NĂM', 2030],
  ['Đợt', 'D1'],
  ['Đơn vị  thẩm định', 'u-x'],
  ['Người thẩm định'],
  ['Ngày thẩm định'],
]);
const R = rubric({ id: 'r9', sections: [section('S', [manual('M1', '10', '0.5'), target('T1', '10', '0.9')])] });
const unitOf = (text: string) => (text.trim().toUpperCase() === 'U-Y' ? { code: 'U-Y', rubric: R } : undefined);
const HEAD = ['Mã tiêu chí', 'Nội dung', 'Số thực hiện thẩm định', 'Số phải thực hiện thẩm định', 'Điểm thẩm định (điểm)', 'Lý do:'];

describe('parseReviewGrid', () => {
  it('finds labels, header and codes by text, wherever they stand; ignores rows without a known code', () => {
    const grid: Grid = {
      sheets: [
        INFO,
        sheet('Ghi chú', [['Một sheet thêm vào, không phải sheet đơn vị']]),
        sheet('bất kỳ', [
          [null, 'mã đơn vị', 'u-y'],
          [null, 'Phiên bản', 'v7'],
          [],
          [null, ...HEAD],
          [null, 'S', 'Tiêu đề'],
          [null, 'm1', null, null, null, '7,5', 'Không đủ minh chứng'],
          [null, 'xin chào'],
          [null, 'T1', null, 8, null, null, 'Sai số'],
        ]),
      ],
    };
    expect(isReviewWorkbook(grid)).toBe(true);
    const p = parseReviewGrid(grid, { at: 'a1', unitOf });
    expect(p.problems).toEqual([]);
    expect(p.reviewer).toBe('u-x');
    expect(p.sheets.map((s) => [s.sheet, s.unit, s.problems])).toEqual([['bất kỳ', 'u-y', []]]);
    const r = p.reviews[0]!;
    expect([r.unit, r.reviewer, r.at, r.version, r.cell, r.reviewerCells]).toEqual([
      'U-Y',
      'u-x',
      'a1',
      { id: 'v7', cell: 'bất kỳ!C2' },
      'bất kỳ!A1',
      ['thong tin!B4'],
    ]);
    expect(r.entries.get('M1')!.points).toEqual({ raw: { kind: 'text', text: '7,5' }, cell: 'bất kỳ!F6' });
    expect(r.entries.get('T1')!.achieved).toEqual({ raw: { kind: 'number', value: 8 }, cell: 'bất kỳ!D8' });
    expect(r.reasons.get('T1')).toEqual({ text: 'Sai số', cell: 'bất kỳ!G8' });
  });

  it('a submission’s `Thông tin` is not a review workbook', () => {
    expect(
      isReviewWorkbook({
        sheets: [
          sheet('Thông tin', [
            ['Mã khối thi đua', 'kv9'],
            ['Mã đơn vị', 'U-Y'],
          ]),
          sheet('Chấm điểm', []),
        ],
      }),
    ).toBe(false);
    expect(isReviewWorkbook({ sheets: [] })).toBe(false);
  });

  it('missing header → HEADER_MISSING at the sheet; missing `Phiên bản` → INFO_MISSING; hidden → SHEET_HIDDEN; two sheets of a unit → SHEET_DUPLICATE', () => {
    const p = parseReviewGrid(
      {
        sheets: [
          INFO,
          sheet('A', [
            ['Mã đơn vị', 'U-Y'],
            ['Phiên bản', 'v1'],
            ['Mã tiêu chí', 'Lý do'],
          ]),
          sheet('B', [['Mã đơn vị', 'U-Y'], ['Phiên bản'], HEAD]),
          sheet('C', [['Mã đơn vị', 'U-Y'], ['Phiên bản', 'v1'], HEAD], true),
          sheet('D', [['Mã đơn vị', 'U-Y'], ['Phiên bản', 'v1'], HEAD]),
          sheet('E', [['Mã đơn vị', 'u-y'], ['Phiên bản', 'v2'], HEAD]),
        ],
      },
      { at: 'a', unitOf },
    );
    expect(p.sheets.flatMap((s) => s.problems.map((x) => `${x.code} ${x.cell}`))).toEqual([
      'HEADER_MISSING A!A1',
      'INFO_MISSING B!B2',
      'SHEET_HIDDEN C!A1',
      'SHEET_DUPLICATE D!A1',
      'SHEET_DUPLICATE E!A1',
    ]);
    expect(p.reviews).toEqual([]);
  });

  it('no `Thông tin`, or no reviewer in it: a problem of the file and no review', () => {
    const unit = sheet('U', [['Mã đơn vị', 'U-Y'], ['Phiên bản', 'v1'], HEAD]);
    const none = parseReviewGrid({ sheets: [unit] }, { at: 'a', unitOf });
    expect(none.problems.map((x) => x.code)).toEqual(['SHEET_MISSING']);
    expect(none.reviews).toEqual([]);
    const empty = parseReviewGrid(
      { sheets: [sheet('Thông tin', [['Mã khối thi đua', 'k'], ['Năm', 1], ['Đợt', 'x'], ['Đơn vị thẩm định']]), unit] },
      { at: 'a', unitOf },
    );
    expect(empty.problems.map((x) => `${x.code} ${x.cell}`)).toEqual(['INFO_MISSING Thông tin!B4']);
    expect([empty.reviewer, empty.reviews]).toEqual([null, []]);
  });
});
