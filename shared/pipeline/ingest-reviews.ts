/**
 * A received review (SPEC §10) → kept under raw/, read and checked by the pure reader
 * (shared/review/read.ts), its report kept, the review version recorded with the records that stand,
 * and one audit entry per reviewer and unit with the old and new value of each criterion.
 * Sources: REVIEWS.json (shared/review/reviews-json.ts) and the review workbook
 * (shared/review/review-workbook.ts), both parsed into the same RawReviews.
 */
import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import { allCriteria } from '../model/rubric.js';
import { isWarning, type Problem } from '../model/problem.js';
import type { ReviewRecord } from '../model/review.js';
import type { Entry } from '../model/submission.js';
import { REVIEW_INFO_SHEET } from '../model/review-layout.js';
import type { GridRead } from '../grid/read.js';
import { effectiveReviews } from '../review/effective.js';
import { readReviews, type RawReview } from '../review/read.js';
import { isReviewWorkbook, parseReviewWorkbook } from '../review/review-workbook.js';
import { parseJsonReviews } from '../review/reviews-json.js';
import { checkContainer } from '../source/container.js';
import { readXlsxGrid } from '../source/xlsx-grid.js';
import { decodeValues, encodeRational, encodeValues } from '../store/codec.js';
import { annotatedKey, rawKey, reportKey } from '../store/keys.js';
import type { ReviewChange, ReviewVersionRecord } from '../store/ledger-port.js';
import { jsonText } from '../text/json-text.js';
import { matchKey } from '../text/match.js';
import { annotateWorkbook } from '../workbooks/annotated/annotate.js';
import { FROZEN_NOTE, publishedFrozen } from './audit.js';
import type { LedgerDeps } from './decisions.js';
import { periodKey } from './period-key.js';
import { ledgerState, reviewRecordsOf } from './recompute.js';

export interface ReviewReport {
  file: string;
  reviewer: string | null;
  status: 'accepted' | 'rejected';
  /** The units whose review stands. */
  units: string[];
  errors: Problem[];
  warnings: Problem[];
}

/** An entry as the log shows it: points `3.5`, a rate `7 / 10`, a value `7`; nothing: `(trống)`. */
export const entryText = (e: Entry | undefined): string => {
  if (!e) return '(trống)';
  if (e.points) return encodeRational(e.points);
  if (e.achieved && e.base) return `${encodeRational(e.achieved)} / ${encodeRational(e.base)}`;
  return e.achieved ? encodeRational(e.achieved) : '(trống)';
};

