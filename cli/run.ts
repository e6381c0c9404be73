import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadPeriodBloc } from './period-config.js';
import { findPeriod, type Bloc } from '#shared/model/bloc.js';
import { startEmbedded, type Embedded } from '#shared/local/embedded.js';
import { ingest, type IngestDeps, type Ingested } from '#shared/pipeline/ingest.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { timeSortableId } from '#shared/store/keys.js';
import { EXIT, UsageError } from './errors.js';
import { ingestMailFiles } from './mail-intake.js';
import { ingestReviewFiles, splitReviewFiles } from './review-files.js';
import { progress, elapsed } from './progress.js';
import { jsonText } from '#shared/text/json-text.js';
import { fitName } from '#shared/text/file-name.js';
import { fromWallClock, localTime, vnDate, type WallClockParts } from '#shared/text/local-time.js';
import { printable } from '#shared/text/printable.js';
import type { SubmissionReport } from '#shared/pipeline/report.js';
import type { VersionRecord } from '#shared/store/ports.js';
import { problem, tooLarge, type Problem } from '#shared/model/problem.js';
import { LIMITS } from '#shared/numbers/limits.js';
import { FileTooLarge, listInbox, readBounded, skippedLine } from './inbox.js';
import { outputDir } from './out-path.js';
import { actorOf } from './actor.js';
import { noteConfiguration } from '#shared/pipeline/audit.js';
import { periodKey } from '#shared/pipeline/period-key.js';

export interface RunOptions {
  config: string;
  period: string;
  /** The folder of received files (optional when --sheets is given). */
  in?: string;
  /** sheets.json: the Google Sheets registered per period and unit, pulled too. */
  sheets?: string;
  out: string;
  receivedAt?: string;
  data?: string;
  /** Who records the audit entries (SPEC §10); default the OS user. */
  actor?: string;
}

const isWallClock = ([y, m, d, h, mi, sec]: WallClockParts): boolean => {
  const t = new Date(Date.UTC(y, m - 1, d, h, mi, sec));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === sec;
};

/** An ISO 8601 instant; without `Z` or an offset it is wall-clock time in the bloc's time zone. */
export const parseInstant = (text: string, timeZone: string): Date => {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text.trim());
  const parts = local?.slice(1).map((n) => Number(n ?? 0)) as WallClockParts | undefined;
  const at = parts ? (isWallClock(parts) ? fromWallClock(parts, timeZone) : new Date(NaN)) : new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime()))
    throw new UsageError(`--received-at "${text}" không phải thời điểm ISO 8601 (ví dụ 2025-11-21T08:00:00+07:00)`);
  return at;
};

/** Later than now by more than this, a receipt time is a typo (a clock a few minutes fast is not). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;

/**
 * A --received-at in the future, or before the period began, is a typo: such a run's files would
 * outrank (or be outranked by) every normal run's, so it is refused before anything is stored.
 */
export const checkReceivedAt = (at: Date, bloc: Bloc, period: string, now: Date = new Date()): void => {
  const tz = bloc.timezone;
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw new UsageError(
      `--received-at ${localTime(at, tz)} (${tz}) là thời điểm trong tương lai (bây giờ là ${localTime(now, tz)}): hãy kiểm tra lại ngày, tháng, năm. Các tệp nhận vào thời điểm sau sẽ được xếp sau mọi lần nộp bình thường.`,
    );
  const p = findPeriod(bloc, period);
  if (!p) return;
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  const from = fromWallClock([y, m, d, 0, 0, 0], tz);
  if (at.getTime() < from.getTime())
    throw new UsageError(
      `--received-at ${localTime(at, tz)} (${tz}) trước ngày bắt đầu của đợt ${period} (${vnDate(p.from)}): hãy kiểm tra lại ngày, tháng, năm`,
    );
};

/** A file to ingest, read only when its turn comes (`read` may throw FileTooLarge). */
export interface InputFile {
  name: string;
  read: () => Promise<Uint8Array>;
  receivedAt: Date;
  judgeLateness: boolean;
}

const NAME_MAX_BYTES = 255;

/**
 * `<input file name>` as SPEC §8 names the reports, unless the file system cannot hold the name with
 * its longest suffix: then its beginning and a hash of the whole name, so the run goes on.
 */
export const reportBaseName = (name: string): string => fitName(name, NAME_MAX_BYTES - Buffer.byteLength('.annotated.xlsx'));

/** The report of a folder's file: SPEC §8, where `unchanged` says that the same bytes were stored before. */
export type FolderReport = Omit<SubmissionReport, 'status'> & { status: SubmissionReport['status'] | 'unchanged' };

