import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countFlags, groupFlags, median, outliers, type Flag, type FlagUnit } from '#shared/insight/flags.js';
import { periodFlags } from '#shared/insight/period.js';
import { rat, type Rational } from '#shared/numbers/rational.js';
import { computePeriod } from '#shared/scoring/period.js';
import { scoreMember } from '#shared/scoring/score.js';
import type { Rubric } from '#shared/model/rubric.js';
import type { Values } from '#shared/model/submission.js';
import { bloc, manual, pool, pts, q, rate, rubric, section, target, val, valueBands } from '../../support/rubric-builders.js';
import { rubricArb, valuesArb } from '../scoring/arbitraries.js';

// A second small bloc: two manual criteria, a target, a value band, a bonus.
const R = rubric({
  sections: [
    section('A', [manual('A.1', '5'), manual('A.2', '5'), target('A.3', '10', '0.9')]),
    section('B', [
      valueBands('B.1', '4', [
        ['0', '4'],
        ['3', '2'],
      ]),
      manual('B.2', '6'),
    ]),
  ],
  bonus: pool('C', '2', [manual('C.1', '2')]),
});

const unit = (code: string, values: Values, extra: Partial<FlagUnit> = {}): FlagUnit => {
  const s = scoreMember(R, values);
  return { unit: code, values, selfScores: {}, points: s.criteria, total: s.total, ...extra };
};
const v = (a1: string, a2: string, a3: [string, string], b1: string, b2: string): Values => ({
  'A.1': pts(a1),
  'A.2': pts(a2),
  'A.3': rate(...a3),
  'B.1': val(b1),
  'B.2': pts(b2),
});
const outlierCodes = (flags: Flag[]) => codes(flags.filter((f) => f.code === 'FLAG_OUTLIER'));
const codes = (flags: Flag[]) => flags.map((f) => `${f.unit} ${f.code}${f.criterion ? ` ${f.criterion}` : ''}`);

