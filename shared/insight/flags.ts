/**
 * Flags for review: where the lead and the reviewers should look first. Each flag has a code, a
 * cell (the criterion's cell in the unit's workbook when known, else `UNIT/CODE`; the unit alone for
 * a flag about the whole submission) and a one-line reason in Vietnamese. Flags never change a
 * score. Computed over one group (the units ranked together); pure and exact (rationals over
 * BigInt), and a unit's flags do not depend on the order of the members.
 *
 * - FLAG_ALL_MAX          every manual criterion of the sections at its maximum
 * - FLAG_MAX_NO_EVIDENCE  manual points (sections, bonus) at the maximum and nothing written in
 *                         `Giải trình, minh chứng` (only for versions whose evidence column was kept)
 * - FLAG_OUTLIER          a rate (target, rate bands) or value (value bands) far from the group:
 *                         robust z = 0.6745 (x − median) / MAD above `flags.outlierZ` (3.5); when
 *                         MAD = 0, the mean absolute deviation scaled by 1.2533 stands in for it;
 *                         and |x − median| at least `flags.outlierMinGap` (10 %) of the scale (100 %
 *                         for a rate; for a value the larger of |median| and the largest band
 *                         bound), so that tiny differences in a tight group are not outliers
 * - FLAG_COPY             the same non-trivial inputs as another unit in ≥ `flags.copyShare` (80 %)
 *                         of the criteria either of them filled non-trivially
 * - FLAG_JUMP             the total moved more than `flags.jumpPoints` (15.00) against the same
 *                         unit's previous period
 * - FLAG_SELF_ABOVE       a self-score above the points the unit's own numbers give
 */
import type { Criterion, Hundredths, Rubric } from '../model/rubric.js';
import { allCriteria } from '../model/rubric.js';
import type { Entry, Values } from '../model/submission.js';
import { ZERO, add, cmp, div, fromHundredths, isZero, mul, rat, sub, type Rational } from '../numbers/rational.js';
import { formatRational } from '../numbers/rational.js';

export type FlagCode = 'FLAG_ALL_MAX' | 'FLAG_MAX_NO_EVIDENCE' | 'FLAG_OUTLIER' | 'FLAG_COPY' | 'FLAG_JUMP' | 'FLAG_SELF_ABOVE';

export const FLAG_CODES: readonly FlagCode[] = ['FLAG_ALL_MAX', 'FLAG_MAX_NO_EVIDENCE', 'FLAG_OUTLIER', 'FLAG_COPY', 'FLAG_JUMP', 'FLAG_SELF_ABOVE'];

export interface Flag {
  code: FlagCode;
  unit: string;
  /** The criterion concerned, or null for the submission as a whole. */
  criterion: string | null;
  /** `Chấm điểm!F12` when the workbook's cell is known, else `UNIT/CODE` (or `UNIT`). */
  cell: string;
  reason: string;
}

/** One unit of the group, as ranked. */
export interface FlagUnit {
  unit: string;
  /** The entries scored (a review's entry in place of the self-score where one exists). */
  values: Values;
  /** What the unit wrote in `Điểm tự chấm`. */
  selfScores: Record<string, Rational>;
  /** Points per criterion as scoring computed them. */
  points: Record<string, Hundredths>;
  total: Hundredths;
  /** `Giải trình, minh chứng` per criterion; undefined when the version did not keep the column. */
  evidence?: Record<string, string>;
  /** The cell of each criterion's score in the unit's workbook, when known. */
  cells?: Record<string, string>;
  /** The same unit's total in the previous period, when it had one. */
  previousTotal?: Hundredths;
  previousPeriod?: string;
}

export interface FlagThresholds {
  outlierZ: Rational;
  outlierMinGap: Rational;
  jumpPoints: Hundredths;
  copyShare: Rational;
}

export const DEFAULT_THRESHOLDS: FlagThresholds = { outlierZ: rat(7n, 2n), outlierMinGap: rat(1n, 10n), jumpPoints: 1500n, copyShare: rat(4n, 5n) };

