/**
 * REVIEWS.json of `bloc rank --reviews` (SPEC §10): unit → criterion code → the inputs' entry shape
 * plus `reviewer` and `reason`:
 *   { "STP-KHA": { "I.2": { "value": "3.5", "reviewer": "THADS-KHA", "reason": "…" },
 *                  "I.1": { "achieved": "7", "base": "10", "reviewer": "…", "reason": "…" } } }
 * `value` for points (manual criteria, bonus, deduction); `achieved` and `base` for `target` and rate
 * `bands` (both required); `achieved` for value `bands`. Parsed into one RawReview per unit and
 * reviewer, the JSON path (`STP-KHA/I.2`, `STP-KHA/I.1/base`) standing for the cell.
 */
import type { RawValue } from '../numbers/reading.js';
import { groupOf, type Bloc } from '../model/bloc.js';
import { allCriteria, inputKind, type Criterion, type InputKind } from '../model/rubric.js';
import { problem, type Problem } from '../model/problem.js';
import type { Located, RawEntry } from '../submission/raw-entry.js';
import type { EffectiveReviews } from '../model/review.js';
import type { Values } from '../model/submission.js';
import { effectiveReviews } from './effective.js';
import { readReviews, type RawReview } from './read.js';

export interface ParsedReviews {
  reviews: RawReview[];
  problems: Problem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const rawOf = (v: unknown): RawValue =>
  v === undefined || v === null
    ? { kind: 'empty' }
    : typeof v === 'number'
      ? { kind: 'number', value: v }
      : typeof v === 'string'
        ? { kind: 'text', text: v }
        : { kind: 'text', text: JSON.stringify(v) };

const FIELDS: Record<InputKind, string[]> = { points: ['value'], rate: ['achieved', 'base'], value: ['achieved'] };
const VALUE_FIELDS = ['value', 'achieved', 'base'];
const shape = (kind: InputKind): string => FIELDS[kind].map((f) => `"${f}"`).join(' và ');

const rawEntry = (c: Criterion, o: Record<string, unknown>, cell: string): RawEntry => {
  const at = (field: string, where: string): Located => ({ raw: rawOf(o[field]), cell: where });
  const kind = inputKind(c);
  if (kind === 'points') return { cell, points: at('value', cell) };
  return { cell, achieved: at('achieved', `${cell}/achieved`), ...(kind === 'rate' && { base: at('base', `${cell}/base`) }) };
};

/** One criterion's review, or the problems that keep it out. */
const criterionReview = (c: Criterion, v: unknown, cell: string, out: Problem[]) => {
  if (!isObject(v)) {
    out.push(problem('INPUT_INVALID', cell, `Thẩm định tiêu chí ${c.code}: cần một đối tượng có ${shape(inputKind(c))}, "reviewer" và "reason".`));
    return null;
  }
  const kind = inputKind(c);
  let ok = true;
  const reviewer = v['reviewer'];
  if (typeof reviewer !== 'string' || !reviewer.trim()) {
    out.push(problem('INPUT_INVALID', `${cell}/reviewer`, `Thẩm định tiêu chí ${c.code}: thiếu mã đơn vị thẩm định ("reviewer").`));
    ok = false;
  }
  const reason = v['reason'];
  if (reason !== undefined && reason !== null && typeof reason !== 'string') {
    out.push(problem('INPUT_INVALID', `${cell}/reason`, `Thẩm định tiêu chí ${c.code}: lý do ("reason") phải là văn bản.`));
    ok = false;
  }
  const wrong = VALUE_FIELDS.filter((f) => f in v && !FIELDS[kind].includes(f));
  if (wrong.length) {
    out.push(
      problem('INPUT_INVALID', cell, `Thẩm định tiêu chí ${c.code}: tiêu chí này nhập ${shape(kind)}, không nhập ${wrong.map((f) => `"${f}"`).join(', ')}.`),
    );
    ok = false;
  }
  if (!FIELDS[kind].some((f) => v[f] !== undefined && v[f] !== null)) {
    out.push(problem('VALUE_MISSING', cell, `Thẩm định tiêu chí ${c.code}: chưa nhập ${shape(kind)}.`));
    ok = false;
  }
  if (!ok) return null;
  return { reviewer: (reviewer as string).trim(), reason: typeof reason === 'string' ? reason : '', entry: rawEntry(c, v, cell) };
};

/** All reviews of the file are received together: `at` is the same for every one. */
export const parseJsonReviews = (bloc: Bloc, doc: unknown, at = ''): ParsedReviews => {
  const problems: Problem[] = [];
  const byKey = new Map<string, RawReview>();
  if (!isObject(doc)) {
    problems.push(problem('INPUT_INVALID', null, 'Tệp thẩm định phải là một đối tượng JSON: mã đơn vị → mã tiêu chí → giá trị thẩm định.'));
    return { reviews: [], problems };
  }
  for (const [unit, input] of Object.entries(doc)) {
    const group = groupOf(bloc, unit);
    if (!group) {
      problems.push(problem('UNIT_UNKNOWN', unit, `"${unit}" không phải đơn vị thành viên của ${bloc.name}.`));
      continue;
    }
    if (!isObject(input)) {
      problems.push(problem('INPUT_INVALID', unit, `Thẩm định của ${unit} phải là một đối tượng theo mã tiêu chí.`));
      continue;
    }
    const criteria = new Map(allCriteria(group.rubric).map((c) => [c.code, c]));
    for (const [code, v] of Object.entries(input)) {
      const cell = `${unit}/${code}`;
      const c = criteria.get(code);
      if (!c) {
        problems.push(problem('CRITERION_UNKNOWN', cell, `Mã tiêu chí "${code}" không có trong bảng tiêu chí ${group.rubric.id}; bỏ qua.`));
        continue;
      }
      const review = criterionReview(c, v, cell, problems);
      if (!review) continue;
      const key = JSON.stringify([unit, review.reviewer]);
      const raw: RawReview = byKey.get(key) ?? { unit, reviewer: review.reviewer, at, cell: unit, reviewerCells: [], entries: new Map(), reasons: new Map() };
      byKey.set(key, raw);
      raw.reviewerCells.push(`${cell}/reviewer`);
      raw.entries.set(code, review.entry);
      raw.reasons.set(code, { text: review.reason, cell: `${cell}/reason` });
    }
  }
  return { reviews: [...byKey.values()], problems };
};

/**
 * REVIEWS.json read and checked against the units' self-entries, then the reviews in force per unit:
 * what `bloc rank --reviews` scores with. Any error in `problems` means the file is rejected.
 */
export const readJsonReviews = (
  bloc: Bloc,
  periodId: string,
  doc: unknown,
  selfValues: ReadonlyMap<string, Values>,
): { reviews: Map<string, EffectiveReviews>; problems: Problem[] } => {
  const parsed = parseJsonReviews(bloc, doc);
  const read = readReviews(bloc, periodId, parsed.reviews, { selfValues: (unit) => selfValues.get(unit) });
  return { reviews: effectiveReviews(bloc, periodId, read.records), problems: [...parsed.problems, ...read.problems] };
};