describe('flags: hand-worked', () => {
  it('FLAG_ALL_MAX: every manual criterion of the sections at its maximum (bonus and computed ones aside)', () => {
    const flags = groupFlags(R, [unit('X', v('5', '5', ['1', '2'], '9', '6')), unit('Y', v('5', '4.5', ['9', '10'], '0', '6'))]);
    expect(codes(flags)).toEqual(['X FLAG_ALL_MAX']);
    expect(flags[0]!.cell).toBe('X');
    expect(flags[0]!.reason).toBe('Tự chấm tối đa ở cả 3 tiêu chí chấm trực tiếp: cần đối chiếu minh chứng của từng tiêu chí.');
  });

  it('FLAG_MAX_NO_EVIDENCE: manual points at the maximum with an empty evidence cell, at that cell; unknown evidence: no flag', () => {
    const cells = { 'A.1': 'Chấm điểm!F7', 'A.2': 'Chấm điểm!F8', 'C.1': 'Chấm điểm!F14' };
    const x = unit('X', { ...v('5', '4', ['9', '10'], '0', '3'), 'C.1': pts('2') }, { evidence: { 'A.2': 'BC 12/BC', 'C.1': '   ' }, cells });
    const y = unit('Y', v('5', '4.5', ['8', '10'], '1', '2')); // evidence not kept (an old version)
    const flags = groupFlags(R, [x, y]);
    expect(flags.map((f) => [f.unit, f.code, f.criterion, f.cell])).toEqual([
      ['X', 'FLAG_MAX_NO_EVIDENCE', 'A.1', 'Chấm điểm!F7'],
      ['X', 'FLAG_MAX_NO_EVIDENCE', 'C.1', 'Chấm điểm!F14'],
    ]);
    expect(flags[0]!.reason).toBe('A.1 đạt điểm tối đa 5 nhưng cột "Giải trình, minh chứng" để trống.');
  });

  it('FLAG_OUTLIER: the robust z-score, exactly; the cell falls back to UNIT/CODE', () => {
    // A.3 rates 0.90, 0.91, 0.92, 0.93, 0.50: median 0.91, MAD 0.01; 0.6745 × 0.41 = 0.2765 > 3.5 × 0.01.
    const units = ['0.90', '0.91', '0.92', '0.93', '0.50'].map((r, i) => unit(`U${i}`, v('4', '4', [String(Number(r) * 100), '100'], '0', '3')));
    const flags = groupFlags(R, units);
    expect(codes(flags)).toEqual(['U4 FLAG_OUTLIER A.3']);
    expect(flags[0]!.cell).toBe('U4/A.3');
    expect(flags[0]!.reason).toBe('A.3: tỷ lệ 50 % khác xa các đơn vị trong khối (trung vị 91 %, 5 đơn vị).');
  });

  it('outliers compares |0.6745 (x − m)| with z · MAD without rounding: just above and at the threshold', () => {
    // m = 0, MAD = 1 (values −1, 0, 0, 1, x): x is flagged iff 0.6745 |x| > z.
    const xs = (x: Rational) => [rat(-1n), rat(0n), rat(0n), rat(1n), x];
    const z = rat(7n, 2n);
    const edge = rat(35000n, 6745n); // exactly at the threshold: not above it
    expect(outliers(xs(edge), z)[4]).toBe(false);
    expect(outliers(xs(rat(35000n * 1_000_000n + 1n, 6745n * 1_000_000n)), z)[4]).toBe(true);
    expect(median([rat(3n), rat(1n), rat(2n), rat(10n)])).toEqual(rat(5n, 2n));
    // MAD = 0 (most values equal): the scaled mean absolute deviation stands in; all equal → nothing.
    expect(
      outliers(
        [1n, 1n, 1n, 1n, 1n, 0n].map((n) => rat(n)),
        z,
      ),
    ).toEqual([false, false, false, false, false, true]);
    expect(
      outliers(
        [1n, 1n, 1n, 1n].map((n) => rat(n)),
        z,
      ),
    ).toEqual([false, false, false, false]);
    // Fewer than 4 units: no group to compare with.
    expect(outliers([rat(0n), rat(0n), rat(100n)], z)).toEqual([false, false, false]);
  });

  it('FLAG_COPY: identical non-trivial inputs in ≥ 80 % of the criteria either filled; zeros and maxima do not count', () => {
    const a = unit('A', v('4', '3.5', ['173', '190'], '2', '4.5'));
    const b = unit('B', v('4', '3.5', ['173', '190'], '2', '5')); // 4 of 5 the same: 80 %
    const c = unit('C', v('5', '5', ['173', '190'], '0', '6')); // only A.3 non-trivial and the same as A's: 1 compared of 5
    const flags = groupFlags(R, [c, b, a]);
    expect(codes(flags)).toEqual(['A FLAG_COPY', 'B FLAG_COPY', 'C FLAG_ALL_MAX']);
    expect(flags[0]!.reason).toBe('Số liệu trùng với B ở 4/5 tiêu chí có số liệu (không tính 0 và điểm tối đa): kiểm tra có sao chép không.');
    // A rubric threshold above 80 % clears it.
    expect(codes(groupFlags({ ...R, flags: { copyShare: q('0.81') } }, [a, b]))).toEqual([]);
  });

  it('FLAG_JUMP: more than 15.00 from the previous period (rubric jumpPoints overrides); FLAG_SELF_ABOVE: self-score above computed', () => {
    const x = unit('X', v('4', '4', ['9', '10'], '0', '3'), { previousTotal: 2000n, previousPeriod: 'H1', selfScores: { 'A.3': q('10'), 'B.1': q('4') } });
    // total 4 + 4 + 10 + 4 + 3 = 25.00: +5.00 against H1
    expect(codes(groupFlags(R, [x]))).toEqual([]);
    const y = { ...x, previousTotal: 999n, selfScores: { 'A.3': q('10'), 'B.1': q('4.01') } };
    const flags = groupFlags(R, [y]);
    expect(codes(flags)).toEqual(['X FLAG_JUMP', 'X FLAG_SELF_ABOVE B.1']);
    expect(flags[0]!.reason).toBe('Tổng điểm 25 tăng 15,01 so với đợt H1 (9,99), vượt ngưỡng 15.');
    expect(flags[1]!.reason).toBe('B.1: tự chấm 4,01 điểm, cao hơn 4 điểm tính từ số liệu của đơn vị.');
    expect(codes(groupFlags({ ...R, flags: { jumpPoints: 1600n } }, [y]))).toEqual(['X FLAG_SELF_ABOVE B.1']);
  });

  it('periodFlags works group by group from a computed period, and countFlags counts per unit', () => {
    const b = bloc({ rubric: R, members: ['P-1', 'P-2', 'P-3'] });
    const values: Record<string, Values> = {
      'P-1': v('5', '5', ['9', '10'], '0', '6'),
      'P-2': v('4', '3.5', ['173', '190'], '2', '4.5'),
      'P-3': v('4', '3.5', ['173', '190'], '2', '4.5'),
    };
    const result = computePeriod(b, 'P', { accepted: new Map(Object.entries(values).map(([u, vs]) => [u, { values: vs }])), rejected: new Set() });
    const flags = periodFlags(result, new Map(Object.entries(values).map(([u, vs]) => [u, { values: vs, selfScores: {} }])));
    expect(codes(flags)).toEqual(['P-1 FLAG_ALL_MAX', 'P-2 FLAG_COPY', 'P-3 FLAG_COPY']);
    expect(countFlags(flags)).toEqual(
      new Map([
        ['P-1', { total: 1, FLAG_ALL_MAX: 1 }],
        ['P-2', { total: 1, FLAG_COPY: 1 }],
        ['P-3', { total: 1, FLAG_COPY: 1 }],
      ]),
    );
  });
  it('FLAG_OUTLIER needs a gap from the median: a tight group (MAD = 0) does not flag 99.5 % among 100 %', () => {
    const group = (...rates: string[]) => rates.map((r, i) => unit(`U${i}`, v('4', '4', [r, '1000'], '0', '3')));
    // 100 % ×4 and 99.5 %: MAD = 0, meanAD = 0.001, 0.005 > 3.5 × 1.2533 × 0.001, but 0.5 points of 100 % < 10 %.
    expect(outlierCodes(groupFlags(R, group('1000', '1000', '1000', '1000', '995')))).toEqual([]);
    // 80 %: 20 % from the median: flagged; exactly 10 % (90 %): flagged (at least the gap).
    expect(outlierCodes(groupFlags(R, group('1000', '1000', '1000', '1000', '800')))).toEqual(['U4 FLAG_OUTLIER A.3']);
    expect(outlierCodes(groupFlags(R, group('1000', '1000', '1000', '1000', '900')))).toEqual(['U4 FLAG_OUTLIER A.3']);
    // The rubric raises the gap to 25 %: 80 % is no longer far.
    expect(outlierCodes(groupFlags({ ...R, flags: { outlierMinGap: q('0.25') } }, group('1000', '1000', '1000', '1000', '800')))).toEqual([]);
    expect(outliers([rat(1n), rat(1n), rat(1n), rat(1n), rat(199n, 200n)], rat(7n, 2n))).toEqual([false, false, false, false, true]);
  });

  it('FLAG_OUTLIER on a value: the gap is 10 % of the larger of the median and the largest band bound', () => {
    const group = (...values: string[]) => values.map((x, i) => unit(`U${i}`, v('4', '4', ['9', '10'], x, '3')));
    // B.1 bands up to 3; values 10 ×4 and 11: scale max(10, 3) = 10, gap 1 ≥ 1: flagged; 10.5: not.
    expect(outlierCodes(groupFlags(R, group('10', '10', '10', '10', '11')))).toEqual(['U4 FLAG_OUTLIER B.1']);
    expect(outlierCodes(groupFlags(R, group('10', '10', '10', '10', '10.5')))).toEqual([]);
    // Median 0: the band bound (3) is the scale: 0.3 is the least gap.
    expect(outlierCodes(groupFlags(R, group('0', '0', '0', '0', '0.2')))).toEqual([]);
    expect(outlierCodes(groupFlags(R, group('0', '0', '0', '0', '0.3')))).toEqual(['U4 FLAG_OUTLIER B.1']);
  });
});