/** Reads, checks and records reviews already parsed from their source; `raws[].at` should be the upload id. */
export const ingestRawReviews = async (
  deps: LedgerDeps,
  bloc: Bloc,
  period: string,
  receipt: {
    file: string;
    uploadId: string;
    receivedAt: Date;
    raw: { bytes: Uint8Array; contentType: string };
    /** The reviewer the file names (a review workbook's `Đơn vị thẩm định`), even when none of its reviews stands. */
    reviewer?: string | null;
  },
  raws: RawReview[],
  parseProblems: Problem[] = [],
): Promise<{ report: ReviewReport; version: ReviewVersionRecord; duplicate: boolean }> => {
  const key = periodKey(bloc, period);
  const [state, versions, ledger] = await Promise.all([deps.store.state(key), deps.store.versions(key), ledgerState(deps, key)]);
  const current = new Map(state.current.map((c) => [c.unit, c]));
  const read = readReviews(bloc, period, raws, {
    selfValues: (unit, version) => {
      const reviewed = version === undefined ? undefined : versions.find((v) => v.uploadId === version && v.unit === unit && v.values);
      const values = reviewed?.values ?? current.get(unit)?.values;
      return values && decodeValues(values);
    },
    versions: (unit) => ({
      known: versions.filter((v) => v.unit === unit).map((v) => v.uploadId),
      current: current.get(unit)?.uploadId ?? null,
    }),
  });
  const frozen = await publishedFrozen(deps.ledger, key, 'Kết quả thẩm định này');
  const problems = [...parseProblems, ...read.problems, ...(frozen ? [frozen] : [])];
  const records = read.records;
  const reviewers = [...new Set(raws.map((r) => r.reviewer))];
  const status = records.length ? 'accepted' : 'rejected';
  const report: ReviewReport = {
    file: receipt.file,
    reviewer: receipt.reviewer !== undefined ? receipt.reviewer : reviewers.length === 1 ? reviewers[0]! : null,
    status,
    units: records.map((r) => r.unit),
    errors: problems.filter((p) => !isWarning(p)),
    warnings: problems.filter(isWarning),
  };
  const version: ReviewVersionRecord = {
    uploadId: receipt.uploadId,
    reviewer: report.reviewer,
    file: receipt.file,
    receivedAt: receipt.receivedAt.toISOString(),
    status,
    errors: report.errors.length,
    warnings: report.warnings.length,
    rawKey: rawKey(key, receipt.uploadId, receipt.file),
    reportKey: reportKey(key, receipt.uploadId),
    reviews: records.map((r) => ({ ...r, entries: encodeValues(r.entries) })),
  };
  await deps.blobs.put(version.rawKey, receipt.raw.bytes, receipt.raw.contentType);
  await deps.blobs.put(version.reportKey, jsonText(report), 'application/json');
  // Old values: the reviews in force before this version, else the unit's own entries.
  const before = effectiveReviews(bloc, period, reviewRecordsOf(ledger.reviewVersions));
  if (!(await deps.ledger.putReviewVersion(key, version))) return { report, version, duplicate: true };
  const actor = deps.actor ?? report.reviewer ?? 'hệ thống';
  const counts = [version.errors && `${version.errors} lỗi`, version.warnings && `${version.warnings} cảnh báo`].filter(Boolean).join(', ');
  await deps.ledger.append(key, {
    id: receipt.uploadId,
    at: version.receivedAt,
    actor,
    action: 'version',
    text: `Nhận tệp thẩm định "${receipt.file}"${report.reviewer ? ` của ${report.reviewer}` : ''} (phiên bản ${receipt.uploadId}): ${status === 'accepted' ? `tiếp nhận thẩm định ${report.units.join(', ')}` : 'từ chối'}${counts ? ` (${counts})` : ''}.${frozen ? FROZEN_NOTE : ''}`,
    uploadId: receipt.uploadId,
    file: receipt.file,
    status,
    ...(report.reviewer && { reviewer: report.reviewer }),
  });
  let i = 0;
  for (const r of records) {
    const changes = reviewChanges(bloc, r, before.get(r.unit) ?? {}, current.get(r.unit) ? decodeValues(current.get(r.unit)!.values) : {});
    await deps.ledger.append(key, {
      id: `${receipt.uploadId}-r${String(i++).padStart(3, '0')}`,
      at: version.receivedAt,
      actor,
      action: 'review',
      text: `${r.reviewer} thẩm định ${r.unit}${r.version ? ` (phiên bản ${r.version})` : ''}: ${changes.length ? `${changes.length} tiêu chí thay đổi` : 'đồng ý toàn bộ'}.`,
      unit: r.unit,
      reviewer: r.reviewer,
      uploadId: receipt.uploadId,
      changes,
    });
  }
  return { report, version, duplicate: false };
};

/** Per criterion of the record, in rubric order: the value in force before it and the value it gives. */
const reviewChanges = (bloc: Bloc, r: ReviewRecord, before: Record<string, Entry & { reason?: string }>, self: Record<string, Entry>): ReviewChange[] => {
  const rubric = groupOf(bloc, r.unit)!.rubric;
  return allCriteria(rubric)
    .filter((c) => Object.hasOwn(r.entries, c.code))
    .map((c) => ({
      unit: r.unit,
      criterion: c.code,
      old: entryText(before[c.code] ?? self[c.code]),
      new: entryText(r.entries[c.code]),
      reason: r.reasons[c.code] ?? '',
    }))
    .filter((ch) => ch.old !== ch.new);
};

