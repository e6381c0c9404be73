/**
 * A review workbook read into ReviewRecords (SPEC §10): shared/submission/parse-review.ts finds the
 * cells, shared/review/read.ts judges each unit sheet. Pure: the caller gives the received file's
 * id (`at`), the units' versions and their self-entries; storing the records is the caller's.
 *
 * - A problem of `Thông tin` (missing label, another bloc, year or period) rejects the workbook.
 * - A problem of a unit sheet rejects that sheet only (REVIEWER_NOT_ALLOWED, REVIEW_VERSION_UNKNOWN,
 *   HEADER_MISSING, a value error…); the other sheets stand. Warnings (REVIEW_STALE) do not reject.
 * - A deleted unit sheet gives no record: that unit's reviews stay as they were.
 * - Of a rate criterion's pair, an empty half is "agreed": it takes the unit's own value, so a
 *   reviewer may correct `Số thực hiện` alone.
 */
import type { Grid } from '../grid/grid.js';
import { findPeriod, groupOf, type Bloc } from '../model/bloc.js';
import { isWarning, problem, type Problem } from '../model/problem.js';
import type { ReviewRecord } from '../model/review.js';
import { REVIEW_INFO_LABELS } from '../model/review-layout.js';
import type { Entry } from '../model/submission.js';
import { quote } from '../numbers/limits.js';
import { cmp, type Rational } from '../numbers/rational.js';
import { isBlank, readNumberCell } from '../numbers/reading.js';
import { parseReviewGrid, type ParsedReviewWorkbook } from '../submission/parse-review.js';
import type { RawReview } from '../submission/raw-review.js';
import { matchKey } from '../text/match.js';
import { readReview, type ReviewContext } from './read.js';

export { isReviewWorkbook } from '../submission/parse-review.js';

export interface ReviewWorkbookContext extends ReviewContext {
  /** The received file's upload id (or a UTC ISO time): every record's `at`. */
  at: string;
}

export interface ReadReviewWorkbook {
  /** The member code of `Đơn vị thẩm định` (as written when it is not a member); null when missing. */
  reviewer: string | null;
  /** One record per accepted unit sheet, in workbook order. */
  reviews: ReviewRecord[];
  /** Every problem, the workbook's first, then each unit sheet's. */
  problems: Problem[];
  /** Per unit sheet: its unit and whether it was accepted (for a report). */
  sheets: { sheet: string; unit: string | null; accepted: boolean }[];
}

const memberCode = (bloc: Bloc, text: string): string | undefined =>
  bloc.groups.flatMap((g) => g.members).find((m) => matchKey(m.code) === matchKey(text))?.code;

/** A number cell holding exactly `r`, when a number cell can (15 significant digits). */
const exactNumber = (r: Rational): { kind: 'number'; value: number } | null => {
  const value = Number(r.num) / Number(r.den);
  const back = readNumberCell(value);
  return back && cmp(back, r) === 0 ? { kind: 'number', value } : null;
};

/** The empty half of a rate pair takes the unit's own value ("agreed"). */
const completePairs = (raw: RawReview, self: Record<string, Entry> | undefined): RawReview => {
  if (!self) return raw;
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

const infoChecks = (bloc: Bloc, periodId: string, parsed: ParsedReviewWorkbook): Problem[] => {
  const info = parsed.info;
  if (!info) return [];
  const out: Problem[] = [];
  const bad = (key: 'bloc' | 'year' | 'period', expected: string, code: 'BLOC_MISMATCH' | 'YEAR_MISMATCH' | 'PERIOD_MISMATCH', what: string) => {
    const f = info[key];
    if (f && !f.empty && matchKey(f.text) !== matchKey(expected))
      out.push(problem(code, f.valueCell, `Tệp thẩm định ghi ${REVIEW_INFO_LABELS[key]} "${quote(f.text)}", không phải ${what} "${expected}".`));
  };
  bad('bloc', bloc.id, 'BLOC_MISMATCH', `khối ${bloc.name}`);
  bad('year', String(bloc.year), 'YEAR_MISMATCH', 'năm');
  bad('period', periodId, 'PERIOD_MISMATCH', 'đợt');
  return out;
};

/** Reads a review workbook's Grid into the reviews it holds (see the module comment). */
export const readReviewWorkbook = (bloc: Bloc, periodId: string, grid: Grid, ctx: ReviewWorkbookContext): ReadReviewWorkbook => {
  if (!findPeriod(bloc, periodId)) throw new RangeError(`unknown period ${periodId}`);
  const parsed = parseReviewGrid(grid, {
    at: ctx.at,
    unitOf: (text) => {
      const code = memberCode(bloc, text);
      const group = code === undefined ? undefined : groupOf(bloc, code);
      return code === undefined || !group ? undefined : { code, rubric: group.rubric };
    },
  });
  const reviewer = parsed.reviewer === null ? null : (memberCode(bloc, parsed.reviewer) ?? parsed.reviewer);
  const fileProblems = [...parsed.problems, ...infoChecks(bloc, periodId, parsed)];
  const problems: Problem[] = [...fileProblems];
  const reviews: ReviewRecord[] = [];
  const sheets: ReadReviewWorkbook['sheets'] = [];
  const fileRejected = fileProblems.some((p) => !isWarning(p)) || reviewer === null;
  for (const s of parsed.sheets) {
    problems.push(...s.problems);
    let accepted = false;
    if (!fileRejected && s.review && !s.problems.some((p) => !isWarning(p))) {
      const raw = completePairs({ ...s.review, reviewer: reviewer! }, ctx.selfValues?.(s.review.unit));
      const read = readReview(bloc, periodId, raw, ctx);
      problems.push(...read.problems);
      if (read.record) {
        reviews.push(read.record);
        accepted = true;
      }
    }
    sheets.push({ sheet: s.sheet, unit: s.review?.unit ?? s.unit, accepted });
  }
  return { reviewer, reviews, problems, sheets };
};
