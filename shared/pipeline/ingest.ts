import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import { formatHundredths } from '../numbers/rational.js';
import { scoreMember } from '../scoring/score.js';
import { encodeScores, encodeValues } from '../store/codec.js';
import { annotatedKey, rawKey, reportKey } from '../store/keys.js';
import type { BlobStore, SubmissionStore, VersionRecord } from '../store/ports.js';
import { problem, type Problem } from '../model/problem.js';
import type { GridRead } from '../grid/read.js';
import { checkContainer } from '../source/container.js';
import { readXlsxGrid } from '../source/xlsx-grid.js';
import { validateGridRead, type WorkbookValidated } from '../validation/validate-read.js';
import { annotateWorkbook } from '../workbooks/annotated/annotate.js';
import { periodKey } from './period-key.js';
import type { ReportSource, SubmissionReport } from './report.js';
import { jsonText } from '../text/json-text.js';

export interface IngestDeps {
  store: SubmissionStore;
  blobs: BlobStore;
}

/** What every submission has, whatever its source: a name, an id, when it was received, who sent it. */
export interface Receipt {
  file: string;
  /** Unique and time-sortable (see store/keys.ts `timeSortableId`); the same upload keeps the same id. */
  uploadId: string;
  receivedAt: Date;
  /** Judge lateness against the period deadline (only when the receipt time is real). */
  judgeLateness: boolean;
  /**
   * The member the submission was received for (an upload link's unit in the cloud, a registered
   * sheet's unit); its workbook must name that member.
   */
  sender?: string;
}

export interface Upload extends Receipt {
  /** The file's bytes, or how to fetch them: a duplicate delivery is recognised without fetching. */
  bytes: Uint8Array | (() => Promise<Uint8Array>);
}

/**
 * A submission's content once at hand: what is kept under raw/ (a file's bytes, a pulled sheet's
 * snapshot) and how to read it into a grid. Validation and everything after it is shared.
 */
export interface SubmissionSource {
  raw: { name: string; bytes: Uint8Array; contentType: string };
  contentHash: string;
  /** Set for a pulled Google Sheet: the report's `source`, the version's origin. */
  origin?: ReportSource;
  readGrid(): Promise<GridRead>;
  /** The member's own workbook with the problems marked (an `.xlsx` only). */
  annotate?(problems: Problem[]): Promise<Uint8Array>;
}

export type IngestOutcome =
  | {
      duplicate: false;
      report: SubmissionReport;
      annotated?: Uint8Array;
      version: VersionRecord;
      /** This upload became the unit's current accepted version. */
      current: boolean;
    }
  /** The upload id had been ingested before: nothing was changed (its report is at `version.reportKey`). */
  | { duplicate: true; version: VersionRecord };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An uploaded `.xlsx` file as a source. */
export const xlsxSource = (file: string, bytes: Uint8Array): SubmissionSource => ({
  raw: { name: file, bytes, contentType: XLSX },
  contentHash: createHash('sha256').update(bytes).digest('hex'),
  readGrid: () => readXlsxGrid(bytes),
  annotate: (problems) => annotateWorkbook(bytes, checkContainer(bytes), problems),
});

/**
 * A workbook naming another member than the one it was received for must not replace that member's
 * submission: it is the sender's, and rejected. One naming no member is the sender's too.
 */
const fromSender = (checked: WorkbookValidated, sender: string | undefined, sheet: boolean): WorkbookValidated => {
  if (!sender || checked.unit === sender) return checked;
  // A submission that names no unit (a file that cannot be read, a workbook without its Mã đơn vị)
  // is still the sender's: its version and report are the sender's, who shows as "rejected", not "missing".
  if (!checked.unit) return { ...checked, unit: sender };
  const mismatch = problem(
    'UNIT_MISMATCH',
    null,
    sheet
      ? `Mã đơn vị trong bảng tính là "${checked.unit}" nhưng bảng tính được đăng ký cho đơn vị "${sender}": mỗi đơn vị chỉ nộp bản tự chấm điểm của mình.`
      : `Mã đơn vị trong tệp là "${checked.unit}" nhưng tệp được tải lên bằng liên kết của đơn vị "${sender}": mỗi đơn vị chỉ nộp bản tự chấm điểm của mình.`,
  );
  return { ...checked, unit: sender, errors: [mismatch, ...checked.errors] };
};

