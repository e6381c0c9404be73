/**
 * The review workbook end to end (SPEC §10): written for a reviewer from the units' current
 * versions, filled as a person would, read back through the bounded reader and readReviewWorkbook.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import { readReviewWorkbook, isReviewWorkbook, type ReviewWorkbookContext } from '#shared/review/review-workbook.js';
import { buildReviewWorkbook, reviewableUnits, type ReviewedVersion } from '#shared/workbooks/review/review-workbook.js';
import { buildTemplate } from '#shared/workbooks/template/template.js';
import { q } from '../../support/rubric-builders.js';
import { secondBloc } from './second-bloc.js';
import { EARLIER_BPC, criterionCell, edited, gridOf, secondVersionIds, secondVersions, valueRightOf } from './review-fixtures.js';

let bloc: Bloc;
let versions: ReviewedVersion[];
const AT = '20270710T010000Z-r-00001';

beforeAll(async () => {
  bloc = await secondBloc((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC'], 'SO-TNH': ['SO-BPC', 'SO-LKH'] }));
  versions = secondVersions();
});

const ctx = (): ReviewWorkbookContext => ({
  at: AT,
  versions: secondVersionIds(versions),
  selfValues: (unit) => versions.find((v) => v.unit === unit)?.values,
});
const read = async (buf: Uint8Array, c: ReviewWorkbookContext = ctx()) => readReviewWorkbook(bloc, 'Q2', await gridOf(buf), c);
const codes = (r: { problems: { code: string; cell: string | null }[] }) => r.problems.map((p) => `${p.code} ${p.cell}`);

describe('who gets which sheets', () => {
  it('the lead: every member with a current version but itself; an assigned reviewer: its units', async () => {
    const period = bloc.periods[0]!;
    expect(reviewableUnits(bloc, period, 'SO-DNI')).toEqual(['SO-BDG', 'SO-BPC', 'SO-LKH', 'SO-TNH', 'CUC-VTA', 'CUC-BRA', 'CUC-XMO']);
    expect(reviewableUnits(bloc, period, 'SO-TNH')).toEqual(['SO-BPC', 'SO-LKH']);
    expect(reviewableUnits(bloc, period, 'SO-BPC')).toEqual([]);
    const lead = await gridOf(await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions));
    expect(lead.sheets.map((s) => s.name)).toEqual(['Thông tin', 'SO-BDG', 'SO-BPC', 'SO-LKH', 'CUC-VTA']);
    const assigned = await gridOf(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions));
    expect(assigned.sheets.map((s) => s.name)).toEqual(['Thông tin', 'SO-BPC']);
  });

  it('refuses an unknown reviewer, a reviewer with nothing to review, a fill for a unit not in the file', async () => {
    await expect(buildReviewWorkbook(bloc, 'Q2', 'SO-XXX', versions)).rejects.toThrow(/không phải đơn vị thành viên/);
    await expect(buildReviewWorkbook(bloc, 'Q2', 'SO-BPC', versions)).rejects.toThrow(/không có đơn vị nào để thẩm định/);
    await expect(buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, { fill: { 'SO-LKH': {} } })).rejects.toThrow(/SO-LKH/);
  });
});

describe('reading a review workbook back', () => {
  it('is told apart from a submission by `Đơn vị thẩm định`', async () => {
    expect(isReviewWorkbook(await gridOf(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions)))).toBe(true);
    expect(isReviewWorkbook(await gridOf(await buildTemplate(bloc, 'Q2', 'SO-BPC')))).toBe(false);
  });

  it('untouched: no review and no problem (empty = agreed)', async () => {
    for (const reviewer of ['SO-DNI', 'SO-BDG']) {
      const r = await read(await buildReviewWorkbook(bloc, 'Q2', reviewer, versions));
      expect(r.problems).toEqual([]);
      expect(r.reviewer).toBe(reviewer);
      expect(r.reviews.every((x) => Object.keys(x.entries).length === 0)).toBe(true);
    }
  });

  it('filled changes with reasons become ReviewRecords with the right entries (the lead)', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions, {
      reviewerName: 'Nguyễn Văn A',
      fill: {
        'SO-BPC': { A1: { points: '15,5', reason: 'Thiếu minh chứng' }, A2: { achieved: 6, reason: 'Số liệu sai' }, K1: { points: 1, reason: 'Báo cáo chậm' } },
        'SO-LKH': { B1: { achieved: '1', base: '2', reason: '' } },
        'CUC-VTA': { T1: { points: '2' } },
      },
    });
    const r = await read(buf);
    expect(r.problems).toEqual([]);
    const bpc = r.reviews.find((x) => x.unit === 'SO-BPC')!;
    expect(bpc).toMatchObject({
      reviewer: 'SO-DNI',
      at: AT,
      version: '20270702T010000Z-b-00002',
      reasons: { A1: 'Thiếu minh chứng', A2: 'Số liệu sai', K1: 'Báo cáo chậm' },
    });
    expect(bpc.entries).toEqual({ A1: { points: q('15.5') }, A2: { achieved: q('6'), base: q('10') }, K1: { points: q('1') } });
    // The same values as the unit's, without a word: no reason needed, and recorded as the lead's
    // review (a value typed is a review; only an empty input is "agreed").
    expect(r.reviews.find((x) => x.unit === 'SO-LKH')!.entries).toEqual({ B1: { achieved: q('1'), base: q('2') } });
    expect(r.reviews.find((x) => x.unit === 'CUC-VTA')!.entries).toEqual({ T1: { points: q('2') } });
    expect(r.sheets.map((s) => [s.sheet, s.accepted])).toEqual([
      ['SO-BDG', true],
      ['SO-BPC', true],
      ['SO-LKH', true],
      ['CUC-VTA', true],
    ]);
  });

  it('an assigned reviewer’s changes, both halves of a rate', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, {
      fill: { 'SO-BPC': { B1: { achieved: '4', base: '10', reason: 'Theo biên bản kiểm tra' } } },
    });
    const r = await read(buf);
    expect(r.problems).toEqual([]);
    expect(r.reviews).toEqual([
      {
        unit: 'SO-BPC',
        reviewer: 'SO-BDG',
        at: AT,
        version: '20270702T010000Z-b-00002',
        entries: { B1: { achieved: q('4'), base: q('10') } },
        reasons: { B1: 'Theo biên bản kiểm tra' },
      },
    ]);
  });

  it('a change without a reason: REVIEW_REASON_MISSING at the reason cell, that sheet only', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions, {
      fill: { 'SO-BPC': { A1: { points: 12 } }, 'SO-BDG': { A1: { points: 10, reason: 'Sai' } } },
    });
    const r = await read(buf);
    expect(codes(r)).toEqual(['REVIEW_REASON_MISSING SO-BPC!J8']);
    expect(r.reviews.map((x) => x.unit)).toEqual(['SO-BDG', 'SO-LKH', 'CUC-VTA']);
    expect(r.sheets.find((s) => s.sheet === 'SO-BPC')!.accepted).toBe(false);
  });

  it('§6 number checks at the review workbook’s cells', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, {
      fill: { 'SO-BPC': { A1: { points: 'mười', reason: 'x' }, A2: { achieved: '12', base: '10', reason: 'x' }, K1: { points: '7', reason: 'x' } } },
    });
    expect(codes(await read(buf))).toEqual(['VALUE_NOT_NUMBER SO-BPC!I8', 'ACHIEVED_ABOVE_BASE SO-BPC!G9', 'SCORE_ABOVE_MAX SO-BPC!I15']);
  });

  it('a sheet of a unit the reviewer may not review: REVIEWER_NOT_ALLOWED on that sheet only', async () => {
    // The lead's workbook, its reviewer changed to an assigned reviewer of SO-BPC only.
    const lead = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions, {
      fill: { 'SO-BPC': { A1: { points: 16, reason: 'Thiếu minh chứng' } }, 'SO-LKH': { A1: { points: 16, reason: 'Thiếu minh chứng' } } },
    });
    const buf = await edited(lead, (wb) => (valueRightOf(wb.getWorksheet('Thông tin')!, 'Đơn vị thẩm định').value = 'SO-BDG'));
    const r = await read(buf);
    expect(r.reviewer).toBe('SO-BDG');
    expect(r.problems.map((p) => p.code)).toEqual(['REVIEWER_NOT_ALLOWED', 'REVIEWER_NOT_ALLOWED', 'REVIEWER_NOT_ALLOWED']);
    expect(new Set(r.problems.map((p) => p.cell))).toEqual(new Set(['Thông tin!B7']));
    expect(r.problems.map((p) => p.message)).toEqual([
      'Đơn vị SO-BDG không được tự thẩm định mình.',
      'SO-BDG không phải trưởng khối (SO-DNI) và không được phân công thẩm định SO-LKH trong đợt này.',
      'SO-BDG không phải trưởng khối (SO-DNI) và không được phân công thẩm định CUC-VTA trong đợt này.',
    ]);
    expect(r.reviews.map((x) => [x.unit, x.reviewer, Object.keys(x.entries)])).toEqual([['SO-BPC', 'SO-BDG', ['A1']]]);
  });

  it('`Phiên bản` changed to an upload that is not the unit’s: REVIEW_VERSION_UNKNOWN; an earlier one: warning REVIEW_STALE', async () => {
    const base = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, { fill: { 'SO-BPC': { A1: { points: 16, reason: 'Thiếu minh chứng' } } } });
    const unknown = await edited(base, (wb) => (valueRightOf(wb.getWorksheet('SO-BPC')!, 'Phiên bản').value = '20270701T010000Z-a-00001'));
    const r1 = await read(unknown);
    expect(codes(r1)).toEqual(['REVIEW_VERSION_UNKNOWN SO-BPC!B4']);
    expect(r1.reviews).toEqual([]);
    const stale = await edited(base, (wb) => (valueRightOf(wb.getWorksheet('SO-BPC')!, 'Phiên bản').value = EARLIER_BPC));
    const r2 = await read(stale);
    expect(codes(r2)).toEqual(['REVIEW_STALE SO-BPC!B4']);
    expect(r2.reviews.map((x) => [x.unit, x.version])).toEqual([['SO-BPC', EARLIER_BPC]]);
    // A newer accepted version after the workbook was made: the same warning.
    const newer = {
      ...ctx(),
      versions: (u: string) =>
        u === 'SO-BPC' ? { known: ['20270702T010000Z-b-00002', '20270709T000000Z-n-00001'], current: '20270709T000000Z-n-00001' } : undefined,
    };
    expect(codes(await read(base, newer))).toEqual(['REVIEW_STALE SO-BPC!B4']);
  });

  it('a deleted unit sheet is simply absent; a missing `Phiên bản` or header rejects that sheet', async () => {
    const base = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions, { fill: { 'SO-LKH': { A1: { points: 16, reason: 'x' } } } });
    const deleted = await edited(base, (wb) => wb.removeWorksheet(wb.getWorksheet('SO-BPC')!.id));
    const r = await read(deleted);
    expect(r.problems).toEqual([]);
    expect(r.reviews.map((x) => x.unit)).toEqual(['SO-BDG', 'SO-LKH', 'CUC-VTA']);

    const broken = await edited(base, (wb) => {
      valueRightOf(wb.getWorksheet('SO-BDG')!, 'Phiên bản').value = null;
      criterionCell(wb.getWorksheet('SO-LKH')!, 'A1', 'Mã tiêu chí'); // the sheet is as written…
      const ws = wb.getWorksheet('CUC-VTA')!;
      ws.getCell('A6').value = 'Mã'; // …but here the code header is gone
    });
    const r2 = await read(broken);
    expect(codes(r2)).toEqual(['INFO_MISSING SO-BDG!B4', 'HEADER_MISSING CUC-VTA!A1']);
    expect(r2.reviews.map((x) => x.unit)).toEqual(['SO-BPC', 'SO-LKH']);
  });

  it('another bloc, year or period in `Thông tin` rejects the whole workbook', async () => {
    const base = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions);
    const other = await edited(base, (wb) => (valueRightOf(wb.getWorksheet('Thông tin')!, 'Đợt').value = 'CN'));
    const r = await read(other);
    expect(codes(r)).toEqual(['PERIOD_MISMATCH Thông tin!B6']);
    expect(r.reviews).toEqual([]);
    const noReviewer = await edited(base, (wb) => (valueRightOf(wb.getWorksheet('Thông tin')!, 'Đơn vị thẩm định').value = null));
    const r2 = await read(noReviewer);
    expect(r2.problems.map((p) => p.code)).toEqual(['INFO_MISSING']);
    expect([r2.reviewer, r2.reviews]).toEqual([null, []]);
  });

  it('tolerant text: renamed-case sheets and labels, extra rows and columns, codes in other case', async () => {
    const base = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, { fill: { 'SO-BPC': { A1: { points: 16, reason: 'Thiếu minh chứng' } } } });
    const messy = await edited(base, (wb) => {
      wb.getWorksheet('Thông tin')!.name = 'THONG TIN';
      const ws = wb.getWorksheet('SO-BPC')!;
      ws.name = 'so-bpc (sửa)';
      valueRightOf(ws, 'Mã đơn vị').value = ' so-bpc ';
      ws.spliceRows(2, 0, ['Ghi chú của người thẩm định']);
      expect(criterionCell(ws, 'A1', 'Lý do').address).toBe('J9'); // moved down a row
      criterionCell(ws, 'A1', 'Mã tiêu chí').value = 'a1';
    });
    const r = await read(messy);
    expect(r.problems).toEqual([]);
    expect(r.reviews.map((x) => [x.unit, x.entries])).toEqual([['SO-BPC', { A1: { points: q('16') } }]]);
  });
});
