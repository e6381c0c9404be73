/**
 * The review workbook (SPEC §10): the names both its writer (shared/workbooks/review/) and its
 * reader (shared/submission/parse-review.ts) use. Found by text (shared/text/match.ts), never by
 * address. `Đơn vị thẩm định` in `Thông tin` is what tells a review workbook from a submission.
 */
import { INFO_LABELS, SHEETS } from './workbook-layout.js';

export const REVIEW_INFO_SHEET = SHEETS.info;

export const REVIEW_INFO_LABELS = {
  bloc: INFO_LABELS.bloc,
  year: INFO_LABELS.year,
  period: INFO_LABELS.period,
  reviewer: 'Đơn vị thẩm định',
  reviewerName: 'Người thẩm định',
  reviewedOn: 'Ngày thẩm định',
} as const;
export type ReviewInfoKey = keyof typeof REVIEW_INFO_LABELS;

/** Labels above the header row of each unit sheet (the sheet is named by the unit's code). */
export const REVIEW_UNIT_LABELS = {
  unit: INFO_LABELS.unit,
  version: 'Phiên bản',
} as const;
export type ReviewUnitKey = keyof typeof REVIEW_UNIT_LABELS;

/** The unit sheet's columns: the unit's own (locked), then the reviewer's inputs. */
export const REVIEW_HEADERS = {
  code: 'Mã tiêu chí',
  content: 'Nội dung tiêu chí',
  max: 'Điểm tối đa',
  achieved: 'Số thực hiện',
  base: 'Số phải thực hiện',
  points: 'Điểm tự chấm',
  reviewedAchieved: 'Số thực hiện thẩm định',
  reviewedBase: 'Số phải thực hiện thẩm định',
  reviewedPoints: 'Điểm thẩm định',
  reason: 'Lý do',
} as const;
export type ReviewColumnKey = keyof typeof REVIEW_HEADERS;
