import {
  ONE,
  ZERO,
  cmp,
  div,
  floor,
  fromHundredths,
  isZero,
  min,
  mul,
  rat,
  sub,
  toHundredthsHalfUp,
  type Rational,
} from '../numbers/rational.js';
import type { Criterion, Hundredths, Rubric, TargetCriterion } from '../model/rubric.js';
import type { Entry, Reviews, Values } from '../model/submission.js';

/** The score of one member for one period (SPEC §4), all in hundredths. */
export interface MemberScore {
  criteria: Record<string, Hundredths>;
  overBonus: Record<string, Hundredths>;
  sections: Record<string, Hundredths>;
  bonus: Hundredths;
  deduction: Hundredths;
  total: Hundredths;
  /** Every `target` criterion met (base = 0 or rate ≥ target); `bands` do not count. */
  targetsMet: boolean;
}

const sum = (xs: Hundredths[]): Hundredths => xs.reduce((a, b) => a + b, 0n);
const minH = (a: Hundredths, b: Hundredths): Hundredths => (a < b ? a : b);
const toH = (r: Rational): Hundredths => toHundredthsHalfUp(r);

const rateOf = (e: Entry): Rational | null => (e.base && !isZero(e.base) ? div(e.achieved ?? ZERO, e.base) : null);

const targetPoints = (c: TargetCriterion, e: Entry): Hundredths => {
  const rate = rateOf(e);
  if (!rate) return c.max;
  return toH(mul(fromHundredths(c.max), min(ONE, div(rate, c.target))));
};

/** Whole percentage points above target, times pointsPerPercent, capped. */
export const overBonusOf = (c: TargetCriterion, e: Entry): Hundredths => {
  const rate = rateOf(e);
  if (!c.overBonus || !rate || cmp(rate, c.target) <= 0) return 0n;
  const w = floor(mul(sub(rate, c.target), rat(100n)));
  return minH(c.overBonus.cap, w * c.overBonus.pointsPerPercent);
};

export const criterionPoints = (c: Criterion, e: Entry | undefined): Hundredths => {
  if (!e) return 0n;
  switch (c.type) {
    case 'manual':
      return e.points ? toH(e.points) : 0n;
    case 'target':
      return targetPoints(c, e);
    case 'bands':
      if (c.measure === 'rate') {
        const rate = rateOf(e);
        if (!rate) return c.max;
        return c.bands.find((b) => cmp(rate, b.atLeast) >= 0)?.points ?? 0n;
      }
      return c.bands.find((b) => cmp(e.achieved ?? ZERO, b.atMost) <= 0)?.points ?? 0n;
  }
};

export const targetMet = (c: TargetCriterion, e: Entry | undefined): boolean => {
  const rate = e ? rateOf(e) : null;
  return !rate || cmp(rate, c.target) >= 0;
};

export const scoreMember = (rubric: Rubric, values: Values, reviews: Reviews = {}): MemberScore => {
  const entry = (code: string): Entry | undefined => reviews[code] ?? values[code];
  const criteria: Record<string, Hundredths> = {};
  const overBonus: Record<string, Hundredths> = {};
  const sections: Record<string, Hundredths> = {};
  let targetsMet = true;
  for (const section of rubric.sections) {
    for (const c of section.criteria) {
      criteria[c.code] = criterionPoints(c, entry(c.code));
      if (c.type !== 'target') continue;
      overBonus[c.code] = overBonusOf(c, entry(c.code) ?? {});
      targetsMet &&= targetMet(c, entry(c.code));
    }
    sections[section.code] = sum(section.criteria.map((c) => criteria[c.code]!));
  }
  for (const c of [...rubric.bonus.criteria, ...rubric.deduction.criteria]) criteria[c.code] = criterionPoints(c, entry(c.code));
  const pool = (cs: Criterion[]) => sum(cs.map((c) => criteria[c.code]!));
  const bonus = minH(rubric.bonus.max, pool(rubric.bonus.criteria) + sum(Object.values(overBonus)));
  const deduction = minH(rubric.deduction.max, pool(rubric.deduction.criteria));
  const total = sum(Object.values(sections)) + bonus - deduction;
  return { criteria, overBonus, sections, bonus, deduction, total, targetsMet };
};
