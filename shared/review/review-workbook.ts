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
 *   reviewer may correct `Số thực hiện` alone (RawReview.halfAgreed, applied by read.ts).
 *
 * parseReviewWorkbook stops before judging values: its raw reviews go to ingestRawReviews, which
 * judges them against the store; readReviewWorkbook judges them against the context given.
 */
import type { Grid } from '../grid/grid.js';
import { findPeriod, groupOf, type Bloc } from '../model/bloc.js';
import { isWarning, problem, type Problem } from '../model/problem.js';
import type { ReviewRecord } from '../model/review.js';
import { REVIEW_INFO_LABELS } from '../model/review-layout.js';
import { quote } from '../numbers/limits.js';
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

export interface ParsedReviews {
  /** The member code of `Đơn vị thẩm định` (as written when it is not a member); null when missing. */
  reviewer: string | null;
  /** The readable unit sheets' reviews, for shared/review/read.ts; none when the workbook as a whole is rejected. */
  reviews: RawReview[];
  /** The workbook's problems, then each unit sheet's (before its values are judged). */
  problems: Problem[];
  sheets: ParsedReviewWorkbook['sheets'];
}

/**
 * A review workbook's Grid → the raw reviews it holds and the problems found reading it: what
 * ingestRawReviews (shared/pipeline/ingest-reviews.ts) takes. `at` is the received file's upload id.
 */
export const parseReviewWorkbook = (bloc: Bloc, periodId: string, grid: Grid, at: string): ParsedReviews => {
  if (!findPeriod(bloc, periodId)) throw new RangeError(`unknown period ${periodId}`);
  const parsed = parseReviewGrid(grid, {
    at,
    unitOf: (text) => {
      const code = memberCode(bloc, text);
      const group = code === undefined ? undefined : groupOf(bloc, code);
      return code === undefined || !group ? undefined : { code, rubric: group.rubric };
    },
  });
  const reviewer = parsed.reviewer === null ? null : (memberCode(bloc, parsed.reviewer) ?? parsed.reviewer);
  const fileProblems = [...parsed.problems, ...infoChecks(bloc, periodId, parsed)];
  const fileRejected = fileProblems.some((p) => !isWarning(p)) || reviewer === null;
  const reviews = fileRejected ? [] : parsed.sheets.flatMap((s) => (s.review && !s.problems.some((p) => !isWarning(p)) ? [{ ...s.review, reviewer }] : []));
  return { reviewer, reviews, problems: [...fileProblems, ...parsed.sheets.flatMap((s) => s.problems)], sheets: parsed.sheets };
};

/** Reads a review workbook's Grid into the reviews it holds (see the module comment). */
export const readReviewWorkbook = (bloc: Bloc, periodId: string, grid: Grid, ctx: ReviewWorkbookContext): ReadReviewWorkbook => {
  const parsed = parseReviewWorkbook(bloc, periodId, grid, ctx.at);
  const problems: Problem[] = [...parsed.problems];
  const reviews: ReviewRecord[] = [];
  const judged = new Map(parsed.reviews.map((raw) => [raw, readReview(bloc, periodId, raw, ctx)]));
  const sheets = parsed.sheets.map((s) => {
    const raw = parsed.reviews.find((r) => r.cell === s.review?.cell);
    const read = raw && judged.get(raw);
    if (read) problems.push(...read.problems);
    if (read?.record) reviews.push(read.record);
    return { sheet: s.sheet, unit: s.review?.unit ?? s.unit, accepted: !!read?.record };
  });
  return { reviewer: parsed.reviewer, reviews, problems, sheets };
};