/** The report of a file that could not even be read from the folder (nothing is stored). */
const unreadable = (file: string, e: Error): FolderReport => {
  const MB = 1024 * 1024;
  const why =
    e instanceof FileTooLarge
      ? tooLarge(`${(e.size / MB).toFixed(1).replace('.', ',')} MB, tối đa ${LIMITS.fileBytes / MB} MB`)
      : problem('FILE_CORRUPT', null, `Không đọc được tệp từ thư mục (${(e as NodeJS.ErrnoException).code ?? e.message}).`);
  return { file, unit: null, status: 'rejected', errors: [why], warnings: [] };
};

/** Warnings about one run, not about the content: not repeated in the report of a later run's `unchanged` file. */
const RUN_WARNINGS = new Set<string>(['DUPLICATE_IN_BATCH', 'NOT_CURRENT']);

/** A file whose bytes were stored before: its earlier report's findings, status `unchanged`, nothing stored. */
const unchangedReport = async (deps: IngestDeps, file: string, earlier: VersionRecord): Promise<FolderReport> => {
  let found: { errors: Problem[]; warnings: Problem[] } = { errors: [], warnings: [] };
  try {
    const r = JSON.parse(Buffer.from(await deps.blobs.get(earlier.reportKey)).toString('utf8')) as SubmissionReport;
    found = { errors: r.errors ?? [], warnings: (r.warnings ?? []).filter((w) => !RUN_WARNINGS.has(w.code) && w.code !== 'PUBLISHED_FROZEN') };
  } catch {
    // The earlier report is gone or unreadable: the status alone still says what happened.
  }
  return { file, unit: earlier.unit, status: 'unchanged', ...found };
};

const counts = (r: FolderReport) =>
  [r.errors.length && `${r.errors.length} lỗi`, r.warnings.length && `${r.warnings.length} cảnh báo`].filter(Boolean).join(', ');

const describe = (r: FolderReport, tz: string, earlier?: VersionRecord): string => {
  const unit = r.unit ? ` (${r.unit})` : '';
  if (r.status === 'unchanged') {
    const at = new Date(earlier!.receivedAt);
    return `không thay đổi${unit}: giống hệt tệp "${printable(earlier!.file)}" đã nhận lúc ${localTime(at, tz)}, không lưu lại`;
  }
  const n = counts(r);
  const line = `${r.status === 'accepted' ? 'tiếp nhận' : r.status === 'late' ? 'nộp muộn, chờ trưởng khối quyết định' : 'từ chối'}${unit}${n ? `: ${n}` : ''}`;
  const notCounted = r.warnings.find((w) => RUN_WARNINGS.has(w.code) || w.code === 'PUBLISHED_FROZEN');
  return notCounted ? `${line} — KHÔNG TÍNH (${notCounted.code}): ${printable(notCounted.message)}` : line;
};

/**
 * Ingests the files, writing each report (and annotated copy) beside the outputs. `files` are in
 * the order they are taken (modification time, then name): upload ids are
 * `<receipt time>-<batch>-<index in that order>`, so of the accepted files of one unit the last
 * counts. They are ingested from the last to the first, so that when a file's turn comes the store
 * already holds any later file of its unit, and its report (stored, and counted in the summary's
 * log) can say that it does not count and which file does (DUPLICATE_IN_BATCH). A file whose bytes
 * equal a version stored before for the period is `unchanged`: nothing is stored again.
 */
export const ingestFolder = async (
  deps: IngestDeps,
  bloc: Bloc,
  period: string,
  files: InputFile[],
  outDir: string,
  batch = Date.now().toString(36),
): Promise<FolderReport[]> => {
  const reports = join(outDir, 'reports');
  await mkdir(reports, { recursive: true });
  const ids = files.map((f, i) => timeSortableId(f.receivedAt, `${batch}-${String(i).padStart(5, '0')}`));
  const thisRun = new Set(ids);
  const out: FolderReport[] = new Array(files.length);
  if (files.length > 1) progress(`Xét ${files.length} tệp từ tệp sửa đổi sau cùng trở về trước (tệp hợp lệ sau cùng của mỗi đơn vị được tính):`);
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i]!;
    const base = join(reports, reportBaseName(f.name));
    const where = `[${i + 1}/${files.length}] ${printable(f.name)}`;
    const bytes = await f.read().catch((e: Error) => e);
    if (bytes instanceof Error) {
      const report = unreadable(f.name, bytes);
      await writeFile(`${base}.json`, jsonText(report));
      progress(
        `${where}: ${bytes instanceof FileTooLarge ? `từ chối: ${report.errors[0]!.code}, ${report.errors[0]!.message}` : `không đọc được (${(bytes as NodeJS.ErrnoException).code ?? bytes.message})`}`,
      );
      out[i] = report;
      continue;
    }
    const outcome = await ingest(
      deps,
      bloc,
      period,
      { file: f.name, bytes, uploadId: ids[i]!, receivedAt: f.receivedAt, judgeLateness: f.judgeLateness },
      { history: { sameRun: (id) => thisRun.has(id) } },
    );
    if (outcome.duplicate && !outcome.sameContent) throw new Error(`upload ${ids[i]} was recorded before`);
    const report: FolderReport = outcome.duplicate ? await unchangedReport(deps, f.name, outcome.version) : (outcome as Ingested).report;
    await writeFile(`${base}.json`, jsonText(report));
    if (!outcome.duplicate && outcome.annotated) await writeFile(`${base}.annotated.xlsx`, outcome.annotated);
    progress(`${where}: ${describe(report, bloc.timezone, outcome.duplicate ? outcome.version : undefined)}`);
    out[i] = report;
  }
  return out;
};

