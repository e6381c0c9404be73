/** One finding about a submission (SPEC §6): a stable code, the cell (`Sheet!A1`, a JSON path, or null) and a Vietnamese message. */
export interface Problem {
  code: ProblemCode;
  cell: string | null;
  message: string;
}

export const ERROR_CODES = [
  'FILE_NOT_XLSX',
  'FILE_ENCRYPTED',
  'FILE_CORRUPT',
  'FILE_TOO_LARGE',
  'SHEET_MISSING',
  'SHEET_HIDDEN',
  'SHEET_DUPLICATE',
  'HEADER_MISSING',
  'INFO_MISSING',
  'BLOC_MISMATCH',
  'YEAR_MISMATCH',
  'PERIOD_MISMATCH',
  'UNIT_UNKNOWN',
  'RUBRIC_MISMATCH',
  'TEMPLATE_OUTDATED',
  'CRITERION_MISSING',
  'CRITERION_DUPLICATE',
  'VALUE_MISSING',
  'VALUE_NOT_NUMBER',
  'VALUE_NEGATIVE',
  'SCORE_ABOVE_MAX',
  'SCORE_OFF_STEP',
  'ACHIEVED_ABOVE_BASE',
  'UNIT_MISMATCH',
  'INPUT_INVALID',
  // A registered Google Sheet could not be pulled (source/sheets-errors.ts). These describe the
  // pull, not the unit's content: they are reported but never recorded as a rejected version.
  'SHEET_NOT_SHARED',
  'SHEET_NOT_FOUND',
  'SHEET_QUOTA',
  'SHEET_UNREACHABLE',
  'SHEET_AUTH_FAILED',
  'SHEET_UNSUPPORTED',
  // Reviews (SPEC §10): a changed value without a reason; a reviewer that is neither the lead nor
  // assigned to the unit; a reviewed version (`Phiên bản`) that is not one of the unit's.
  'REVIEW_REASON_MISSING',
  'REVIEWER_NOT_ALLOWED',
  'REVIEW_VERSION_UNKNOWN',
] as const;

/** Codes of a pull that failed (nothing was read, so nothing is recorded). */
export const PULL_FAILURE_CODES = [
  'SHEET_NOT_SHARED',
  'SHEET_NOT_FOUND',
  'SHEET_QUOTA',
  'SHEET_UNREACHABLE',
  'SHEET_AUTH_FAILED',
  'SHEET_UNSUPPORTED',
] as const;
export type PullFailureCode = (typeof PULL_FAILURE_CODES)[number];

export const WARNING_CODES = [
  'SELF_SCORE_DIFFERS',
  'CRITERION_UNKNOWN',
  'LATE',
  // A valid version that does not count: another file of the unit in the same run counts instead…
  'DUPLICATE_IN_BATCH',
  // …or a version received later is in force.
  'NOT_CURRENT',
  // The unit has a newer accepted version than the one reviewed (the review still applies).
  'REVIEW_STALE',
  // The period is published (SPEC §10): an upload, review or decision is stored but changes nothing
  // of the published result until the lead reopens it.
  'PUBLISHED_FROZEN',
] as const;

export type ProblemCode = (typeof ERROR_CODES)[number] | (typeof WARNING_CODES)[number];

const warningSet = new Set<string>(WARNING_CODES);
export const isWarning = (p: Problem): boolean => warningSet.has(p.code);

export const problem = (code: ProblemCode, cell: string | null, message: string): Problem => ({
  code,
  cell,
  message: message.normalize('NFC'),
});

/** A file that cannot be read (SPEC §6 FILE_CORRUPT), whatever reads it: zip, sheet XML, grid. */
export const corrupt = (why: string): Problem =>
  problem('FILE_CORRUPT', null, `Tệp bị hỏng, không đọc được (${why}). Hãy mở lại tệp bằng Excel, lưu dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.`);
export const tooLarge = (why: string): Problem => problem('FILE_TOO_LARGE', null, `Tệp quá lớn: ${why}. Hãy xóa các sheet, hình ảnh, dòng thừa rồi nộp lại.`);

/** Splits findings into the report's errors and warnings, keeping their order. */
export const splitProblems = (problems: Problem[]) => ({
  errors: problems.filter((p) => !isWarning(p)),
  warnings: problems.filter(isWarning),
});
