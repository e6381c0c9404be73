import type { RawEntry } from './raw-entry.js';

/**
 * A review as a source holds it, before validation (SPEC §10): a review workbook's unit sheet
 * (shared/submission/parse-review.ts) or a unit of REVIEWS.json. Read by shared/review/read.ts.
 */
export interface RawReview {
  unit: string;
  reviewer: string;
  /** See ReviewRecord.at. */
  at: string;
  /** The upload id reviewed (`Phiên bản`), and where it was written. */
  version?: { id: string; cell: string | null };
  /** Where the unit's review stands: a sheet (`STP-KHA!A1`), or the unit's key in REVIEWS.json. */
  cell: string | null;
  /** Where the reviewer is named: the review workbook's `Đơn vị thẩm định`, or each JSON `…/reviewer`. */
  reviewerCells: (string | null)[];
  /** Criterion code → the reviewed inputs; a criterion whose inputs are all empty is "agreed". */
  entries: Map<string, RawEntry>;
  /** Criterion code → reason text and its cell. */
  reasons: Map<string, { text: string; cell: string }>;
  /**
   * A review workbook's sheet: of a rate criterion's pair, an empty half is "agreed" and takes the
   * unit's own value (REVIEWS.json needs both halves).
   */
  halfAgreed?: boolean;
}
