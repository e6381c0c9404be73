import { findPeriod, memberOf } from '../../model/bloc.js';
import { ingest, type IngestDeps, type IngestOutcome } from '../../pipeline/ingest.js';
import { MAX_UPLOAD_BYTES } from '../limits.js';
import type { Logger } from '../log.js';
import type { BlocCatalog, RecomputeQueue, UploadReader } from '../ports.js';
import { parseUploadKey, uploadIdOf, type UploadedObject } from '../uploads.js';
import type { VersionRecord } from '../../store/ports.js';

export interface IngestUploadDeps extends IngestDeps {
  uploads: UploadReader;
  catalog: BlocCatalog;
  queue: RecomputeQueue;
  now?: () => Date;
}

export type IngestUploadResult =
  | { kind: 'ignored'; reason: string }
  | { kind: 'duplicate'; uploadId: string; status: VersionRecord['status'] }
  | { kind: 'ingested'; uploadId: string; outcome: IngestOutcome };

/**
 * One uploaded object version → validated, recorded, made current when accepted and newest; then a
 * recompute of its bloc period is requested. Idempotent on bucket + key + version: a redelivery finds
 * the version recorded and changes nothing (it only asks again for a recompute, which is skipped
 * when nothing changed). Throws on a transient failure so that the message is retried.
 */
export const ingestUpload = async (d: IngestUploadDeps, o: UploadedObject, log: Logger): Promise<IngestUploadResult> => {
  const where = parseUploadKey(o.key);
  if (!where) {
    log.warn('object outside the uploads/<bloc>/<year>/<period>/<unit>/<file> layout: ignored', { key: o.key });
    return { kind: 'ignored', reason: 'layout' };
  }
  const bloc = await d.catalog.load(where.bloc);
  const problem =
    bloc.year !== where.year ? `năm ${where.year} không phải năm ${bloc.year} của khối`
    : !findPeriod(bloc, where.period) ? `đợt "${where.period}" không có trong cấu hình khối`
    : !memberOf(bloc, where.unit) ? `"${where.unit}" không phải đơn vị thành viên`
    : undefined;
  if (problem) {
    log.warn('upload key does not match the bloc configuration: ignored', { key: o.key, problem });
    return { kind: 'ignored', reason: problem };
  }
  const uploadId = uploadIdOf(o);
  const rlog = log.with({ bloc: bloc.id, period: where.period, unit: where.unit, uploadId });
  const request = () => d.queue.send([{ bloc: bloc.id, period: where.period, reason: 'upload', uploadId, at: (d.now?.() ?? new Date()).toISOString() }]);

  const outcome = await ingest(d, bloc, where.period, {
    file: where.file,
    // One byte past the limit is enough for validation to say FILE_TOO_LARGE.
    bytes: () => d.uploads.read(o, MAX_UPLOAD_BYTES),
    uploadId,
    receivedAt: o.eventTime,
    judgeLateness: true,
    sender: where.unit,
  });
  if (outcome.duplicate) {
    rlog.info('duplicate delivery: version already recorded, nothing changed', { status: outcome.version.status });
    // The first delivery may have stopped before asking for a recompute; asking again is cheap (skipped when unchanged).
    if (outcome.version.unit) await request();
    return { kind: 'duplicate', uploadId, status: outcome.version.status };
  }
  const mismatch = outcome.report.errors.find((e) => e.code === 'UNIT_MISMATCH');
  if (mismatch) rlog.warn('workbook names another unit than its upload prefix: rejected', { problem: mismatch.message });
  rlog.info('submission ingested', {
    file: where.file,
    bytes: outcome.version.size,
    status: outcome.report.status,
    current: outcome.current,
    errors: outcome.report.errors.length,
    warnings: outcome.report.warnings.length,
  });
  // A version with a unit changes the period's state (a new current version, or a unit now "rejected").
  if (outcome.version.unit) await request();
  return { kind: 'ingested', uploadId, outcome };
};