export const thresholdsOf = (rubric: Rubric): FlagThresholds => ({
  outlierZ: rubric.flags?.outlierZ ?? DEFAULT_THRESHOLDS.outlierZ,
  outlierMinGap: rubric.flags?.outlierMinGap ?? DEFAULT_THRESHOLDS.outlierMinGap,
  jumpPoints: rubric.flags?.jumpPoints ?? DEFAULT_THRESHOLDS.jumpPoints,
  copyShare: rubric.flags?.copyShare ?? DEFAULT_THRESHOLDS.copyShare,
});

/** Fewer units than this and the group has no "usual" value to compare with. */
export const OUTLIER_MIN_UNITS = 4;
const Z_FACTOR = rat(6745n, 10000n);
/** √(π/2) to five digits: the mean absolute deviation of a normal law is σ / 1.2533. */
const MEAN_AD_FACTOR = rat(12533n, 10000n);

// ---------------------------------------------------------------------------------------------
// Helpers

const vn = (r: Rational, digits = 2): string => formatRational(r, digits).replace('.', ',');
const vnH = (h: Hundredths): string => vn(fromHundredths(h));
const pct = (r: Rational): string => {
  // Rounded to 0.01 % for display only: half up on the exact value.
  const h = mul(r, rat(10000n));
  const q = (h.num * 2n + h.den) / (2n * h.den);
  return `${vn(rat(q, 100n))} %`;
};

const cellOf = (u: FlagUnit, code: string): string => u.cells?.[code] ?? `${u.unit}/${code}`;

const sectionCriteria = (r: Rubric): Criterion[] => r.sections.flatMap((s) => s.criteria);

const absR = (a: Rational): Rational => (a.num < 0n ? rat(-a.num, a.den) : a);

/** The median of a non-empty list, exactly (mean of the middle two for an even count). */
export const median = (xs: Rational[]): Rational => {
  const s = [...xs].sort(cmp);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : div(add(s[n / 2 - 1]!, s[n / 2]!), rat(2n));
};

/** The measure of a criterion compared across the group: a rate (achieved / base, base > 0) or a value. */
export const measureOf = (c: Criterion, e: Entry | undefined): Rational | null => {
  if (!e || c.type === 'manual') return null;
  if (c.type === 'bands' && c.measure === 'value') return e.achieved ?? null;
  if (!e.base || isZero(e.base) || !e.achieved) return null;
  return div(e.achieved, e.base);
};

/**
 * Robust outliers of a list: |0.6745 (x − m)| > z · MAD, compared exactly; with MAD = 0,
 * |x − m| > z · 1.2533 · meanAD (meanAD = 0: nothing is an outlier); and |x − m| ≥ `minGap`
 * (absolute, in the unit of the list), the median `m` given or computed.
 */
export const outliers = (xs: Rational[], z: Rational, minGap: Rational = ZERO, m?: Rational): boolean[] => {
  if (xs.length < OUTLIER_MIN_UNITS) return xs.map(() => false);
  const mid = m ?? median(xs);
  const dev = xs.map((x) => absR(sub(x, mid)));
  const wide = (d: Rational) => cmp(d, minGap) >= 0;
  const mad = median(dev);
  if (!isZero(mad)) return dev.map((d) => cmp(mul(Z_FACTOR, d), mul(z, mad)) > 0 && wide(d));
  const meanAD = div(dev.reduce(add, ZERO), rat(BigInt(xs.length)));
  if (isZero(meanAD)) return xs.map(() => false);
  return dev.map((d) => cmp(d, mul(mul(z, MEAN_AD_FACTOR), meanAD)) > 0 && wide(d));
};

/** The least gap from the median for an outlier of criterion `c`: a share of 100 % (rate), or of max(|median|, largest bound) (value). */
export const outlierGap = (c: Criterion, m: Rational, share: Rational): Rational => {
  if (!(c.type === 'bands' && c.measure === 'value')) return share;
  const scale = c.bands.map((b) => absR(b.atMost)).reduce((a, b) => (cmp(a, b) >= 0 ? a : b), absR(m));
  return mul(share, scale);
};

const eq = (a: Rational | undefined, b: Rational | undefined): boolean => (a === undefined || b === undefined ? a === b : cmp(a, b) === 0);

/** An input worth comparing: not empty, not zero, not a manual maximum (many units are at the maximum). */
const nonTrivial = (c: Criterion, e: Entry | undefined): boolean => {
  if (!e) return false;
  if (c.type === 'manual') return !!e.points && !isZero(e.points) && cmp(e.points, fromHundredths(c.max)) !== 0;
  if (c.type === 'bands' && c.measure === 'value') return !!e.achieved && !isZero(e.achieved);
  return !!e.base && !isZero(e.base) && !!e.achieved && !isZero(e.achieved);
};