/** REVIEWS.json as received: the shape of `bloc rank --reviews`. */
export const ingestJsonReviews = async (
  deps: LedgerDeps,
  bloc: Bloc,
  period: string,
  receipt: { file: string; uploadId: string; receivedAt: Date; bytes: Uint8Array },
) => {
  let doc: unknown;
  let bad: Problem[] = [];
  try {
    doc = JSON.parse(
      Buffer.from(receipt.bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch (e) {
    doc = undefined;
    bad = [{ code: 'INPUT_INVALID', cell: null, message: `Tệp thẩm định không phải JSON hợp lệ (${(e as Error).message}).` }];
  }
  const parsed = doc === undefined ? { reviews: [], problems: [] } : parseJsonReviews(bloc, doc, receipt.uploadId);
  return ingestRawReviews(deps, bloc, period, { ...receipt, raw: { bytes: receipt.bytes, contentType: 'application/json' } }, parsed.reviews, [
    ...bad,
    ...parsed.problems,
  ]);
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The latest review version whose raw file has these bytes, if any (review versions are few: their raw files are compared). */
export const sameReviewFile = async (deps: LedgerDeps, bloc: Bloc, period: string, bytes: Uint8Array): Promise<ReviewVersionRecord | undefined> => {
  const versions = await deps.ledger.reviewVersions(periodKey(bloc, period));
  const hash = sha256(bytes);
  for (const v of [...versions].reverse()) {
    const raw = await deps.blobs.get(v.rawKey).catch(() => undefined);
    if (raw && raw.byteLength === bytes.byteLength && sha256(raw) === hash) return v;
  }
  return undefined;
};

export interface ReviewWorkbookOutcome {
  report: ReviewReport;
  version: ReviewVersionRecord;
  duplicate: boolean;
  /** The reviewer's workbook with its problems marked, when it is readable and has any. */
  annotated?: Uint8Array;
}

/**
 * A review workbook as received (SPEC §10; a workbook whose `Thông tin` holds `Đơn vị thẩm định`):
 * read with the bounded reader (or `read`, when the caller has read it already), parsed, then judged
 * and recorded by ingestRawReviews; a readable workbook with problems also gets an annotated copy.
 */
export const ingestReviewWorkbook = async (
  deps: LedgerDeps,
  bloc: Bloc,
  period: string,
  receipt: { file: string; uploadId: string; receivedAt: Date; bytes: Uint8Array },
  read?: GridRead,
): Promise<ReviewWorkbookOutcome> => {
  const { bytes, ...rest } = receipt;
  const grid = read ?? (await readXlsxGrid(bytes));
  const parsed = grid.ok ? parseReviewWorkbook(bloc, period, grid.grid, receipt.uploadId) : { reviewer: null, reviews: [], problems: [grid.problem] };
  const out = await ingestRawReviews(
    deps,
    bloc,
    period,
    { ...rest, raw: { bytes, contentType: XLSX }, reviewer: parsed.reviewer },
    parsed.reviews,
    parsed.problems,
  );
  // The annotated copy marks the workbook's own problems: a published period is no fault of the file.
  const own = [...out.report.errors, ...out.report.warnings].filter((p) => p.code !== 'PUBLISHED_FROZEN');
  if (!grid.ok || !own.length || out.duplicate) return out;
  const annotated = await annotateWorkbook(bytes, checkContainer(bytes), own);
  await deps.blobs.put(annotatedKey(periodKey(bloc, period), receipt.uploadId), annotated, XLSX);
  return { ...out, annotated };
};

/** Whether the bytes are a review workbook: its `Thông tin` sheet alone is read (a file that is not a workbook is not). */
export const isReviewFile = async (bytes: Uint8Array): Promise<boolean> => {
  const read = await readXlsxGrid(bytes, { sheets: (name) => matchKey(name) === matchKey(REVIEW_INFO_SHEET) });
  return read.ok && isReviewWorkbook(read.grid);
};
