import { cmp, fromHundredths } from '../numbers/rational.js';
import type { Classification } from '../model/bloc.js';
import type { MemberScore } from './score.js';

/** The first class whose minimum the total reaches and whose target condition holds; else null. */
export const classify = (classes: Classification[], score: MemberScore): Classification | null =>
  classes.find((k) => cmp(fromHundredths(score.total), k.minTotal) >= 0 && (!k.requireTargets || score.targetsMet)) ?? null;
