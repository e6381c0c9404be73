/**
 * Reviews after they are read and checked (SPEC §10): the records a store keeps and the pipeline,
 * the summary and the audit log reuse. Reading raw reviews is shared/review/read.ts; choosing the
 * value in force per criterion is shared/review/effective.ts.
 */
import type { Entry, Review } from './submission.js';

/** The lead reviews any member; an assigned reviewer the units `periods[].reviewers` gives it. */
export type ReviewRole = 'lead' | 'assigned';

/** One reviewer's review of one unit (a review workbook's unit sheet, or a unit of REVIEWS.json). */
export interface ReviewRecord {
  unit: string;
  reviewer: string;
  /**
   * When it was received: an upload id (they begin with the receipt time) or a UTC ISO time.
   * Compared as strings; the later one is the newer review.
   */
  at: string;
  /** The unit's upload id that was reviewed (`Phiên bản`), when known. */
  version?: string;
  /** Criterion code → the reviewed entry. A criterion absent is not reviewed by this review ("agreed"). */
  entries: Record<string, Entry>;
  /** Criterion code → why; present for every changed value. */
  reasons: Record<string, string>;
}

/** The reviewed value in force for one criterion: who set it, why, when, and in which role. */
export interface EffectiveReview extends Review {
  at: string;
  role: ReviewRole;
  version?: string;
}

/** Criterion code → the review in force; usable wherever scoring takes `Reviews`. */
export type EffectiveReviews = Record<string, EffectiveReview>;
