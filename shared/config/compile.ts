import { fromNumber } from '../numbers/rational.js';
import type { Classification } from '../model/bloc.js';
import type { Criterion, Hundredths, ManualCriterion, Pool, Rubric, RubricFlags } from '../model/rubric.js';
import type { BlocConfig, CriterionConfig, RubricConfig } from './schema.js';

/** A configuration number that the schema has checked to be a multiple of 0.01. */
export const hundredths = (n: number): Hundredths => {
  const r = fromNumber(n);
  return (r.num * 100n) / r.den;
};

const DEFAULT_ACHIEVED = 'Số thực hiện';
const DEFAULT_BASE = 'Số phải thực hiện';

const manual = (c: { code: string; title: string; max: number; step?: number | undefined }): ManualCriterion => ({
  type: 'manual',
  code: c.code,
  title: c.title,
  max: hundredths(c.max),
  step: hundredths(c.step ?? 0.01),
});

const criterion = (c: CriterionConfig): Criterion => {
  if (c.type === 'manual') return manual(c);
  const common = {
    code: c.code,
    title: c.title,
    max: hundredths(c.max),
    achievedLabel: c.achievedLabel ?? DEFAULT_ACHIEVED,
    baseLabel: c.baseLabel ?? DEFAULT_BASE,
  };
  if (c.type === 'target')
    return {
      ...common,
      type: 'target',
      target: fromNumber(c.target),
      ...(c.overBonus && {
        overBonus: { pointsPerPercent: hundredths(c.overBonus.pointsPerPercent), cap: hundredths(c.overBonus.cap) },
      }),
    };
  if (c.measure === 'rate')
    return { ...common, type: 'bands', measure: 'rate', bands: c.bands.map((b) => ({ atLeast: fromNumber(b.atLeast), points: hundredths(b.points) })) };
  return { ...common, type: 'bands', measure: 'value', bands: c.bands.map((b) => ({ atMost: fromNumber(b.atMost), points: hundredths(b.points) })) };
};

const pool = (p: RubricConfig['bonus']): Pool => ({
  code: p.code,
  title: p.title,
  max: hundredths(p.max),
  criteria: p.criteria.map(manual),
});

export const compileRubric = (r: RubricConfig): Rubric => ({
  id: r.id,
  name: r.name,
  total: hundredths(r.total),
  sections: r.sections.map((s) => ({ code: s.code, title: s.title, max: hundredths(s.max), criteria: s.criteria.map(criterion) })),
  bonus: pool(r.bonus),
  deduction: pool(r.deduction),
  tieBreak: r.tieBreak,
  ...(r.flags && { flags: compileFlags(r.flags) }),
});

const compileFlags = (f: NonNullable<RubricConfig['flags']>): RubricFlags => ({
  ...(f.outlierZ !== undefined && { outlierZ: fromNumber(f.outlierZ) }),
  ...(f.outlierMinGap !== undefined && { outlierMinGap: fromNumber(f.outlierMinGap) }),
  ...(f.jumpPoints !== undefined && { jumpPoints: hundredths(f.jumpPoints) }),
  ...(f.copyShare !== undefined && { copyShare: fromNumber(f.copyShare) }),
});

export const compileClasses = (b: BlocConfig): Classification[] =>
  b.classes.map((k) => ({ id: k.id, name: k.name, minTotal: fromNumber(k.minTotal), requireTargets: k.requireTargets ?? false }));
