/** The points of one criterion for what a unit entered (SPEC §4): the rubric's own rule, used by scoring and by validation's self-score check. */
import { ONE, ZERO, cmp, div, floor, fromHundredths, isZero, min, mul, rat, sub, toHundredthsHalfUp, type Rational } from '../numbers/rational.js';
import type { Criterion, Hundredths, TargetCriterion } from './rubric.js';
import type { Entry } from './submission.js';

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