const sameEntry = (a: Entry | undefined, b: Entry | undefined): boolean =>
  !!a && !!b && eq(a.points, b.points) && eq(a.achieved, b.achieved) && eq(a.base, b.base);

const byUnitThenCode =
  (order: Map<FlagCode, number>, criteria: Map<string, number>) =>
  (x: Flag, y: Flag): number =>
    (x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0) ||
    order.get(x.code)! - order.get(y.code)! ||
    (x.criterion === null ? -1 : (criteria.get(x.criterion) ?? 0)) - (y.criterion === null ? -1 : (criteria.get(y.criterion) ?? 0)) ||
    (x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// The flags

const allMax = (rubric: Rubric, u: FlagUnit): Flag[] => {
  const manual = sectionCriteria(rubric).filter((c) => c.type === 'manual');
  if (!manual.length || !manual.every((c) => u.points[c.code] === c.max)) return [];
  return [
    {
      code: 'FLAG_ALL_MAX',
      unit: u.unit,
      criterion: null,
      cell: u.unit,
      reason: `Tự chấm tối đa ở cả ${manual.length} tiêu chí chấm trực tiếp: cần đối chiếu minh chứng của từng tiêu chí.`,
    },
  ];
};

const maxNoEvidence = (rubric: Rubric, u: FlagUnit): Flag[] => {
  if (!u.evidence) return [];
  // Manual points only: a computed criterion's points come from its numbers, which FLAG_OUTLIER judges.
  return [...sectionCriteria(rubric), ...rubric.bonus.criteria]
    .filter((c) => c.type === 'manual' && c.max > 0n && u.points[c.code] === c.max && !(u.evidence![c.code] ?? '').trim())
    .map((c) => ({
      code: 'FLAG_MAX_NO_EVIDENCE' as const,
      unit: u.unit,
      criterion: c.code,
      cell: cellOf(u, c.code),
      reason: `${c.code} đạt điểm tối đa ${vnH(c.max)} nhưng cột "Giải trình, minh chứng" để trống.`,
    }));
};

const outlierFlags = (rubric: Rubric, units: FlagUnit[], t: FlagThresholds): Flag[] => {
  const out: Flag[] = [];
  for (const c of sectionCriteria(rubric)) {
    const measured = units.map((u) => ({ u, x: measureOf(c, u.values[c.code]) })).filter((m): m is { u: FlagUnit; x: Rational } => m.x !== null);
    if (measured.length < OUTLIER_MIN_UNITS) continue;
    const xs = measured.map((v) => v.x);
    const m = median(xs);
    const flagged = outliers(xs, t.outlierZ, outlierGap(c, m, t.outlierMinGap), m);
    if (!flagged.some(Boolean)) continue;
    const isRate = !(c.type === 'bands' && c.measure === 'value');
    const show = (r: Rational) => (isRate ? pct(r) : vn(r));
    measured.forEach(({ u, x }, i) => {
      if (!flagged[i]) return;
      out.push({
        code: 'FLAG_OUTLIER',
        unit: u.unit,
        criterion: c.code,
        cell: cellOf(u, c.code),
        reason: `${c.code}: ${isRate ? 'tỷ lệ' : 'giá trị'} ${show(x)} khác xa các đơn vị trong khối (trung vị ${show(m)}, ${measured.length} đơn vị).`,
      });
    });
  }
  return out;
};

const copyFlags = (rubric: Rubric, units: FlagUnit[], t: FlagThresholds): Flag[] => {
  const criteria = sectionCriteria(rubric);
  const copies = new Map<string, { other: string; same: number; compared: number }[]>();
  for (let i = 0; i < units.length; i++)
    for (let j = i + 1; j < units.length; j++) {
      const a = units[i]!;
      const b = units[j]!;
      let same = 0;
      let compared = 0;
      for (const c of criteria) {
        const ea = a.values[c.code];
        const eb = b.values[c.code];
        const na = nonTrivial(c, ea);
        const nb = nonTrivial(c, eb);
        if (!na && !nb) continue;
        compared++;
        if (na && nb && sameEntry(ea, eb)) same++;
      }
      // At least 3 criteria compared, and same / compared ≥ share, exactly.
      if (compared < 3 || cmp(rat(BigInt(same), BigInt(compared)), t.copyShare) < 0) continue;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const list = copies.get(x.unit) ?? [];
        list.push({ other: y.unit, same, compared });
        copies.set(x.unit, list);
      }
    }
  return [...copies].flatMap(([unit, list]) =>
    list.map(({ other, same, compared }) => ({
      code: 'FLAG_COPY' as const,
      unit,
      criterion: null,
      cell: unit,
      reason: `Số liệu trùng với ${other} ở ${same}/${compared} tiêu chí có số liệu (không tính 0 và điểm tối đa): kiểm tra có sao chép không.`,
    })),
  );
};

