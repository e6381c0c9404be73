import { createHash } from 'node:crypto';
import { findPeriod, groupOf, latePolicyOf, type Bloc } from '../model/bloc.js';
import { formatHundredths } from '../numbers/rational.js';
import { scoreMember } from '../scoring/score.js';
import { encodeScores, encodeValues } from '../store/codec.js';
import { annotatedKey, rawKey, reportKey } from '../store/keys.js';
import type { BlobStore, SubmissionStore, VersionRecord } from '../store/ports.js';
import type { PeriodLedger } from '../store/ledger-port.js';
import { publishedFrozen, versionEntry } from './audit.js';
import { problem, type Problem } from '../model/problem.js';
import type { GridRead } from '../grid/read.js';
import { checkContainer } from '../source/container.js';
import { readXlsxGrid } from '../source/xlsx-grid.js';
import { validateGridRead, type WorkbookValidated } from '../validation/validate-read.js';
import { annotateWorkbook } from '../workbooks/annotated/annotate.js';
import { carriedTemplate, carriesOver } from '../workbooks/template/carry-over.js';
import { periodKey } from './period-key.js';
import type { ReportSource, SubmissionReport } from './report.js';
import { jsonText } from '../text/json-text.js';
import { localTime } from '../text/local-time.js';

export interface IngestDeps {
  store: SubmissionStore;
  blobs: BlobStore;
  /** When given, every version recorded gets its audit entry (SPEC §10). */
  ledger?: PeriodLedger;
  /** Who records (the OS user locally, the credential's holder in the cloud); else the sender, else `hệ thống`. */
  actor?: string;
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
  /**
   * Nothing was changed: the upload id had been ingested before, or (`sameContent`, only with
   * `IngestOptions.history`) the same bytes were recorded before as `version`, under another upload
   * id. The earlier report is at `version.reportKey`.
   */
  | { duplicate: true; version: VersionRecord; sameContent?: true };

export interface IngestOptions {
  /**
   * Read the period's versions before recording (one Query: where this runs in Lambda its role
   * needs dynamodb:Query). Then a file whose bytes equal a version recorded for the unit in the
   * period (any unit when there is no `sender`) is not recorded again, and an accepted version that
   * a later accepted one of its unit keeps from being current says which, in a warning:
   * DUPLICATE_IN_BATCH when `sameRun` says that later one belongs to the same run, else NOT_CURRENT.
   * A pulled sheet is compared with its own sheet's latest version by pull-sheets.ts instead.
   */
  history?: { sameRun?: (uploadId: string) => boolean };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An uploaded `.xlsx` file as a source. */
export const xlsxSource = (file: string, bytes: Uint8Array): SubmissionSource => ({
  raw: { name: file, bytes, contentType: XLSX },
  contentHash: createHash('sha256').update(bytes).digest('hex'),
  readGrid: () => readXlsxGrid(bytes),
  annotate: (problems) => annotateWorkbook(bytes, checkContainer(bytes), problems),
});

/** The latest of some versions (upload ids sort in order of receipt). */
const latest = (versions: VersionRecord[]): VersionRecord | undefined =>
  versions.reduce<VersionRecord | undefined>((a, v) => (!a || a.uploadId < v.uploadId ? v : a), undefined);

/**
 * Why a valid version of `unit` does not become current: the latest accepted version of the unit
 * received after it, which is the one in force (every accepted version is offered to `promote`).
 */
export const notCurrentWarning = (
  bloc: Bloc,
  unit: string,
  uploadId: string,
  versions: VersionRecord[],
  sameRun?: (uploadId: string) => boolean,
): Problem | undefined => {
  const inForce = latest(versions.filter((v) => v.unit === unit && v.status === 'accepted' && v.uploadId > uploadId));
  if (!inForce) return undefined;
  if (sameRun?.(inForce.uploadId))
    return problem(
      'DUPLICATE_IN_BATCH',
      null,
      `Lần chạy này có nhiều tệp của đơn vị ${unit}: tệp "${inForce.file}" được tính thay cho tệp này (tệp được tính là tệp hợp lệ sửa đổi sau cùng).`,
    );
  const at = new Date(inForce.receivedAt);
  const when = Number.isNaN(at.getTime()) ? inForce.receivedAt : `${localTime(at, bloc.timezone)} (${bloc.timezone})`;
  return problem(
    'NOT_CURRENT',
    null,
    `Phiên bản này hợp lệ nhưng không được tính: phiên bản đang có hiệu lực của đơn vị ${unit} là tệp "${inForce.file}", nhận lúc ${when}, sau phiên bản này.`,
  );
};

/** The LATE warning of a file held by latePolicy "hold": it does not count until the lead accepts it. */
const heldLate = (w: Problem, uploadId: string): Problem =>
  problem(
    'LATE',
    w.cell,
    `${w.message} Theo quy định của đợt, tệp nộp muộn được lưu nhưng chưa được tính cho đến khi trưởng khối quyết định tiếp nhận (bloc decide --accept-late ${uploadId}).`,
  );

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
 * The annotated copy: the member's own workbook with its problems marked, or, for a file made from
 * an older version of the rubric (TEMPLATE_OUTDATED), a fresh template with the values it holds
 * carried over (workbooks/template/carry-over.ts). Should the carry-over fail, the marked copy.
 */
const annotatedCopy = async (
  bloc: Bloc,
  period: string,
  read: GridRead,
  checked: WorkbookValidated,
  marked: () => Promise<Uint8Array>,
): Promise<Uint8Array> => {
  if (!read.ok || !checked.unit || !carriesOver(checked.errors)) return marked();
  try {
    return await carriedTemplate(bloc, period, checked.unit, read.grid);
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', message: 'carry-over failed', error: String((e as Error)?.stack ?? e) }));
    return marked();
  }
};

/**
 * Raw content kept → read, validated → report (and annotated copy) kept → the version recorded, and
 * made current when accepted and newest. A rejected submission changes nothing else.
 */
const record = async (
  deps: IngestDeps,
  bloc: Bloc,
  period: string,
  r: Receipt,
  src: SubmissionSource,
  history?: { versions: VersionRecord[]; sameRun?: (uploadId: string) => boolean },
): Promise<Ingested> => {
  const key = periodKey(bloc, period);
  const raw = rawKey(key, r.uploadId, src.raw.name);
  await deps.blobs.put(raw, src.raw.bytes, src.raw.contentType);
  const read = await src.readGrid();
  const validated = fromSender(validateGridRead(bloc, period, read, r.judgeLateness ? { receivedAt: r.receivedAt } : {}), r.sender, !!src.origin);
  const late = validated.warnings.some((w) => w.code === 'LATE');
  const hold = late && !validated.errors.length && latePolicyOf(findPeriod(bloc, period)!) === 'hold';
  const status = validated.errors.length ? 'rejected' : hold ? 'late' : 'accepted';
  const later =
    history && status === 'accepted' && validated.unit ? notCurrentWarning(bloc, validated.unit, r.uploadId, history.versions, history.sameRun) : undefined;
  const withLater = later ? { ...validated, warnings: [...validated.warnings, later] } : validated;
  // SPEC §10 latePolicy "hold": the report says the file waits for the lead.
  const checked = hold ? { ...withLater, warnings: withLater.warnings.map((w) => (w.code === 'LATE' ? heldLate(w, r.uploadId) : w)) } : withLater;
  const frozen = await publishedFrozen(deps.ledger, key, 'Tệp này');
  const warnings = frozen ? [...checked.warnings, frozen] : checked.warnings;
  const report: SubmissionReport = {
    file: r.file,
    unit: checked.unit,
    status,
    errors: checked.errors,
    warnings,
    ...(src.origin && { source: src.origin }),
  };
  // The annotated copy marks the workbook's own problems: a published period is no fault of the file.
  const problems = [...checked.errors, ...checked.warnings];
  const annotated =
    src.annotate && checked.readable && problems.length ? await annotatedCopy(bloc, period, read, checked, () => src.annotate!(problems)) : undefined;
  const version: VersionRecord = {
    uploadId: r.uploadId,
    unit: checked.unit,
    file: r.file,
    receivedAt: r.receivedAt.toISOString(),
    status,
    errors: checked.errors.length,
    warnings: warnings.length,
    late,
    contentHash: src.contentHash,
    size: src.raw.bytes.byteLength,
    rawKey: raw,
    reportKey: reportKey(key, r.uploadId),
    ...(annotated && { annotatedKey: annotatedKey(key, r.uploadId) }),
    ...(status !== 'rejected' && { values: encodeValues(checked.values), selfScores: encodeScores(checked.selfScores) }),
    ...(status !== 'rejected' && checked.evidence && { evidence: checked.evidence, cells: checked.cells ?? {} }),
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
  } else if (status === 'rejected' && checked.unit) await deps.store.markRejected(key, checked.unit);
  await deps.store.putVersion(key, version);
  await deps.ledger?.append(key, versionEntry(version, deps.actor ?? r.sender ?? 'hệ thống', !!frozen));
  return { report, ...(annotated && { annotated }), version, current, duplicate: false };
};

/** A submission from any source; an upload id recorded before changes nothing. */
export const ingestSource = async (
  deps: IngestDeps,
  bloc: Bloc,
  period: string,
  r: Receipt,
  source: () => Promise<SubmissionSource>,
  opts: IngestOptions = {},
): Promise<IngestOutcome> => {
  const key = periodKey(bloc, period);
  const seen = await deps.store.getVersion(key, r.uploadId);
  if (seen) return { duplicate: true, version: seen };
  const src = await source();
  if (!opts.history) return record(deps, bloc, period, r, src);
  const versions = await deps.store.versions(key);
  const same = src.origin ? undefined : latest(versions.filter((v) => !v.source && v.contentHash === src.contentHash && (!r.sender || v.unit === r.sender)));
  if (same) return { duplicate: true, version: same, sameContent: true };
  return record(deps, bloc, period, r, src, { versions, ...(opts.history.sameRun && { sameRun: opts.history.sameRun }) });
};

/** An uploaded file: raw bytes kept, checked, read, validated, recorded. */
export const ingest = (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload, opts: IngestOptions = {}): Promise<IngestOutcome> => {
  const { bytes, ...receipt } = upload;
  return ingestSource(deps, bloc, period, receipt, async () => xlsxSource(upload.file, typeof bytes === 'function' ? await bytes() : bytes), opts);
};

export type Ingested = Extract<IngestOutcome, { duplicate: false }>;

/** For callers whose upload ids are new by construction (the command line): a duplicate is a defect. */
export const ingestNew = async (deps: IngestDeps, bloc: Bloc, period: string, upload: Upload): Promise<Ingested> => {
  const outcome = await ingest(deps, bloc, period, upload);
  if (outcome.duplicate) throw new Error(`upload ${upload.uploadId} was recorded before`);
  return outcome;
};
