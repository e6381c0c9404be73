/**
 * What happens to a bloc period after self-scoring (SPEC §10), as stored: review versions, the
 * lead's decisions, publications and the append-only audit log. Same table and partition as the
 * submissions (`BP#<bloc>#<year>#<period>`):
 *   `RV#<uploadId>`      a received review (workbook or JSON), with the review records it holds (written once)
 *   `D#<id>`             a decision: a late file accepted, a vote recorded (written once)
 *   `HEAD`               the period's publication state (conditional writes: two publishes, one wins),
 *                        beside the submission store's change count and last run (ports.ts PeriodHead)
 *   `PUB#<nnnn>`         published version n (written once, kept after a reopening)
 *   `A#<sortable id>`    one audit entry (written once, never changed)
 */
import type { PeriodKey, StoredValues } from './period-types.js';

/** A ReviewRecord (model/review.ts) with its entries stored as exact text. */
export interface StoredReview {
  unit: string;
  reviewer: string;
  at: string;
  version?: string;
  entries: StoredValues;
  reasons: Record<string, string>;
}

/** One received review file: accepted when at least one unit's review in it stands. Immutable. */
export interface ReviewVersionRecord {
  uploadId: string;
  /** The reviewing member (`Đơn vị thẩm định`), when one reviewer wrote the whole file. */
  reviewer: string | null;
  file: string;
  receivedAt: string;
  status: 'accepted' | 'rejected';
  errors: number;
  warnings: number;
  rawKey: string;
  reportKey: string;
  /** The reviews that stand, in the order of the file. */
  reviews: StoredReview[];
}

interface DecisionBase {
  /** Time-sortable, unique. */
  id: string;
  at: string;
  actor: string;
  reason: string;
}

export type DecisionRecord =
  | (DecisionBase & { kind: 'accept-late'; uploadId: string; unit: string })
  | (DecisionBase & { kind: 'vote'; award: string; winners: string[] });

/** The period's publication state; `publication` is the number of the latest published version (0: none yet). */
export interface HeadRecord {
  state: 'open' | 'published';
  publication: number;
  /** The last change of state: when, who, and the reason of a reopening. */
  at?: string;
  actor?: string;
  reason?: string;
}

export const OPEN_HEAD: HeadRecord = { state: 'open', publication: 0 };

/** One published version: the run frozen and where its copies are. Immutable. */
export interface PublicationRecord {
  n: number;
  publishedAt: string;
  actor: string;
  runId: string;
  inputsHash: string;
  rankingsKey: string;
  summaryKey: string;
}

export type AuditAction = 'version' | 'review' | 'accept-late' | 'vote' | 'publish' | 'reopen' | 'config';

/** One criterion's value before and after a review, as text (`3.5`, `7/10`). */
export interface ReviewChange {
  unit: string;
  criterion: string;
  old: string;
  new: string;
  reason: string;
}

/** One append-only audit entry: when, who, what (a Vietnamese sentence), and the facts behind it. */
export interface AuditEntry {
  /** Time-sortable and unique: the order of the log. */
  id: string;
  at: string;
  actor: string;
  action: AuditAction;
  text: string;
  uploadId?: string;
  unit?: string | null;
  file?: string;
  status?: string;
  reviewer?: string;
  changes?: ReviewChange[];
  award?: string;
  winners?: string[];
  reason?: string;
  publication?: number;
  configHash?: string;
}

export interface PeriodLedger {
  /** Writes a review version once; false when that upload id was already recorded. */
  putReviewVersion(key: PeriodKey, r: ReviewVersionRecord): Promise<boolean>;
  /** In upload id order. */
  reviewVersions(key: PeriodKey): Promise<ReviewVersionRecord[]>;
  /** Writes a decision once; false when that id was already recorded. */
  putDecision(key: PeriodKey, d: DecisionRecord): Promise<boolean>;
  /** In id order. */
  decisions(key: PeriodKey): Promise<DecisionRecord[]>;
  /** The publication state; OPEN_HEAD before the first publication. */
  head(key: PeriodKey): Promise<HeadRecord>;
  /**
   * Publishes `p` (its `n` one more than the head's `publication`) when the period is open and the
   * head still says `n - 1`: head and publication are written together or not at all. False when
   * another publication (or a reopening) came first.
   */
  publish(key: PeriodKey, p: PublicationRecord): Promise<boolean>;
  /** Reopens publication `n` when it is still the one in force; false otherwise. */
  reopen(key: PeriodKey, n: number, change: { at: string; actor: string; reason: string }): Promise<boolean>;
  /** Every published version, in order. */
  publications(key: PeriodKey): Promise<PublicationRecord[]>;
  /** Appends an entry; an id written before is refused (false) and changes nothing. */
  append(key: PeriodKey, e: AuditEntry): Promise<boolean>;
  /** The audit log in order. */
  log(key: PeriodKey): Promise<AuditEntry[]>;
}

/** What the period holds beyond submissions (SPEC §10): reviews, decisions, publication state, audit log. */
export interface LedgerState {
  reviewVersions: ReviewVersionRecord[];
  decisions: DecisionRecord[];
  head: HeadRecord;
  publications: PublicationRecord[];
  log: AuditEntry[];
}

export const EMPTY_LEDGER: LedgerState = { reviewVersions: [], decisions: [], head: OPEN_HEAD, publications: [], log: [] };

export const publicationSortKey = (n: number): string => `PUB#${String(n).padStart(4, '0')}`;
