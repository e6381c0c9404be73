import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { startEmbedded, type Embedded } from '#shared/local/embedded.js';
import { ingestNew, type Ingested } from '#shared/pipeline/ingest.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { timeSortableId } from '#shared/store/keys.js';
import { EXIT, UsageError, printConfigWarnings } from './errors.js';
import { ingestMailFiles } from './mail-intake.js';
import { progress, elapsed } from './progress.js';
import { requirePeriod } from './rank.js';
import { jsonText } from '#shared/text/json-text.js';
import { fitName } from '#shared/text/file-name.js';
import { fromWallClock, type WallClockParts } from '#shared/text/local-time.js';
import type { SubmissionReport } from '#shared/pipeline/report.js';
import { problem } from '#shared/model/problem.js';

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

/** Every regular file of the folder, in name order. */
export const inputFiles = async (dir: string): Promise<string[]> => {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`--in "${dir}" không phải thư mục`);
  const entries = await readdir(dir, { withFileTypes: true });
  // A link to a file is a file received; a link to a folder, like a folder, is not.
  const isFile = async (d: (typeof entries)[number]) =>
    d.isFile() || (d.isSymbolicLink() && ((await stat(join(dir, d.name)).catch(() => null))?.isFile() ?? true));
  const names = (await Promise.all(entries.map(async (d) => ((await isFile(d)) ? d.name : null)))).filter((n): n is string => n !== null);
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
};

/** A file to ingest, read only when its turn comes. */
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

/** The report of a file that could not even be read from the folder. */
const unreadable = (file: string, e: NodeJS.ErrnoException): SubmissionReport => ({
  file,
  unit: null,
  status: 'rejected',
  errors: [problem('FILE_CORRUPT', null, `Không đọc được tệp từ thư mục (${e.code ?? e.message}).`)],
  warnings: [],
});

const describe = (o: Ingested): string => {
  const r = o.report;
  const counts = [r.errors.length && `${r.errors.length} lỗi`, r.warnings.length && `${r.warnings.length} cảnh báo`].filter(Boolean).join(', ');
  return `${r.status === 'accepted' ? 'tiếp nhận' : 'từ chối'}${r.unit ? ` (${r.unit})` : ''}${counts ? `: ${counts}` : ''}`;
};

/**
 * Ingests the files one by one, in order, writing each report (and annotated copy) beside the
 * outputs. Upload ids are `<receipt time>-<batch>-<index>`.
 */
export const ingestFolder = async (env: Embedded, bloc: Bloc, period: string, files: InputFile[], outDir: string, batch = Date.now().toString(36)) => {
  const reports = join(outDir, 'reports');
  await mkdir(reports, { recursive: true });
  for (const [i, f] of files.entries()) {
    const base = join(reports, reportBaseName(f.name));
    const bytes = await f.read().catch((e: NodeJS.ErrnoException) => e);
    if (bytes instanceof Error) {
      await writeFile(`${base}.json`, jsonText(unreadable(f.name, bytes)));
      progress(`[${i + 1}/${files.length}] ${f.name}: không đọc được (${bytes.code ?? bytes.message})`);
      continue;
    }
    const uploadId = timeSortableId(f.receivedAt, `${batch}-${String(i).padStart(5, '0')}`);
    const outcome = await ingestNew(env, bloc, period, { file: f.name, bytes, uploadId, receivedAt: f.receivedAt, judgeLateness: f.judgeLateness });
    await writeFile(`${base}.json`, jsonText(outcome.report));
    if (outcome.annotated) await writeFile(`${base}.annotated.xlsx`, outcome.annotated);
    progress(`[${i + 1}/${files.length}] ${f.name}: ${describe(outcome)}`);
  }
};

/** Recomputes the period and writes summary.xlsx and rankings.json. */
export const writeResults = async (env: Embedded, bloc: Bloc, period: string, outDir: string) => {
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
  const { bloc, warnings } = await loadBloc(o.config);
  printConfigWarnings(warnings);
  requirePeriod(bloc, o.period);
  if (!o.in && !o.sheets) throw new UsageError('cần --in <thư mục> hoặc --sheets <sheets.json> (hoặc cả hai)');
  const receivedAt = o.receivedAt ? parseInstant(o.receivedAt, bloc.timezone) : undefined;
  const names = o.in ? await inputFiles(o.in) : [];
  const sheets = o.sheets ? await (await import('./sheets.js')).planSheets(o.sheets, bloc, o.period) : undefined;
  await mkdir(o.out, { recursive: true });
  return withEmbedded(o.data, async (env) => {
    const started = Date.now();
    const files = names.map((name) => ({
      name,
      read: () => readFile(join(o.in!, name)),
      receivedAt: receivedAt ?? new Date(),
      judgeLateness: !!receivedAt,
    }));
    const batch = Date.now().toString(36);
    await ingestFolder(env, bloc, o.period, await ingestMailFiles(env, bloc, o.period, files, o.out), o.out, batch);
    const pulled = sheets
      ? await (await import('./sheets.js')).pullFolderSheets(env, bloc, o.period, sheets, o.out, { batch, offset: files.length, ...(receivedAt && { receivedAt }) })
      : { errors: 0 };
    await writeResults(env, bloc, o.period, o.out);
    progress(`Xong sau ${elapsed(started)}: ${resolve(o.out, 'summary.xlsx')}`);
    return pulled.errors ? EXIT.failed : EXIT.ok;
  });
};
