/**
 * Reading one review (SPEC §10): the same §5 number rules and §6 checks as a submission, at the
 * review's cells, plus who may review (REVIEWER_NOT_ALLOWED), why a value changed
 * (REVIEW_REASON_MISSING) and which version was reviewed (REVIEW_VERSION_UNKNOWN, warning REVIEW_STALE).
 * A review with an error is rejected as a whole; the caller's other reviews stand.
 */
import { cmp, type Rational } from '../numbers/rational.js';
import { isBlank, readNumberCell } from '../numbers/reading.js';
import { findPeriod, groupOf, memberOf, reviewRoleOf, type Bloc } from '../model/bloc.js';
import { isWarning, problem, type Problem } from '../model/problem.js';
import type { ReviewRecord } from '../model/review.js';
import type { Entry, Values } from '../model/submission.js';
import type { RawEntry } from '../submission/raw-entry.js';
import type { RawReview } from '../submission/raw-review.js';
import { readEntries } from '../validation/entries.js';

export type { RawReview };

export interface ReviewContext {
  /**
   * The unit's self-entries in the version reviewed (`version`, the upload id of `Phiên bản`, when
   * known; else its current one): a value equal to them is not a change, and they complete the agreed
   * half of a rate pair, as the review workbook showed them beside the inputs.
   */
  selfValues?: (unit: string, version?: string) => Values | undefined;
  /** The unit's known upload ids and its current accepted one, to check `version`. */
  versions?: (unit: string) => { known: readonly string[]; current: string | null } | undefined;
}

export interface ReadReview {
  /** Null when the review has an error: it is rejected as a whole. */
  record: ReviewRecord | null;
  problems: Problem[];
}

const same = (a: Rational | undefined, b: Rational | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && cmp(a, b) === 0);
const sameEntry = (a: Entry, b: Entry | undefined): boolean =>
  b !== undefined && same(a.points, b.points) && same(a.achieved, b.achieved) && same(a.base, b.base);

const isAgreed = (e: RawEntry): boolean => [e.points, e.achieved, e.base].every((l) => l === undefined || isBlank(l.raw));

const notAllowed = (bloc: Bloc, reviewer: string, unit: string): string => {
  if (!memberOf(bloc, reviewer)) return `"${reviewer}" không phải đơn vị thành viên nên không được thẩm định ${unit}.`;
  if (reviewer === unit) return `Đơn vị ${unit} không được tự thẩm định mình.`;
  return `${reviewer} không phải trưởng khối (${bloc.lead}) và không được phân công thẩm định ${unit} trong đợt này.`;
};

/** A number cell holding exactly `r`, when a number cell can (15 significant digits). */
const exactNumber = (r: Rational): { kind: 'number'; value: number } | null => {
  const value = Number(r.num) / Number(r.den);
  const back = readNumberCell(value);
  return back && cmp(back, r) === 0 ? { kind: 'number', value } : null;
};

/** The empty half of a rate pair takes the unit's own value ("agreed"): a reviewer may correct `Số thực hiện` alone. */
const completePairs = (raw: RawReview, self: Record<string, Entry> | undefined): RawReview => {
  if (!self || !raw.halfAgreed) return raw;
  const entries = new Map(raw.entries);
  for (const [code, e] of raw.entries) {
    if (!e.achieved || !e.base) continue;
    const [aBlank, bBlank] = [isBlank(e.achieved.raw), isBlank(e.base.raw)];
    if (aBlank === bBlank) continue;
    const half = aBlank ? 'achieved' : 'base';
    const own = self[code]?.[half];
    const cell = own && exactNumber(own);
    if (cell) entries.set(code, { ...e, [half]: { raw: cell, cell: e[half]!.cell } });
  }
  return { ...raw, entries };
};

export const readReview = (bloc: Bloc, periodId: string, raw: RawReview, ctx: ReviewContext = {}): ReadReview => {
  const problems: Problem[] = [];
  const period = findPeriod(bloc, periodId);
  if (!period) throw new RangeError(`unknown period ${periodId}`);
  const group = groupOf(bloc, raw.unit);
  if (!group) return { record: null, problems: [problem('UNIT_UNKNOWN', raw.cell, `"${raw.unit}" không phải đơn vị thành viên của ${bloc.name}.`)] };
  if (!reviewRoleOf(bloc, period, raw.reviewer, raw.unit)) {
    const message = notAllowed(bloc, raw.reviewer, raw.unit);
    const cells = raw.reviewerCells.length ? raw.reviewerCells : [raw.cell];
    return { record: null, problems: cells.map((cell) => problem('REVIEWER_NOT_ALLOWED', cell, message)) };
  }
  const versions = raw.version && ctx.versions?.(raw.unit);
  if (raw.version && versions) {
    const { id, cell } = raw.version;
    if (!versions.known.includes(id))
      return { record: null, problems: [problem('REVIEW_VERSION_UNKNOWN', cell ?? raw.cell, `Phiên bản "${id}" không phải một lần nộp của ${raw.unit}.`)] };
    if (versions.current !== null && versions.current !== id)
      problems.push(
        problem(
          'REVIEW_STALE',
          cell ?? raw.cell,
          `${raw.unit} đã nộp phiên bản mới hơn (${versions.current}) sau phiên bản được thẩm định (${id}); kết quả thẩm định vẫn được áp dụng.`,
        ),
      );
  }
  const self = ctx.selfValues?.(raw.unit, raw.version?.id);
  const changedInputs = new Map([...completePairs(raw, self).entries].filter(([, e]) => !isAgreed(e)));
  const read = readEntries(group.rubric, changedInputs);
  problems.push(...read.problems);
  const entries: ReviewRecord['entries'] = {};
  const reasons: ReviewRecord['reasons'] = {};
  for (const [code, entry] of Object.entries(read.values)) {
    const reason = raw.reasons.get(code)?.text.trim() ?? '';
    const changed = !sameEntry(entry, self?.[code]);
    if (changed && !reason) {
      problems.push(
        problem(
          'REVIEW_REASON_MISSING',
          raw.reasons.get(code)?.cell ?? changedInputs.get(code)!.cell,
          `Tiêu chí ${code}: giá trị thẩm định khác số liệu tự chấm nhưng chưa ghi lý do.`,
        ),
      );
      continue;
    }
    // A value typed is a review even when it equals the self-score (only an empty input is "agreed"):
    // so the lead can restore a unit's own value over a cross-reviewer's without having to argue it.
    entries[code] = entry;
    reasons[code] = reason;
  }
  if (problems.some((p) => !isWarning(p))) return { record: null, problems };
  const record: ReviewRecord = { unit: raw.unit, reviewer: raw.reviewer, at: raw.at, ...(raw.version && { version: raw.version.id }), entries, reasons };
  return { record, problems };
};

/** Reads every review; the accepted records in the order given, and every problem. */
export const readReviews = (
  bloc: Bloc,
  periodId: string,
  raws: readonly RawReview[],
  ctx: ReviewContext = {},
): { records: ReviewRecord[]; problems: Problem[] } => {
  const results = raws.map((r) => readReview(bloc, periodId, r, ctx));
  return { records: results.flatMap((r) => (r.record ? [r.record] : [])), problems: results.flatMap((r) => r.problems) };
};
