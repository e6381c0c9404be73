import type { HeadRecord, LedgerState } from './ledger-port.js';
import type { PeriodKey, StoredValues } from './period-types.js';

export type { PeriodKey, StoredValues };

/** Where a submission came from, when it is not an uploaded file: a unit's registered Google Sheet. */
export interface SheetOrigin {
  kind: 'google-sheet';
  spreadsheetId: string;
  /** The spreadsheet's link. */
  url: string;
}

/** One received file, accepted or not. Immutable once written. */
export interface VersionRecord {
  /** Time-sortable and unique: the receipt time, then what makes it unique. Orders versions. */
  uploadId: string;
  unit: string | null;
  file: string;
  receivedAt: string;
  /** `late`: valid, received late under latePolicy "hold"; counts only once the lead accepts it (a decision). */
  status: 'accepted' | 'rejected' | 'late';
  errors: number;
  warnings: number;
  late: boolean;
  contentHash: string;
  /** Bytes received (a file over the limit is kept whole but read only up to it). */
  size: number;
  rawKey: string;
  reportKey: string;
  annotatedKey?: string;
  values?: StoredValues;
  selfScores?: Record<string, string>;
  /** `Giải trình, minh chứng` by criterion code, where written (absent on versions stored before it was kept). */
  evidence?: Record<string, string>;
  /** The cell of each criterion's `Điểm tự chấm` (`Chấm điểm!F12`), for pointing a reviewer at it. */
  cells?: Record<string, string>;
  /** A pulled Google Sheet (its `contentHash` is that of the values read: an unchanged sheet is not ingested again). */
  source?: SheetOrigin;
}

/** The accepted version in force for a member, with what ranking needs. */
export interface CurrentRecord {
  unit: string;
  uploadId: string;
  file: string;
  receivedAt: string;
  values: StoredValues;
  selfScores: Record<string, string>;
  total: string;
}

export interface RunRecord {
  runId: string;
  generatedAt: string;
  /** Hash of the current versions (and configuration) the run ranked; equal hash, nothing to redo. */
  inputsHash: string;
  rankingsKey: string;
  summaryKey: string;
  /** Per-unit points per criterion, rank and configuration hash (shared/insight/snapshot.ts); absent on older runs. */
  snapshotKey?: string;
}

export interface PeriodState {
  current: CurrentRecord[];
  rejected: string[];
}

/** The last run as the period head records it: the count of input changes its inputs included, and the configuration it ranked. */
export interface RunClaim {
  changes: number;
  configHash: string;
  run: RunRecord;
}

/**
 * The period's head item: `changes` counts the writes that change a run's inputs (versions, current
 * and rejected marks, reviews, decisions, publications), each counted in the same transaction as its
 * write; `run` is the last run's claim, written in the same transaction as the run. `changes` equal
 * to `run.changes` (and the same configuration): nothing to redo, known from this one read.
 */
export interface PeriodHead {
  changes: number;
  run?: RunClaim;
  /** The publication state (SPEC §10), kept in the same item. */
  publication: HeadRecord;
}

/** Everything a recompute reads of a period. */
export interface PeriodContents {
  state: PeriodState;
  versions: VersionRecord[];
  latestRun?: RunRecord;
  /** The §10 items, when the adapter reads them in the same request (DynamoDB: one Query of the partition); absent: ask the ledger. */
  ledger?: LedgerState;
}

export interface SubmissionStore {
  /** Writes a version once; false when that upload id was already recorded. */
  putVersion(key: PeriodKey, v: VersionRecord): Promise<boolean>;
  getVersion(key: PeriodKey, uploadId: string): Promise<VersionRecord | undefined>;
  /** Makes `c` current unless a later upload already is; true when it became current. */
  promote(key: PeriodKey, c: CurrentRecord): Promise<boolean>;
  markRejected(key: PeriodKey, unit: string): Promise<void>;
  state(key: PeriodKey): Promise<PeriodState>;
  versions(key: PeriodKey): Promise<VersionRecord[]>;
  /** Records a run; with `claim`, the head claims it in the same transaction (never a run that was not recorded). */
  putRun(key: PeriodKey, run: RunRecord, claim?: Omit<RunClaim, 'run'>): Promise<void>;
  /** The head (one consistent read). */
  head(key: PeriodKey): Promise<PeriodHead>;
  /** Makes the head say that `claim.run` still stands for `claim.changes` (its inputs were read again and found the same). */
  confirmRun(key: PeriodKey, claim: RunClaim): Promise<void>;
  /** State, versions, latest run (and where the adapter can, the ledger) in as few consistent reads as the adapter allows. */
  contents(key: PeriodKey): Promise<PeriodContents>;
  latestRun(key: PeriodKey): Promise<RunRecord | undefined>;
  /** Every recomputation of the period, oldest first. */
  runs(key: PeriodKey): Promise<RunRecord[]>;
}

export interface BlobStore {
  /** Stores bytes under a key that the caller made unique; never overwrites. */
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
}