/**
 * Raw content kept → read, validated → report (and annotated copy) kept → the version recorded, and
 * made current when accepted and newest. A rejected submission changes nothing else.
 */
const record = async (deps: IngestDeps, bloc: Bloc, period: string, r: Receipt, src: SubmissionSource): Promise<Ingested> => {
  const key = periodKey(bloc, period);
  const raw = rawKey(key, r.uploadId, src.raw.name);
  await deps.blobs.put(raw, src.raw.bytes, src.raw.contentType);
  const read = await src.readGrid();
  const checked = fromSender(validateGridRead(bloc, period, read, r.judgeLateness ? { receivedAt: r.receivedAt } : {}), r.sender, !!src.origin);
  const status = checked.errors.length ? 'rejected' : 'accepted';
  const report: SubmissionReport = {
    file: r.file,
    unit: checked.unit,
    status,
    errors: checked.errors,
    warnings: checked.warnings,
    ...(src.origin && { source: src.origin }),
  };
  const problems = [...checked.errors, ...checked.warnings];
  const annotated = src.annotate && checked.readable && problems.length ? await src.annotate(problems) : undefined;
  const version: VersionRecord = {
    uploadId: r.uploadId,
    unit: checked.unit,
    file: r.file,
    receivedAt: r.receivedAt.toISOString(),
    status,
    errors: checked.errors.length,
    warnings: checked.warnings.length,
    late: checked.warnings.some((w) => w.code === 'LATE'),
    contentHash: src.contentHash,
    size: src.raw.bytes.byteLength,
    rawKey: raw,
    reportKey: reportKey(key, r.uploadId),
    ...(annotated && { annotatedKey: annotatedKey(key, r.uploadId) }),
    ...(status === 'accepted' && { values: encodeValues(checked.values), selfScores: encodeScores(checked.selfScores) }),
    ...(src.origin && { source: { kind: src.origin.kind, spreadsheetId: src.origin.spreadsheetId, url: src.origin.url } }),
  };
  await deps.blobs.put(version.reportKey, jsonText(report), 'application/json');
  if (annotated) await deps.blobs.put(version.annotatedKey!, annotated, XLSX);
  let current = false;
  if (status === 'accepted' && checked.unit) {
    const rubric = groupOf(bloc, checked.unit)!.rubric;
    current = await deps.store.promote(key, {
      unit: checked.unit,
      uploadId: r.uploadId,
      file: r.file,
      receivedAt: version.receivedAt,
      values: version.values!,
      selfScores: version.selfScores!,
      total: formatHundredths(scoreMember(rubric, checked.values).total),
    });
  } else if (checked.unit) await deps.store.markRejected(key, checked.unit);
  await deps.store.putVersion(key, version);
  return { report, ...(annotated && { annotated }), version, current, duplicate: false };
};

/** A submission from any source; an upload id recorded before changes nothing. */
export const ingestSource = async (deps: IngestDeps, bloc: Bloc, period: string, r: Receipt, source: () => Promise<SubmissionSource>): Promise<IngestOutcome> => {
  const seen = await deps.store.getVersion(periodKey(bloc, period), r.uploadId);
  if (seen) return { duplicate: true, version: seen };
  return record(deps, bloc, period, r, await source());
};

/** An uploaded file: raw bytes kept, checked, read, validated, recorded. */
export const ingest = (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<IngestOutcome> => {
  const { bytes, ...receipt } = upload;
  return ingestSource(deps, bloc, period, receipt, async () => xlsxSource(upload.file, typeof bytes === 'function' ? await bytes() : bytes));
};

export type Ingested = Extract<IngestOutcome, { duplicate: false }>;

/** For callers whose upload ids are new by construction (the command line): a duplicate is a defect. */
export const ingestNew = async (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<Ingested> => {
  const outcome = await ingest(deps, bloc, period, upload);
  if (outcome.duplicate) throw new Error(`upload ${upload.uploadId} was recorded before`);
  return outcome;
};
