import type { Rational } from '../numbers/rational.js';

/** Points are BigInt hundredths (8.5 → 850n); rates and targets are exact rationals. */
export type Hundredths = bigint;

interface CriterionBase {
  code: string;
  title: string;
  max: Hundredths;
}

export interface ManualCriterion extends CriterionBase {
  type: 'manual';
  step: Hundredths;
}

interface MeasuredCriterion extends CriterionBase {
  achievedLabel: string;
  baseLabel: string;
}

export interface TargetCriterion extends MeasuredCriterion {
  type: 'target';
  target: Rational;
  overBonus?: { pointsPerPercent: Hundredths; cap: Hundredths };
}

export interface RateBandsCriterion extends MeasuredCriterion {
  type: 'bands';
  measure: 'rate';
  bands: { atLeast: Rational; points: Hundredths }[];
}

export interface ValueBandsCriterion extends MeasuredCriterion {
  type: 'bands';
  measure: 'value';
  bands: { atMost: Rational; points: Hundredths }[];
}

export type Criterion = ManualCriterion | TargetCriterion | RateBandsCriterion | ValueBandsCriterion;

export interface Section {
  code: string;
  title: string;
  max: Hundredths;
  criteria: Criterion[];
}

/** Bonus or deduction: manual criteria whose sum is capped at `max`. */
export interface Pool {
  code: string;
  title: string;
  max: Hundredths;
  criteria: ManualCriterion[];
}

export interface Rubric {
  id: string;
  name: string;
  total: Hundredths;
  sections: Section[];
  bonus: Pool;
  deduction: Pool;
  tieBreak: string[];
  /** Thresholds of the review flags (shared/insight/flags.ts), when the rubric sets them. */
  flags?: RubricFlags;
}

export interface RubricFlags {
  /** Robust z-score above which a rate or value is an outlier (default 3.5). */
  outlierZ?: Rational;
  /**
   * The least gap from the group's median for an outlier, as a share (default 0.1): of 100 % for a
   * rate; for a value, of the larger of the median and the largest band bound.
   */
  outlierMinGap?: Rational;
  /** A total that moved more than this against the previous period (default 15.00). */
  jumpPoints?: Hundredths;
  /** Share of criteria with identical non-trivial inputs that makes two units look copied (default 0.8). */
  copyShare?: Rational;
}

/** What a criterion asks the unit to enter. */
export type InputKind = 'points' | 'rate' | 'value';

export const inputKind = (c: Criterion): InputKind => (c.type === 'manual' ? 'points' : c.type === 'bands' && c.measure === 'value' ? 'value' : 'rate');

export const poolsOf = (r: Rubric): Pool[] => [r.bonus, r.deduction];

/** Every criterion in sheet order: sections, then bonus, then deduction. */
export const allCriteria = (r: Rubric): Criterion[] => [...r.sections.flatMap((s) => s.criteria), ...r.bonus.criteria, ...r.deduction.criteria];

export const isPoolCriterion = (r: Rubric, code: string): boolean => poolsOf(r).some((p) => p.criteria.some((c) => c.code === code));
