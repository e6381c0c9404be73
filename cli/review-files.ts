/**
 * Review workbooks among the files of `bloc run --in` (SPEC §10): told apart from submissions by the
 * label `Đơn vị thẩm định` of their `Thông tin` sheet, and ingested after every submission of the run
 * (files and sheets), so that REVIEW_VERSION_UNKNOWN and REVIEW_STALE see the versions just received.
 * Their upload ids end in `-r<index>`: after the run's submissions of the same receipt time, in the
 * order the files are taken (so of two workbooks of one reviewer, the one saved last is the newer).
 */
import { writeFile } from 'node:fs/promises';
import type { Bloc } from '#shared/model/bloc.js';
import type { Problem } from '#shared/model/problem.js';
import type { LedgerDeps } from '#shared/pipeline/decisions.js';
import { ingestReviewWorkbook, isReviewFile, sameReviewFile, type ReviewReport } from '#shared/pipeline/ingest-reviews.js';
import { timeSortableId } from '#shared/store/keys.js';
import type { ReviewVersionRecord } from '#shared/store/ledger-port.js';
import { jsonText } from '#shared/text/json-text.js';
import { printable } from '#shared/text/printable.js';
import { progress } from './progress.js';

/** A received file as `bloc run` lists them (run.ts's InputFile, not imported: run.ts imports this module). */
interface InputFile {
  name: string;
  read: () => Promise<Uint8Array>;
  receivedAt: Date;
  judgeLateness: boolean;
}

/** A review file, its bytes (read once to tell it apart) and its place among the files taken. */
export interface ReviewFile {
  name: string;
  bytes: Uint8Array;
  receivedAt: Date;
  index: number;
}

/** The report of a review file: `unchanged` when the same bytes were received before (nothing stored again). */
export type ReviewFolderReport = Omit<ReviewReport, 'status'> & { status: ReviewReport['status'] | 'unchanged' };

/** Splits the files into submissions and review workbooks, each kept in the order taken. A file that cannot be read is a submission's (its report says why). */
export const splitReviewFiles = async <F extends InputFile>(files: F[]): Promise<{ submissions: F[]; reviews: ReviewFile[] }> => {
  const submissions: F[] = [];
  const reviews: ReviewFile[] = [];
  for (const [index, f] of files.entries()) {
    const bytes = await f.read().catch(() => undefined);
    if (bytes && (await isReviewFile(bytes))) reviews.push({ name: f.name, bytes, receivedAt: f.receivedAt, index });
    else submissions.push(f);
  }
  return { submissions, reviews };
};

const SHOWN_ONCE = new Set<string>(['PUBLISHED_FROZEN']);

/** The earlier report of the same bytes, status `unchanged`: what it found about the file, not about that run. */
const unchangedReport = async (deps: LedgerDeps, file: string, earlier: ReviewVersionRecord): Promise<ReviewFolderReport> => {
  let found: Pick<ReviewReport, 'units' | 'errors' | 'warnings'> = { units: [], errors: [], warnings: [] };
  try {
    const r = JSON.parse(Buffer.from(await deps.blobs.get(earlier.reportKey)).toString('utf8')) as ReviewReport;
    found = { units: r.units ?? [], errors: r.errors ?? [], warnings: (r.warnings ?? []).filter((w) => !SHOWN_ONCE.has(w.code)) };
  } catch {
    // The earlier report is gone or unreadable: the status alone still says what happened.
  }
  return { file, reviewer: earlier.reviewer, status: 'unchanged', ...found };
};

const counts = (errors: Problem[], warnings: Problem[]) =>
  [errors.length && `${errors.length} lỗi`, warnings.length && `${warnings.length} cảnh báo`].filter(Boolean).join(', ');

const describe = (r: ReviewFolderReport): string => {
  const who = r.reviewer ? ` của ${printable(r.reviewer)}` : '';
  if (r.status === 'unchanged') return `tệp thẩm định${who} giống hệt một tệp đã nhận trước, không lưu lại`;
  const n = counts(r.errors, r.warnings);
  const what = r.status === 'accepted' ? `tiếp nhận thẩm định ${r.units.join(', ')}` : 'từ chối';
  const frozen = r.warnings.find((w) => w.code === 'PUBLISHED_FROZEN');
  return `tệp thẩm định${who}: ${what}${n ? ` (${n})` : ''}${frozen ? ` — ${frozen.code}: ${frozen.message}` : ''}`;
};

/**
 * Ingests the review files (after the submissions), writing `reports/<file>.json` and, for a readable
 * workbook with problems, `reports/<file>.annotated.xlsx`. A file whose bytes were received before is `unchanged`.
 */
export const ingestReviewFiles = async (
  deps: LedgerDeps,
  bloc: Bloc,
  period: string,
  files: ReviewFile[],
  reportBase: (name: string) => string,
  batch: string,
): Promise<ReviewFolderReport[]> => {
  const out: ReviewFolderReport[] = [];
  for (const [i, f] of files.entries()) {
    const base = reportBase(f.name);
    const earlier = await sameReviewFile(deps, bloc, period, f.bytes);
    let report: ReviewFolderReport;
    if (earlier) report = await unchangedReport(deps, f.name, earlier);
    else {
      const uploadId = timeSortableId(f.receivedAt, `${batch}-r${String(f.index).padStart(5, '0')}`);
      const outcome = await ingestReviewWorkbook(deps, bloc, period, { file: f.name, uploadId, receivedAt: f.receivedAt, bytes: f.bytes });
      if (outcome.duplicate) throw new Error(`review upload ${uploadId} was recorded before`);
      report = outcome.report;
      if (outcome.annotated) await writeFile(`${base}.annotated.xlsx`, outcome.annotated);
    }
    await writeFile(`${base}.json`, jsonText(report));
    progress(`[thẩm định ${i + 1}/${files.length}] ${printable(f.name)}: ${describe(report)}`);
    out.push(report);
  }
  return out;
};