describe('flags: properties', () => {
  const groupArb = rubricArb.chain((r: Rubric) =>
    fc.record({
      r: fc.constant(r),
      values: fc.array(valuesArb(r), { minLength: 1, maxLength: 7 }),
      prev: fc.array(fc.option(fc.bigInt({ min: -2000n, max: 12000n }), { nil: undefined }), { minLength: 7, maxLength: 7 }),
      perm: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
    }),
  );
  const unitsOf = (r: Rubric, values: Values[], prev: (bigint | undefined)[]): FlagUnit[] =>
    values.map((vs, i) => {
      const s = scoreMember(r, vs);
      const self = Object.fromEntries(Object.entries(s.criteria).map(([c, p]) => [c, rat(p + (i % 2 ? 1n : 0n), 100n)]));
      return {
        unit: `M${i}`,
        values: vs,
        selfScores: self,
        points: s.criteria,
        total: s.total,
        evidence: i % 3 ? {} : { [Object.keys(vs)[0] ?? 'x']: 'có' },
        ...(prev[i] !== undefined && { previousTotal: prev[i], previousPeriod: 'H1' }),
      };
    });
  const shuffle = <T>(xs: T[], keys: number[]): T[] =>
    xs
      .map((x, i) => ({ x, k: keys[i]! }))
      .sort((a, b) => a.k - b.k)
      .map((e) => e.x);

  it("a unit's flags do not depend on the order of the members", () => {
    fc.assert(
      fc.property(groupArb, ({ r, values, prev, perm }) => {
        const units = unitsOf(r, values, prev);
        expect(groupFlags(r, shuffle(units, perm))).toEqual(groupFlags(r, units));
        expect(groupFlags(r, [...units].reverse())).toEqual(groupFlags(r, units));
      }),
      { numRuns: 200 },
    );
  });

  it('outliers: a larger least gap never adds an outlier, and the order of the list does not matter', () => {
    const ratArb = fc.tuple(fc.bigInt({ min: -50n, max: 50n }), fc.bigInt({ min: 1n, max: 8n })).map(([n, d]) => rat(n, d));
    fc.assert(
      fc.property(fc.array(ratArb, { minLength: 0, maxLength: 9 }), ratArb, ratArb, fc.array(fc.nat(), { minLength: 9, maxLength: 9 }), (xs, g1, g2, keys) => {
        const [lo, hi] = [g1, g2].map((g) => rat(g.num < 0n ? -g.num : g.num, g.den)).sort((a, b) => Number(a.num * b.den - b.num * a.den));
        const z = rat(7n, 2n);
        const a = outliers(xs, z, lo);
        outliers(xs, z, hi).forEach((f, i) => expect(!f || a[i]).toBe(true));
        const order = xs.map((_, i) => i).sort((i, j) => keys[i]! - keys[j]! || i - j);
        const shuffled = outliers(
          order.map((i) => xs[i]!),
          z,
          lo,
        );
        order.forEach((i, k) => expect(shuffled[k]).toBe(a[i]));
      }),
      { numRuns: 300 },
    );
  });

  it('flags never touch the units they judge, and every flag names a unit of the group', () => {
    fc.assert(
      fc.property(groupArb, ({ r, values, prev }) => {
        const units = unitsOf(r, values, prev);
        const copy = structuredClone(units);
        const flags = groupFlags(r, units);
        expect(units).toEqual(copy);
        const names = new Set(units.map((u) => u.unit));
        for (const f of flags) {
          expect(names.has(f.unit)).toBe(true);
          expect(f.reason.length).toBeGreaterThan(0);
          expect(f.reason).not.toMatch(/\n/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
