import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import { formatHundredths } from '../numbers/rational.js';
import { scoreMember } from '../scoring/score.js';
import { encodeScores, encodeValues } from '../store/codec.js';
import { annotatedKey, rawKey, reportKey } from '../store/keys.js';
import type { BlobStore, SubmissionStore, VersionRecord } from '../store/ports.js';
import { readWorkbook } from '../validation/validate-workbook.js';
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
  bytes: Uint8Array;
  /** Unique and time-sortable (see store/keys.ts `timeSortableId`); the same upload keeps the same id. */
  uploadId: string;
  receivedAt: Date;
  /** Judge lateness against the period deadline (only when the receipt time is real). */
  judgeLateness: boolean;
}

export interface IngestOutcome {
  report: SubmissionReport;
  annotated?: Uint8Array;
  version: VersionRecord;
  /** This upload became the unit's current accepted version. */
  current: boolean;
  /** The upload id had been ingested before: nothing was changed. */
  duplicate: boolean;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const replay = async (deps: IngestDeps, version: VersionRecord): Promise<IngestOutcome> => ({
  report: JSON.parse(Buffer.from(await deps.blobs.get(version.reportKey)).toString('utf8')),
  version,
  current: false,
  duplicate: true,
});

/**
 * File in → raw bytes kept → checked, read, validated → report (and annotated copy) kept → the
 * version recorded, and made current when accepted and newest. A rejected file changes nothing else.
 */
export const ingest = async (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<IngestOutcome> => {
  const key = periodKey(bloc, period);
  const seen = await deps.store.getVersion(key, upload.uploadId);
  if (seen) return replay(deps, seen);
  const raw = rawKey(key, upload.uploadId, upload.file);
  await deps.blobs.put(raw, upload.bytes, XLSX);
  const checked = await readWorkbook(bloc, period, upload.bytes, upload.judgeLateness ? { receivedAt: upload.receivedAt } : {});
  const status = checked.errors.length ? 'rejected' : 'accepted';
  const report: SubmissionReport = { file: upload.file, unit: checked.unit, status, errors: checked.errors, warnings: checked.warnings };
  const problems = [...checked.errors, ...checked.warnings];
  const annotated = checked.readable && problems.length ? await annotateWorkbook(upload.bytes, problems) : undefined;
  const version: VersionRecord = {
    uploadId: upload.uploadId,
    unit: checked.unit,
    file: upload.file,
    receivedAt: upload.receivedAt.toISOString(),
    status,
    errors: checked.errors.length,
    warnings: checked.warnings.length,
    late: checked.warnings.some((w) => w.code === 'LATE'),
    contentHash: createHash('sha256').update(upload.bytes).digest('hex'),
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
