/** Reading reviews (SPEC §10): §5 numbers, §6 codes and the REVIEW_* codes, from REVIEWS.json and from raw reviews. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import type { Values } from '#shared/model/submission.js';
import { readReview, type RawReview } from '#shared/review/read.js';
import { parseJsonReviews, readJsonReviews } from '#shared/review/reviews-json.js';
import { pts, q, rate } from '../../support/rubric-builders.js';
import { secondBloc } from './second-bloc.js';

let bloc: Bloc;
beforeAll(async () => {
  bloc = await secondBloc((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC'], 'SO-TNH': ['SO-BPC'] }));
});

const self = new Map<string, Values>([['SO-BPC', { A1: pts('18'), A2: rate('8', '10'), B1: rate('9', '10'), T1: pts('1') }]]);
const read = (doc: unknown) => readJsonReviews(bloc, 'Q2', doc, self);
const codes = (r: { problems: { code: string; cell: string | null }[] }) => r.problems.map((p) => `${p.code} ${p.cell}`);

describe('REVIEWS.json', () => {
  it('reads values in the inputs’ shapes, one review per unit and reviewer', () => {
    const parsed = parseJsonReviews(bloc, {
      'SO-BPC': {
        A1: { value: '15,5', reviewer: 'SO-BDG', reason: 'Thiếu minh chứng' },
        A2: { achieved: 7, base: '10', reviewer: 'SO-DNI', reason: 'Số liệu sai' },
        K1: { value: '1', reviewer: 'SO-BDG', reason: 'Vi phạm chế độ báo cáo' },
      },
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.reviews.map((r) => [r.unit, r.reviewer, [...r.entries.keys()], r.reviewerCells])).toEqual([
      ['SO-BPC', 'SO-BDG', ['A1', 'K1'], ['SO-BPC/A1/reviewer', 'SO-BPC/K1/reviewer']],
      ['SO-BPC', 'SO-DNI', ['A2'], ['SO-BPC/A2/reviewer']],
    ]);
    const r = read({
      'SO-BPC': {
        A1: { value: '15,5', reviewer: 'SO-BDG', reason: 'Thiếu minh chứng' },
        A2: { achieved: 7, base: '10', reviewer: 'SO-DNI', reason: 'Số liệu sai' },
      },
    });
    expect(r.problems).toEqual([]);
    const eff = r.reviews.get('SO-BPC')!;
    expect(eff['A1']).toEqual({ points: q('15.5'), reviewer: 'SO-BDG', reason: 'Thiếu minh chứng', at: '', role: 'assigned' });
    expect(eff['A2']).toMatchObject({ achieved: q('7'), base: q('10'), reviewer: 'SO-DNI', role: 'lead' });
  });

  it('reports §6 number problems at the JSON path', () => {
    const r = read({
      'SO-BPC': {
        A1: { value: 'mười', reviewer: 'SO-BDG', reason: 'x' },
        A2: { achieved: '11', base: '10', reviewer: 'SO-BDG', reason: 'x' },
        B1: { achieved: '7', reviewer: 'SO-BDG', reason: 'x' },
        T1: { value: '-1', reviewer: 'SO-TNH', reason: 'x' },
        K1: { value: '6', reviewer: 'SO-TNH', reason: 'x' },
      },
      'SO-BDG': { A1: { value: '12.3', reviewer: 'SO-DNI', reason: 'x' } },
    });
    expect(codes(r)).toEqual([
      'VALUE_NOT_NUMBER SO-BPC/A1',
      'ACHIEVED_ABOVE_BASE SO-BPC/A2/achieved',
      'VALUE_MISSING SO-BPC/B1/base',
      'VALUE_NEGATIVE SO-BPC/T1',
      'SCORE_ABOVE_MAX SO-BPC/K1',
      'SCORE_OFF_STEP SO-BDG/A1',
    ]);
    expect(r.problems[0]!.message).toMatch(/"mười"/);
  });

  it('REVIEW_REASON_MISSING for a changed value without a reason; the same value needs none and is still a review', () => {
    const r = read({
      'SO-BPC': {
        A1: { value: '12', reviewer: 'SO-BDG' },
        B1: { achieved: '9', base: '10', reviewer: 'SO-BDG', reason: ' ' },
        T1: { value: '1', reviewer: 'SO-TNH' },
      },
    });
    expect(codes(r)).toEqual(['REVIEW_REASON_MISSING SO-BPC/A1/reason']);
    const ok = read({ 'SO-BPC': { B1: { achieved: '9.0', base: '10', reviewer: 'SO-BDG' }, T1: { value: '1', reviewer: 'SO-TNH', reason: 'Đúng' } } });
    expect(ok.problems).toEqual([]);
    expect(Object.keys(ok.reviews.get('SO-BPC')!)).toEqual(['B1', 'T1']);
    // A unit without self-entries: every value is a change.
    expect(codes(read({ 'SO-TNH': { A1: { value: '12', reviewer: 'SO-DNI' } } }))).toEqual(['REVIEW_REASON_MISSING SO-TNH/A1/reason']);
  });

  it('REVIEWER_NOT_ALLOWED at each criterion the reviewer signs: not assigned, itself, no member', () => {
    const r = read({
      'SO-BPC': {
        A1: { value: '12', reviewer: 'SO-LKH', reason: 'x' },
        T1: { value: '0', reviewer: 'SO-LKH', reason: 'x' },
        K1: { value: '1', reviewer: 'SO-BPC', reason: 'x' },
      },
      'SO-DNI': { A1: { value: '12', reviewer: 'SO-DNI', reason: 'x' } },
      'SO-BDG': { A1: { value: '12', reviewer: 'SO-HCM', reason: 'x' } },
    });
    expect(codes(r)).toEqual([
      'REVIEWER_NOT_ALLOWED SO-BPC/A1/reviewer',
      'REVIEWER_NOT_ALLOWED SO-BPC/T1/reviewer',
      'REVIEWER_NOT_ALLOWED SO-BPC/K1/reviewer',
      'REVIEWER_NOT_ALLOWED SO-DNI/A1/reviewer',
      'REVIEWER_NOT_ALLOWED SO-BDG/A1/reviewer',
    ]);
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/SO-LKH không phải trưởng khối \(SO-DNI\) và không được phân công thẩm định SO-BPC/),
      expect.anything(),
      expect.stringMatching(/không được tự thẩm định/),
      expect.stringMatching(/không được tự thẩm định/),
      expect.stringMatching(/"SO-HCM" không phải đơn vị thành viên/),
    ]);
    expect(r.reviews.size).toBe(0);
  });

  it('shape problems: unknown unit, unknown criterion (a warning), wrong fields, no value, no reviewer, not an object', () => {
    const r = read({
      'SO-XXX': {},
      'SO-BPC': {
        Z9: { value: '1', reviewer: 'SO-BDG', reason: 'x' },
        A1: { achieved: '1', reviewer: 'SO-BDG', reason: 'x' },
        A2: { value: '5', reviewer: 'SO-BDG', reason: 'x' },
        B1: { reviewer: 'SO-BDG', reason: 'x' },
        T1: { value: '1' },
        K1: '2',
      },
      'SO-BDG': [],
    });
    expect(codes(r)).toEqual([
      'UNIT_UNKNOWN SO-XXX',
      'CRITERION_UNKNOWN SO-BPC/Z9',
      'INPUT_INVALID SO-BPC/A1',
      'VALUE_MISSING SO-BPC/A1',
      'INPUT_INVALID SO-BPC/A2',
      'VALUE_MISSING SO-BPC/A2',
      'VALUE_MISSING SO-BPC/B1',
      'INPUT_INVALID SO-BPC/T1/reviewer',
      'INPUT_INVALID SO-BPC/K1',
      'INPUT_INVALID SO-BDG',
    ]);
    expect(read('x').problems.map((p) => [p.code, p.cell])).toEqual([['INPUT_INVALID', null]]);
  });
});

describe('readReview: versions, agreement, rejection as a whole', () => {
  const raw = (o: Partial<RawReview> = {}): RawReview => ({
    unit: 'SO-BPC',
    reviewer: 'SO-BDG',
    at: 'U-2027-07-10',
    cell: 'SO-BPC!A1',
    reviewerCells: ['Thông tin!B4'],
    entries: new Map([
      ['A1', { cell: 'SO-BPC!A5', points: { raw: { kind: 'number', value: 12 }, cell: 'SO-BPC!I5' } }],
      ['B1', { cell: 'SO-BPC!A8', achieved: { raw: { kind: 'empty' }, cell: 'SO-BPC!G8' }, base: { raw: { kind: 'empty' }, cell: 'SO-BPC!H8' } }],
    ]),
    reasons: new Map([['A1', { text: 'Thiếu minh chứng', cell: 'SO-BPC!J5' }]]),
    ...o,
  });
  const versions = () => ({ known: ['V1', 'V2'], current: 'V2' });

  it('empty inputs mean agreed; a valid review becomes a record', () => {
    const r = readReview(bloc, 'Q2', raw({ version: { id: 'V2', cell: 'SO-BPC!B2' } }), { versions });
    expect(r).toEqual({
      record: {
        unit: 'SO-BPC',
        reviewer: 'SO-BDG',
        at: 'U-2027-07-10',
        version: 'V2',
        entries: { A1: { points: q('12') } },
        reasons: { A1: 'Thiếu minh chứng' },
      },
      problems: [],
    });
  });

  it('REVIEW_STALE (a warning) when the unit has a newer version; REVIEW_VERSION_UNKNOWN (rejected) when the version is not the unit’s', () => {
    const stale = readReview(bloc, 'Q2', raw({ version: { id: 'V1', cell: 'SO-BPC!B2' } }), { versions });
    expect(stale.record).not.toBeNull();
    expect(codes(stale)).toEqual(['REVIEW_STALE SO-BPC!B2']);
    const unknown = readReview(bloc, 'Q2', raw({ version: { id: 'V9', cell: 'SO-BPC!B2' } }), { versions });
    expect([unknown.record, codes(unknown)]).toEqual([null, ['REVIEW_VERSION_UNKNOWN SO-BPC!B2']]);
  });

  it('one error rejects the whole review, at the workbook’s cells', () => {
    const r = readReview(bloc, 'Q2', raw({ reasons: new Map() }));
    expect([r.record, codes(r)]).toEqual([null, ['REVIEW_REASON_MISSING SO-BPC!A5']]);
    const notAllowed = readReview(bloc, 'Q2', raw({ reviewer: 'SO-TNH', unit: 'SO-BDG' }));
    expect([notAllowed.record, codes(notAllowed)]).toEqual([null, ['REVIEWER_NOT_ALLOWED Thông tin!B4']]);
  });
});
