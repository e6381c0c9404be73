import { cmp, isMultipleOf, fromHundredths, ZERO, type Rational } from '../numbers/rational.js';
import { describeRaw, readNumber } from '../numbers/reading.js';
import type { Located, RawEntry } from '../submission/raw-entry.js';
import { inputKind, isPoolCriterion, allCriteria, type Criterion, type Rubric } from '../model/rubric.js';
import type { Entry, Values } from '../model/submission.js';
import { criterionPoints } from '../model/criterion-points.js';
import { problem, type Problem } from '../model/problem.js';
import { vnNumber } from '../text/vietnamese-number.js';

const vi = vnNumber;

type Field = 'points' | 'achieved' | 'base';
const FIELD_NAME: Record<Field, string> = { points: 'Điểm tự chấm', achieved: 'Số thực hiện', base: 'Số phải thực hiện' };

const readField = (c: Criterion, field: Field, at: Located | undefined, fallback: string, optional: boolean, out: Problem[]) => {
  const cell = at?.cell ?? fallback;
  const reading = readNumber(at?.raw ?? { kind: 'empty' });
  if (!reading.ok && reading.reason === 'missing') {
    if (optional) return ZERO;
    out.push(problem('VALUE_MISSING', cell, `Tiêu chí ${c.code}: chưa nhập "${FIELD_NAME[field]}".`));
    return null;
  }
  if (!reading.ok) {
    out.push(problem('VALUE_NOT_NUMBER', cell, `Tiêu chí ${c.code}: "${describeRaw(at!.raw)}" không phải là số (ô "${FIELD_NAME[field]}").`));
    return null;
  }
  if (reading.value.num < 0n) {
    out.push(problem('VALUE_NEGATIVE', cell, `Tiêu chí ${c.code}: giá trị ${vi(reading.value)} không được âm.`));
    return null;
  }
  return reading.value;
};

const checkPoints = (c: Criterion & { type: 'manual' }, points: Rational, cell: string, out: Problem[]): boolean => {
  if (cmp(points, fromHundredths(c.max)) > 0) {
    out.push(problem('SCORE_ABOVE_MAX', cell, `Tiêu chí ${c.code}: điểm ${vi(points)} vượt quá điểm tối đa ${vi(fromHundredths(c.max))}.`));
    return false;
  }
  if (!isMultipleOf(points, fromHundredths(c.step))) {
    out.push(problem('SCORE_OFF_STEP', cell, `Tiêu chí ${c.code}: điểm ${vi(points)} phải là bội số của ${vi(fromHundredths(c.step))}.`));
    return false;
  }
  return true;
};

const readEntry = (rubric: Rubric, c: Criterion, raw: RawEntry, out: Problem[]): Entry | null => {
  const kind = inputKind(c);
  if (c.type === 'manual') {
    const points = readField(c, 'points', raw.points, raw.cell, isPoolCriterion(rubric, c.code), out);
    return points && checkPoints(c, points, raw.points?.cell ?? raw.cell, out) ? { points } : null;
  }
  const achieved = readField(c, 'achieved', raw.achieved, raw.cell, false, out);
  if (kind === 'value') return achieved ? { achieved } : null;
  const base = readField(c, 'base', raw.base, raw.cell, false, out);
  if (!achieved || !base) return null;
  if (cmp(achieved, base) > 0) {
    out.push(
      problem('ACHIEVED_ABOVE_BASE', raw.achieved?.cell ?? raw.cell, `Tiêu chí ${c.code}: số thực hiện ${vi(achieved)} lớn hơn số phải thực hiện ${vi(base)}.`),
    );
    return null;
  }
  return { achieved, base };
};

const checkSelfScore = (c: Criterion, entry: Entry, raw: RawEntry, out: Problem[]) => {
  if (c.type === 'manual' || !raw.selfScore) return;
  const self = readNumber(raw.selfScore.raw);
  const computed = fromHundredths(criterionPoints(c, entry));
  if (!self.ok) {
    // Typed text ("sáu") differs too; a formula's missing result or error is the program's, not the unit's.
    if (self.reason === 'not-number' && ['text', 'date', 'boolean'].includes(raw.selfScore.raw.kind))
      out.push(
        problem(
          'SELF_SCORE_DIFFERS',
          raw.selfScore.cell,
          `Tiêu chí ${c.code}: điểm tự chấm "${describeRaw(raw.selfScore.raw)}" không phải là số; hệ thống dùng điểm tính theo số liệu ${vi(computed)}.`,
        ),
      );
    return;
  }
  if (cmp(self.value, computed) !== 0)
    out.push(
      problem(
        'SELF_SCORE_DIFFERS',
        raw.selfScore.cell,
        `Tiêu chí ${c.code}: điểm tự chấm ${vi(self.value)} khác điểm tính theo số liệu ${vi(computed)}; hệ thống dùng ${vi(computed)}.`,
      ),
    );
};

/**
 * Reads every criterion's values with the number rules of SPEC §5 and checks them (SPEC §6),
 * reporting all problems at once. Criteria missing from `raw` are the caller's to report.
 */
export const readEntries = (rubric: Rubric, raw: Map<string, RawEntry>): { values: Values; problems: Problem[] } => {
  const values: Values = {};
  const problems: Problem[] = [];
  for (const c of allCriteria(rubric)) {
    const r = raw.get(c.code);
    if (!r) continue;
    const entry = readEntry(rubric, c, r, problems);
    if (!entry) continue;
    values[c.code] = entry;
    checkSelfScore(c, entry, r, problems);
  }
  return { values, problems };
};
