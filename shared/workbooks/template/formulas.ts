/**
 * Formulas of the submission template and their cached results. A cached result is what a
 * spreadsheet shows before it recalculates, so it follows the spreadsheet's own reading of the
 * cells (an empty cell is 0) and is computed with our exact scoring, never with floating point.
 */
import type { CellErrorValue } from 'exceljs';
import { ZERO, add, formatRational, fromHundredths, min, sub, toNumber, type Rational } from '../../numbers/rational.js';
import { readNumberCell, readNumberText } from '../../numbers/reading.js';
import type { Criterion, Hundredths, TargetCriterion } from '../../model/rubric.js';
import { criterionPoints, overBonusOf } from '../../model/criterion-points.js';

/** What an input cell holds: nothing, a number, or text typed as text. */
export type CellInput = number | string | undefined;

/** A number, an error, or '' for a computed cell whose inputs are still empty. */
export type CachedResult = number | CellErrorValue | '';

export interface ComputedCell {
  formula: string;
  result: CachedResult;
}

const VALUE_ERROR: CellErrorValue = { error: '#VALUE!' };

/** A cell as arithmetic sees it: empty is 0; text that reads as a number is that number. */
const numeric = (v: CellInput): Rational | null => {
  if (v === undefined || v === '') return fromHundredths(0n);
  return typeof v === 'number' ? readNumberCell(v) : readNumberText(v);
};

const points = (h: Hundredths): number => toNumber(fromHundredths(h));
const lit = (r: Rational): string => formatRational(r, 12);
const pts = (h: Hundredths): string => lit(fromHundredths(h));

/** References of the achieved and base cells, e.g. `D12`, `E12`. */
export interface Refs {
  achieved: string;
  base: string;
}

const isEmpty = (v: CellInput): boolean => v === undefined || v === '';
const needsBase = (c: Criterion): boolean => !(c.type === 'bands' && c.measure === 'value');

/**
 * Blank until the unit has entered its numbers: an empty base would otherwise show full points
 * (base = 0 means nothing to do) on a template nobody has filled yet.
 */
const untilEntered = (c: Criterion, r: Refs, formula: string): string =>
  `IF(${needsBase(c) ? `OR(${r.achieved}="",${r.base}="")` : `${r.achieved}=""`},"",${formula})`;

/** The formula computing a measured criterion's points (SPEC §4); null for `manual`. */
export const pointsFormula = (c: Criterion, r: Refs): string | null => {
  const formula = rawPointsFormula(c, r);
  return formula && untilEntered(c, r, formula);
};

const rawPointsFormula = (c: Criterion, r: Refs): string | null => {
  const { achieved: a, base: b } = r;
  switch (c.type) {
    case 'manual':
      return null;
    case 'target':
      return `IF(${b}=0,${pts(c.max)},ROUND(${pts(c.max)}*MIN(1,${a}/${b}/${lit(c.target)}),2))`;
    case 'bands':
      if (c.measure === 'rate') {
        const ifs = c.bands.map((band) => `IF(${a}/${b}>=${lit(band.atLeast)},${pts(band.points)},`).join('');
        return `IF(${b}=0,${pts(c.max)},${ifs}0${')'.repeat(c.bands.length)})`;
      }
      return `${c.bands.map((band) => `IF(${a}<=${lit(band.atMost)},${pts(band.points)},`).join('')}0${')'.repeat(c.bands.length)}`;
  }
};

/** Points and formula of a measured criterion, from what its cells hold. */
export const computedPoints = (c: Criterion, r: Refs, achieved: CellInput, base: CellInput): ComputedCell | null => {
  const formula = pointsFormula(c, r);
  if (!formula) return null;
  if (isEmpty(achieved) || (needsBase(c) && isEmpty(base))) return { formula, result: '' };
  const a = numeric(achieved);
  const b = c.type === 'bands' && c.measure === 'value' ? fromHundredths(0n) : numeric(base);
  if (!a || !b) return { formula, result: VALUE_ERROR };
  return { formula, result: points(criterionPoints(c, { achieved: a, base: b })) };
};

/** Bonus for whole percentage points above target (SPEC §4 overBonus). */
export const overBonusCell = (c: TargetCriterion, r: Refs, achieved: CellInput, base: CellInput): ComputedCell | null => {
  if (!c.overBonus) return null;
  const { achieved: a, base: b } = r;
  const t = lit(c.target);
  const formula = untilEntered(
    c,
    r,
    `IF(${b}=0,0,IF(${a}/${b}<=${t},0,` + `MIN(${pts(c.overBonus.cap)},INT(ROUND((${a}/${b}-${t})*100,9))*${pts(c.overBonus.pointsPerPercent)})))`,
  );
  if (isEmpty(achieved) || isEmpty(base)) return { formula, result: '' };
  const av = numeric(achieved);
  const bv = numeric(base);
  if (!av || !bv) return { formula, result: VALUE_ERROR };
  return { formula, result: points(overBonusOf(c, { achieved: av, base: bv })) };
};

/** SUM over cells as a spreadsheet does: text is skipped, an error spreads. Exact. */
export const sumOf = (values: (CachedResult | CellInput)[]): CachedResult => {
  let total = ZERO;
  for (const v of values) {
    if (typeof v === 'object') return v;
    if (typeof v !== 'number') continue;
    const r = readNumberCell(v);
    if (!r) return VALUE_ERROR;
    total = add(total, r);
  }
  return toNumber(total);
};

/** MIN(cap, v). */
export const capped = (cap: Hundredths, v: CachedResult): CachedResult =>
  typeof v === 'number' ? toNumber(min(fromHundredths(cap), readNumberCell(v) ?? ZERO)) : v;

/** a - b, exactly. */
export const minus = (a: CachedResult, b: CachedResult): CachedResult =>
  typeof a !== 'number' ? a : typeof b !== 'number' ? b : toNumber(sub(readNumberCell(a) ?? ZERO, readNumberCell(b) ?? ZERO));