/** Recomputes the period and writes summary.xlsx and rankings.json. */
export const writeResults = async (env: IngestDeps, bloc: Bloc, period: string, outDir: string) => {
  const outcome = await recompute(env, bloc, period, { now: new Date(), force: true });
  await writeFile(join(outDir, 'rankings.json'), jsonText(outcome.rankings));
  await writeFile(join(outDir, 'summary.xlsx'), outcome.summary!);
  return outcome;
};

export const withEmbedded = async <T>(data: string | undefined, work: (env: Embedded) => Promise<T>): Promise<T> => {
  const started = Date.now();
  progress(data ? `Khởi động DynamoDB Local và S3 cục bộ (dữ liệu giữ tại ${resolve(data)})…` : 'Khởi động DynamoDB Local và S3 cục bộ…');
  const env = await startEmbedded(data);
  progress(`Sẵn sàng sau ${elapsed(started)}.`);
  const onSignal = () => void env.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    return await work(env);
  } finally {
    process.off('SIGINT', onSignal);
    await env.stop();
  }
};

/** `bloc run`: ingest a folder (and the registered Google Sheets), rank, and write the summary, rankings and a report per input. */
export const run = async (o: RunOptions): Promise<number> => {
  const bloc = await loadPeriodBloc(o.config, o.period);
  if (!o.in && !o.sheets) throw new UsageError('cần --in <thư mục> hoặc --sheets <sheets.json> (hoặc cả hai)');
  const receivedAt = o.receivedAt ? parseInstant(o.receivedAt, bloc.timezone) : undefined;
  if (receivedAt) checkReceivedAt(receivedAt, bloc, o.period);
  const inbox = o.in ? await listInbox(o.in) : { files: [], skipped: [] };
  const sheets = o.sheets ? await (await import('./sheets.js')).planSheets(o.sheets, bloc, o.period) : undefined;
  await outputDir(o.out);
  for (const s of inbox.skipped) progress(skippedLine(s));
  return withEmbedded(o.data, async (embedded) => {
    const env = { ...embedded, actor: actorOf(o.actor) };
    await noteConfiguration(env.ledger, periodKey(bloc, o.period), bloc, env.actor, new Date());
    const started = Date.now();
    const at = receivedAt ?? new Date();
    const files: InputFile[] = inbox.files.map((f) => ({
      name: f.name,
      read: () => (f.size > LIMITS.fileBytes ? Promise.reject(new FileTooLarge(f.size)) : readBounded(f.path)),
      receivedAt: at,
      judgeLateness: !!receivedAt,
    }));
    const batch = Date.now().toString(36);
    // E-mails first (their attachments are submissions), then the folder's submissions, the
    // registered sheets, and last the review workbooks, which judge the versions just received.
    const { submissions, reviews } = await splitReviewFiles(await ingestMailFiles(env, bloc, o.period, files, o.out));
    await ingestFolder(env, bloc, o.period, submissions, o.out, batch);
    const pulled = sheets
      ? await (await import('./sheets.js')).pullFolderSheets(env, bloc, o.period, sheets, o.out, {
          batch,
          offset: files.length,
          ...(receivedAt && { receivedAt }),
        })
      : { errors: 0 };
    await ingestReviewFiles(env, bloc, o.period, reviews, (name) => join(o.out, 'reports', reportBaseName(name)), batch);
    await writeResults(env, bloc, o.period, o.out);
    progress(`Xong sau ${elapsed(started)}: ${resolve(o.out, 'summary.xlsx')}`);
    return pulled.errors ? EXIT.failed : EXIT.ok;
  });
};
