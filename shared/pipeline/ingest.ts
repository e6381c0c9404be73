import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import { formatHundredths } from '../numbers/rational.js';
import { scoreMember } from '../scoring/score.js';
import { encodeScores, encodeValues } from '../store/codec.js';
import { annotatedKey, rawKey, reportKey } from '../store/keys.js';
import type { BlobStore, SubmissionStore, VersionRecord } from '../store/ports.js';
import { problem } from '../validation/problem.js';
import { readWorkbook, type WorkbookValidated } from '../validation/validate-workbook.js';
import { annotateWorkbook } from '../workbooks/annotate.js';
import { periodKey } from './period-key.js';
import type { SubmissionReport } from './report.js';
import { jsonText } from '../text/json-text.js';

export interface IngestDeps {
  store: SubmissionStore;
  blobs: BlobStore;
}

export interface Upload {
  file: string;
  /** The file's bytes, or how to fetch them: a duplicate delivery is recognised without fetching. */
  bytes: Uint8Array | (() => Promise<Uint8Array>);
  /** Unique and time-sortable (see store/keys.ts `timeSortableId`); the same upload keeps the same id. */
  uploadId: string;
  receivedAt: Date;
  /** Judge lateness against the period deadline (only when the receipt time is real). */
  judgeLateness: boolean;
  /** The member whose own upload link sent the file (in the cloud); its workbook must name that member. */
  sender?: string;
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

/**
 * A workbook naming another member than the one whose link sent it must not replace that member's
 * submission: it is the sender's, and rejected.
 */
const fromSender = (checked: WorkbookValidated, sender: string | undefined): WorkbookValidated => {
  if (!sender || !checked.unit || checked.unit === sender) return checked;
  const mismatch = problem(
    'UNIT_MISMATCH',
    null,
    `Mã đơn vị trong tệp là "${checked.unit}" nhưng tệp được tải lên bằng liên kết của đơn vị "${sender}": mỗi đơn vị chỉ nộp bản tự chấm điểm của mình.`,
  );
  return { ...checked, unit: sender, errors: [mismatch, ...checked.errors] };
};

/**
 * File in → raw bytes kept → checked, read, validated → report (and annotated copy) kept → the
 * version recorded, and made current when accepted and newest. A rejected file changes nothing else.
 */
export const ingest = async (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<IngestOutcome> => {
  const key = periodKey(bloc, period);
  const seen = await deps.store.getVersion(key, upload.uploadId);
  if (seen) return { duplicate: true, version: seen };
  const bytes = typeof upload.bytes === 'function' ? await upload.bytes() : upload.bytes;
  const raw = rawKey(key, upload.uploadId, upload.file);
  await deps.blobs.put(raw, bytes, XLSX);
  const checked = fromSender(await readWorkbook(bloc, period, bytes, upload.judgeLateness ? { receivedAt: upload.receivedAt } : {}), upload.sender);
  const status = checked.errors.length ? 'rejected' : 'accepted';
  const report: SubmissionReport = { file: upload.file, unit: checked.unit, status, errors: checked.errors, warnings: checked.warnings };
  const problems = [...checked.errors, ...checked.warnings];
  const annotated = checked.readable && problems.length ? await annotateWorkbook(bytes, problems) : undefined;
  const version: VersionRecord = {
    uploadId: upload.uploadId,
    unit: checked.unit,
    file: upload.file,
    receivedAt: upload.receivedAt.toISOString(),
    status,
    errors: checked.errors.length,
    warnings: checked.warnings.length,
    late: checked.warnings.some((w) => w.code === 'LATE'),
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    rawKey: raw,
    reportKey: reportKey(key, upload.uploadId),
    ...(annotated && { annotatedKey: annotatedKey(key, upload.uploadId) }),
    ...(status === 'accepted' && { values: encodeValues(checked.values), selfScores: encodeScores(checked.selfScores) }),
  };
  await deps.blobs.put(version.reportKey, jsonText(report), 'application/json');
  if (annotated) await deps.blobs.put(version.annotatedKey!, annotated, XLSX);
  let current = false;
  if (status === 'accepted' && checked.unit) {
    const rubric = groupOf(bloc, checked.unit)!.rubric;
    current = await deps.store.promote(key, {
      unit: checked.unit,
      uploadId: upload.uploadId,
      file: upload.file,
      receivedAt: version.receivedAt,
      values: version.values!,
      selfScores: version.selfScores!,
      total: formatHundredths(scoreMember(rubric, checked.values).total),
    });
  } else if (checked.unit) await deps.store.markRejected(key, checked.unit);
  await deps.store.putVersion(key, version);
  return { report, ...(annotated && { annotated }), version, current, duplicate: false };
};

export type Ingested = Extract<IngestOutcome, { duplicate: false }>;

/** For callers whose upload ids are new by construction (the command line): a duplicate is a defect. */
export const ingestNew = async (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<Ingested> => {
  const outcome = await ingest(deps, bloc, period, upload);
  if (outcome.duplicate) throw new Error(`upload ${upload.uploadId} was recorded before`);
  return outcome;
};
