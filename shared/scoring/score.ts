import type { Criterion, Hundredths, Rubric } from '../model/rubric.js';
import type { Entry, Reviews, Values } from '../model/submission.js';
import { criterionPoints, overBonusOf, targetMet } from '../model/criterion-points.js';

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
