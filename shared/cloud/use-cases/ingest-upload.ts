import { findPeriod, memberOf, type Bloc } from '../../model/bloc.js';
import { tooLarge, type Problem } from '../../model/problem.js';
import { ingestSource, xlsxSource, type IngestDeps, type IngestOutcome, type Receipt, type SubmissionSource } from '../../pipeline/ingest.js';
import { isReviewFile } from '../../pipeline/ingest-reviews.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { Credential, CredentialStore } from '../../store/credential-port.js';
import { refusedReportKey } from '../../store/keys.js';
import { jsonText } from '../../text/json-text.js';
import { BUDGET_EXPIRED, budget, fence } from '../budget.js';
import { MAX_UPLOAD_BYTES } from '../limits.js';
import type { Logger } from '../log.js';
import type { BlocCatalog, RecomputeQueue, UploadBody, UploadReader } from '../ports.js';
import { CREDENTIAL_METADATA, parseUploadKey, uploadIdOf, type UploadedObject, type UploadKey } from '../uploads.js';
import type { VersionRecord } from '../../store/ports.js';
import { actorOf } from './access.js';
import { ingestReviewUpload, reviewByMember, type ReviewUploadOutcome } from './ingest-review-upload.js';

export interface IngestUploadDeps extends IngestDeps {
  uploads: UploadReader;
  catalog: BlocCatalog;
  queue: RecomputeQueue;
  credentials: Pick<CredentialStore, 'find'>;
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
  | { kind: 'duplicate'; uploadId: string; status: VersionRecord['status'] }
  | { kind: 'ingested'; uploadId: string; outcome: IngestOutcome }
  | { kind: 'review'; uploadId: string; outcome: ReviewUploadOutcome }
  | { kind: 'refused'; uploadId: string; report: RefusedUploadReport };

/**
 * An upload made with a link whose credential was revoked (at any time before the upload is
 * processed), had expired when the upload arrived, is unknown, or speaks for another unit: not the
 * member's submission, so no version is recorded and the member's earlier versions stand. Its
 * report is kept under reports/…/refused/<uploadId>.json for the lead.
 */
export interface RefusedUploadReport {
  file: string;
  unit: string;
  status: 'refused';
  reason: 'CREDENTIAL_REVOKED' | 'CREDENTIAL_EXPIRED' | 'CREDENTIAL_UNKNOWN' | 'CREDENTIAL_UNIT';
  credential: string;
  receivedAt: string;
  message: string;
}

class UploadRefused extends Error {
  constructor(readonly report: RefusedUploadReport) {
    super(report.message);
  }
}

/** Thrown by the submission's source when the upload is a review: nothing of a submission has been written. */
class ReviewRoute extends Error {
  constructor(
    readonly bytes: Uint8Array,
    readonly issuer: Credential | undefined,
  ) {
    super('review upload');
  }
}

/** Whether an upload is read as a review: a reviewer's always; a lead's or an administrator's when it is a review workbook. */
const isReview = async (bytes: Uint8Array, issuer: Credential | undefined): Promise<boolean> =>
  issuer?.role === 'reviewer' || (issuer?.role !== 'member' && (await isReviewFile(bytes)));

/**
 * The credential that issued the upload link (its id is the object's `x-amz-meta-credential`, which
 * the link's policy requires) must still be valid. An object without it did not come through a link:
 * only an IAM principal of the account can put one (an administrator), and it is trusted.
 */
const checkIssuer = async (d: IngestUploadDeps, bloc: Bloc, where: UploadKey, body: UploadBody, receivedAt: Date): Promise<Credential | undefined> => {
  const id = body.metadata[CREDENTIAL_METADATA];
  if (id === undefined) return undefined;
  const c = await d.credentials.find(bloc.id, id);
  const refuse = (reason: RefusedUploadReport['reason'], why: string) => {
    throw new UploadRefused({
      file: where.file,
      unit: where.unit,
      status: 'refused',
      reason,
      credential: id,
      receivedAt: receivedAt.toISOString(),
      message: `Tệp không được tiếp nhận: ${why}. Hãy đề nghị trưởng khối cấp thông tin xác thực mới rồi tải lên lại.`,
    });
  };
  if (!c) return refuse('CREDENTIAL_UNKNOWN', `liên kết tải lên được cấp bằng thông tin xác thực "${id}" không tồn tại trong khối`);
  if (c.revokedAt) return refuse('CREDENTIAL_REVOKED', `thông tin xác thực đã cấp liên kết tải lên đã bị thu hồi lúc ${c.revokedAt}`);
  if (c.expiresAt && Date.parse(c.expiresAt) <= receivedAt.getTime())
    return refuse('CREDENTIAL_EXPIRED', `thông tin xác thực đã cấp liên kết tải lên đã hết hạn lúc ${c.expiresAt}`);
  if (c.unit !== where.unit) return refuse('CREDENTIAL_UNIT', `thông tin xác thực của đơn vị "${c.unit}" không được nộp cho đơn vị "${where.unit}"`);
  return c;
};

/**
 * One uploaded object version → validated, recorded, made current when accepted and newest; then a
 * recompute of its bloc period is requested. Idempotent on bucket + key + version: a redelivery finds
 * the version recorded and changes nothing (it only asks again for a recompute, which is skipped
 * when nothing changed). Throws on a transient failure so that the message is retried.
 */
/** Records an upload as rejected for `problem` without reading its content (raw copy kept when there are bytes). */
const recordUnprocessable = (d: IngestDeps, bloc: Bloc, period: string, r: Receipt, bytes: Uint8Array, p: Problem): Promise<IngestOutcome> =>
  ingestSource(d, bloc, period, r, async () => unreadable(r.file, bytes, p));

/** A file kept as received but rejected for `p` without reading it. */
const unreadable = (file: string, bytes: Uint8Array, p: Problem): SubmissionSource => ({
  ...xlsxSource(file, bytes),
  readGrid: async () => ({ ok: false, problem: p }),
  annotate: undefined,
});

/** A review upload: recorded as the reviewer's (or lead's) review, then a recompute of the period is requested. */
const reviewUpload = async (
  d: IngestUploadDeps,
  bloc: Bloc,
  where: UploadKey,
  r: { uploadId: string; receivedAt: Date; bytes: Uint8Array; issuer: Credential | undefined },
  log: Logger,
  request: () => Promise<void>,
): Promise<IngestUploadResult> => {
  if (!d.ledger) throw new Error('ingest deployment has no ledger: a review upload cannot be recorded');
  const outcome = await ingestReviewUpload({ ...d, ledger: d.ledger }, bloc, where, { ...r, ...(r.issuer && { issuer: r.issuer }) });
  const rep = outcome.report;
  log.info(outcome.duplicate ? 'duplicate delivery of a review: nothing changed' : 'review ingested', {
    file: where.file,
    reviewer: rep.reviewer,
    status: rep.status,
    units: rep.units,
    errors: rep.errors.length,
    warnings: rep.warnings.length,
  });
  if (rep.status === 'accepted') await request();
  return { kind: 'review', uploadId: r.uploadId, outcome };
};

export const ingestUpload = async (d: IngestUploadDeps, o: UploadedObject, log: Logger, opts: IngestUploadOptions = {}): Promise<IngestUploadResult> => {
  const where = parseUploadKey(o.key);
  if (!where) {
    log.warn('object outside the uploads/<bloc>/<year>/<period>/<unit>/<file> layout: ignored', { key: o.key });
    return { kind: 'ignored', reason: 'layout' };
  }
  const bloc = await d.catalog.load(where.bloc);
  const problem =
    bloc.year !== where.year
      ? `năm ${where.year} không phải năm ${bloc.year} của khối`
      : !findPeriod(bloc, where.period)
        ? `đợt "${where.period}" không có trong cấu hình khối`
        : !memberOf(bloc, where.unit)
          ? `"${where.unit}" không phải đơn vị thành viên`
          : undefined;
  if (problem) {
    log.warn('upload key does not match the bloc configuration: ignored', { key: o.key, problem });
    return { kind: 'ignored', reason: problem };
  }
  const uploadId = uploadIdOf(o);
  const rlog = log.with({ bloc: bloc.id, period: where.period, unit: where.unit, uploadId });
  const request = () => d.queue.send([{ bloc: bloc.id, period: where.period, reason: 'upload', uploadId, at: (d.now?.() ?? new Date()).toISOString() }]);

  const receipt: Receipt = { file: where.file, uploadId, receivedAt: o.eventTime, judgeLateness: true, sender: where.unit };
  // Versions and audit entries name the credential's holder; set once the object (and its credential) is read.
  const deps: IngestDeps = { ...d };
  // One byte past the limit is enough for validation to say FILE_TOO_LARGE. The link's credential is checked once the object is read.
  const read = async (u: UploadReader, keep?: (body: UploadBody) => void): Promise<{ bytes: Uint8Array; issuer: Credential | undefined }> => {
    const body = await u.read(o, MAX_UPLOAD_BYTES);
    keep?.(body);
    const issuer = await checkIssuer(d, bloc, where, body, o.eventTime);
    if (issuer) deps.actor = actorOf(issuer);
    return { bytes: body.bytes, issuer };
  };
  /** The submission's source, unless the upload is a review (ReviewRoute) or a member's review workbook (refused as its submission). */
  const source = async (u: UploadReader, keep?: (body: UploadBody) => void): Promise<SubmissionSource> => {
    const { bytes, issuer } = await read(u, keep);
    if (await isReview(bytes, issuer)) throw new ReviewRoute(bytes, issuer);
    if (issuer?.role === 'member' && (await isReviewFile(bytes))) return unreadable(where.file, bytes, reviewByMember(where.unit));
    return xlsxSource(where.file, bytes);
  };
  const attempt = opts.attempt ?? 1;
  let outcome: IngestOutcome;
  try {
    if (attempt > GIVE_UP_AFTER_ATTEMPTS) {
      rlog.error('upload failed every earlier attempt: recorded as rejected without reading it again', { attempt });
      const why = `không xử lý được trong giới hạn thời gian và bộ nhớ sau ${GIVE_UP_AFTER_ATTEMPTS} lần thử`;
      const { bytes, issuer } = await read(d.uploads);
      if (issuer?.role === 'reviewer') throw new ReviewRoute(bytes, issuer);
      outcome = await recordUnprocessable(deps, bloc, where.period, receipt, bytes, tooLarge(why));
    } else if (opts.budgetMs === undefined) {
      outcome = await ingestSource(deps, bloc, where.period, receipt, () => source(d.uploads));
    } else {
      const b = budget(opts.budgetMs);
      let body: UploadBody | undefined;
      const fenced: IngestDeps = {
        store: fence(d.store, b.signal),
        blobs: fence(d.blobs, b.signal),
        ...(d.ledger && { ledger: fence(d.ledger, b.signal) }),
        get actor() {
          return deps.actor;
        },
      };
      const work = ingestSource(fenced, bloc, where.period, receipt, () => source(fence(d.uploads, b.signal), (x) => (body = x)));
      const settled = await b.within(work);
      if (settled === BUDGET_EXPIRED) {
        rlog.error('upload exceeded its time budget: abandoned and recorded as rejected', { budgetMs: opts.budgetMs, bytesRead: body?.bytes.length ?? null });
        if (body) await checkIssuer(d, bloc, where, body, o.eventTime);
        const why = `không đọc xong trong ${Math.round(opts.budgetMs / 1000)} giây cho phép`;
        outcome = await recordUnprocessable(deps, bloc, where.period, receipt, body?.bytes ?? new Uint8Array(), tooLarge(why));
      } else outcome = settled;
    }
  } catch (error) {
    if (error instanceof ReviewRoute)
      return reviewUpload(d, bloc, where, { uploadId, receivedAt: o.eventTime, bytes: error.bytes, issuer: error.issuer }, rlog, request);
    if (!(error instanceof UploadRefused)) throw error;
    await d.blobs.put(refusedReportKey(periodKey(bloc, where.period), uploadId), jsonText(error.report), 'application/json');
    rlog.warn('upload refused: the credential of its upload link is no longer valid', { reason: error.report.reason, credential: error.report.credential });
    return { kind: 'refused', uploadId, report: error.report };
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
