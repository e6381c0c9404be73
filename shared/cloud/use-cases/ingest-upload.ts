import { findPeriod, memberOf, type Bloc } from '../../model/bloc.js';
import { tooLarge, type Problem } from '../../model/problem.js';
import { ingestSource, xlsxSource, type IngestDeps, type IngestOutcome, type Receipt } from '../../pipeline/ingest.js';
import { BUDGET_EXPIRED, budget, fence } from '../budget.js';
import { MAX_UPLOAD_BYTES } from '../limits.js';
import type { Logger } from '../log.js';
import type { BlocCatalog, RecomputeQueue, UploadReader } from '../ports.js';
import { parseUploadKey, uploadIdOf, type UploadedObject } from '../uploads.js';

export interface IngestUploadDeps extends IngestDeps {
  uploads: UploadReader;
  catalog: BlocCatalog;
  queue: RecomputeQueue;
  now?: () => Date;
}

export interface IngestUploadOptions {
  /**
   * Time this upload may take (ms). Past it, the attempt is abandoned (its ports refuse further
   * writes) and the upload is recorded as rejected with FILE_TOO_LARGE: it never takes the
   * invocation, or another upload, down with it. Unlimited when unset.
   */
  budgetMs?: number;
  /** The delivery's receive count: from GIVE_UP_AFTER_ATTEMPTS + 1 on, the file is recorded as rejected without being read again. */
  attempt?: number;
}

/**
 * Deliveries of one upload that may fail before it is given up: a file that crashed or stalled the
 * function twice (out of memory, a hard timeout: nothing could be recorded) is not parsed a third
 * time but recorded as rejected, its report telling the member why (SQS's DLQ comes after 5).
 */
export const GIVE_UP_AFTER_ATTEMPTS = 2;

export type IngestUploadResult =
  | { kind: 'ignored'; reason: string }
  | { kind: 'duplicate'; uploadId: string; status: 'accepted' | 'rejected' }
  | { kind: 'ingested'; uploadId: string; outcome: IngestOutcome };

/**
 * One uploaded object version → validated, recorded, made current when accepted and newest; then a
 * recompute of its bloc period is requested. Idempotent on bucket + key + version: a redelivery finds
 * the version recorded and changes nothing (it only asks again for a recompute, which is skipped
 * when nothing changed). Throws on a transient failure so that the message is retried.
 */
/** Records an upload as rejected for `problem` without reading its content (raw copy kept when there are bytes). */
const recordUnprocessable = (d: IngestDeps, bloc: Bloc, period: string, r: Receipt, bytes: Uint8Array, p: Problem): Promise<IngestOutcome> =>
  ingestSource(d, bloc, period, r, async () => ({ ...xlsxSource(r.file, bytes), readGrid: async () => ({ ok: false, problem: p }), annotate: undefined }));

export const ingestUpload = async (d: IngestUploadDeps, o: UploadedObject, log: Logger, opts: IngestUploadOptions = {}): Promise<IngestUploadResult> => {
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

  const receipt: Receipt = { file: where.file, uploadId, receivedAt: o.eventTime, judgeLateness: true, sender: where.unit };
  // One byte past the limit is enough for validation to say FILE_TOO_LARGE.
  const read = (u: UploadReader) => u.read(o, MAX_UPLOAD_BYTES);
  const attempt = opts.attempt ?? 1;
  let outcome: IngestOutcome;
  if (attempt > GIVE_UP_AFTER_ATTEMPTS) {
    rlog.error('upload failed every earlier attempt: recorded as rejected without reading it again', { attempt });
    const why = `không xử lý được trong giới hạn thời gian và bộ nhớ sau ${GIVE_UP_AFTER_ATTEMPTS} lần thử`;
    outcome = await recordUnprocessable(d, bloc, where.period, receipt, await read(d.uploads), tooLarge(why));
  } else if (opts.budgetMs === undefined) {
    outcome = await ingestSource(d, bloc, where.period, receipt, async () => xlsxSource(where.file, await read(d.uploads)));
  } else {
    const b = budget(opts.budgetMs);
    let bytes: Uint8Array | undefined;
    const fenced = { store: fence(d.store, b.signal), blobs: fence(d.blobs, b.signal) };
    const work = ingestSource(fenced, bloc, where.period, receipt, async () => xlsxSource(where.file, (bytes = await read(fence(d.uploads, b.signal)))));
    const settled = await b.within(work);
    if (settled === BUDGET_EXPIRED) {
      rlog.error('upload exceeded its time budget: abandoned and recorded as rejected', { budgetMs: opts.budgetMs, bytesRead: bytes?.length ?? null });
      const why = `không đọc xong trong ${Math.round(opts.budgetMs / 1000)} giây cho phép`;
      outcome = await recordUnprocessable(d, bloc, where.period, receipt, bytes ?? new Uint8Array(), tooLarge(why));
    } else outcome = settled;
  }
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