const jumpFlags = (u: FlagUnit, t: FlagThresholds): Flag[] => {
  if (u.previousTotal === undefined) return [];
  const d = u.total - u.previousTotal;
  if ((d < 0n ? -d : d) <= t.jumpPoints) return [];
  return [
    {
      code: 'FLAG_JUMP',
      unit: u.unit,
      criterion: null,
      cell: u.unit,
      reason: `Tổng điểm ${vnH(u.total)} ${d > 0n ? 'tăng' : 'giảm'} ${vnH(d < 0n ? -d : d)} so với đợt ${u.previousPeriod ?? 'trước'} (${vnH(u.previousTotal)}), vượt ngưỡng ${vnH(t.jumpPoints)}.`,
    },
  ];
};

const selfAbove = (rubric: Rubric, u: FlagUnit): Flag[] =>
  allCriteria(rubric)
    .filter((c) => c.type !== 'manual' && u.selfScores[c.code] !== undefined && u.points[c.code] !== undefined)
    .filter((c) => cmp(u.selfScores[c.code]!, fromHundredths(u.points[c.code]!)) > 0)
    .map((c) => ({
      code: 'FLAG_SELF_ABOVE' as const,
      unit: u.unit,
      criterion: c.code,
      cell: cellOf(u, c.code),
      reason: `${c.code}: tự chấm ${vn(u.selfScores[c.code]!, 6)} điểm, cao hơn ${vnH(u.points[c.code]!)} điểm tính từ số liệu của đơn vị.`,
    }));

/** Every flag of one group, sorted by unit code, flag code and criterion (so member order does not matter). */
export const groupFlags = (rubric: Rubric, units: FlagUnit[], thresholds: FlagThresholds = thresholdsOf(rubric)): Flag[] => {
  const order = new Map(FLAG_CODES.map((c, i) => [c, i]));
  return [
    ...units.flatMap((u) => [...allMax(rubric, u), ...maxNoEvidence(rubric, u), ...jumpFlags(u, thresholds), ...selfAbove(rubric, u)]),
    ...outlierFlags(rubric, units, thresholds),
    ...copyFlags(rubric, units, thresholds),
  ].sort(byUnitThenCode(order, new Map(allCriteria(rubric).map((c, i) => [c.code, i]))));
};

/** Flags counted per unit and code (units without flags are absent): for the lead's board. */
export const countFlags = (flags: Flag[]): Map<string, Partial<Record<FlagCode, number>> & { total: number }> => {
  const out = new Map<string, Partial<Record<FlagCode, number>> & { total: number }>();
  for (const f of flags) {
    const c = out.get(f.unit) ?? { total: 0 };
    c[f.code] = (c[f.code] ?? 0) + 1;
    c.total++;
    out.set(f.unit, c);
  }
  return out;
};

export const FLAG_TITLES: Record<FlagCode, string> = {
  FLAG_ALL_MAX: 'Tự chấm tối đa mọi tiêu chí',
  FLAG_MAX_NO_EVIDENCE: 'Điểm tối đa không có minh chứng',
  FLAG_OUTLIER: 'Số liệu khác xa khối',
  FLAG_COPY: 'Số liệu trùng đơn vị khác',
  FLAG_JUMP: 'Tổng điểm thay đổi lớn so với đợt trước',
  FLAG_SELF_ABOVE: 'Tự chấm cao hơn số liệu',
};

/** `CODE  cell  reason`, one line per flag. */
export const formatFlag = (f: Flag): string => `${f.code}  ${f.cell}  ${f.reason}`;
