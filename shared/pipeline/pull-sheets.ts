/**
 * The registered Google Sheets of a bloc period → pulled → ingested like uploads (ingest.ts), unless
 * the content is the same as the latest version taken from that sheet for that unit (its hash is
 * stored as the version's `contentHash`; one Query of the period's versions, never a Scan).
 *
 * A pull that fails (not shared, not found, quota, network: SHEET_* codes) is reported and changes
 * nothing: it records no version, so the unit's accepted version stands and the unit is not marked
 * rejected — it is not the unit's content at fault, and the next pull may well succeed. One unit's
 * failure never stops the others.
 */
import type { Bloc } from '../model/bloc.js';
import type { SheetRegistration } from '../config/sheets.js';
import type { SheetsReader } from '../source/sheets-api.js';
import type { SheetFailure } from '../source/sheets-errors.js';
import { snapshotGrid } from '../source/sheets-grid.js';
import { contentHash, snapshotBytes, type SheetSnapshot } from '../source/sheets-snapshot.js';
import { timeSortableId } from '../store/keys.js';
import type { VersionRecord } from '../store/ports.js';
import { problem } from '../model/problem.js';
import { ingestSource, type IngestDeps, type Ingested, type SubmissionSource } from './ingest.js';
import { periodKey } from './period-key.js';
import type { PullFailureReport } from './report.js';

/** The name a pulled sheet goes by in reports and the submission log. */
export const sheetFileName = (unit: string): string => `${unit}.gsheet`;

export const sheetSource = (snapshot: SheetSnapshot, file: string): SubmissionSource => ({
  raw: { name: `${file}.json`, bytes: snapshotBytes(snapshot), contentType: 'application/json' },
  contentHash: contentHash(snapshot),
  origin: {
    kind: 'google-sheet',
    spreadsheetId: snapshot.spreadsheetId,
    url: snapshot.url,
    sheetIds: Object.fromEntries(snapshot.sheets.map((s) => [s.title.normalize('NFC'), s.sheetId])),
  },
  readGrid: async () => snapshotGrid(snapshot),
});

export type SheetPull =
  | { kind: 'ingested'; registration: SheetRegistration; outcome: Ingested }
  | { kind: 'unchanged'; registration: SheetRegistration; version: VersionRecord }
  | { kind: 'failed'; registration: SheetRegistration; failure: SheetFailure; report: PullFailureReport }
  /** A defect or a store failure while ingesting what was pulled (not the sheet's fault). */
  | { kind: 'error'; registration: SheetRegistration; error: unknown };

export interface PullDeps extends IngestDeps {
  sheets: SheetsReader;
}

export interface PullOptions {
  now?: () => Date;
  /** The receipt time to record (the command line's --received-at); default: when the sheet was read. */
  receivedAt?: Date;
  judgeLateness: boolean;
  /** Default: time-sortable from the receipt time, the unit and the content hash. */
  uploadId?: (r: SheetRegistration, index: number, receivedAt: Date, hash: string) => string;
  /** Sheets pulled at once (default 4: the API's per-minute read quota is shared). */
  concurrency?: number;
}

/** A sheet registered for a unit: the version's file name carries the registered unit, whatever unit the sheet names. */
const sheetKey = (file: string, spreadsheetId: string) => `${file}\n${spreadsheetId}`;

/** The latest version taken from each (registered unit, sheet). */
const latestFromSheets = (versions: VersionRecord[]): Map<string, VersionRecord> => {
  const latest = new Map<string, VersionRecord>();
  for (const v of versions) {
    if (!v.source) continue;
    const k = sheetKey(v.file, v.source.spreadsheetId);
    const seen = latest.get(k);
    if (!seen || seen.uploadId < v.uploadId) latest.set(k, v);
  }
  return latest;
};

export const failureReport = (r: SheetRegistration, failure: SheetFailure): PullFailureReport => ({
  file: sheetFileName(r.unit),
  unit: r.unit,
  status: 'failed',
  errors: [problem(failure.code, null, failure.message)],
  warnings: [],
  source: { kind: 'google-sheet', spreadsheetId: r.spreadsheetId, url: r.url },
});

/** Pulls every registration (of `period`), at most `concurrency` at a time; results in registration order. */
export const pullSheets = async (deps: PullDeps, bloc: Bloc, period: string, registrations: SheetRegistration[], opts: PullOptions): Promise<SheetPull[]> => {
  const mine = registrations.filter((r) => r.period === period);
  if (!mine.length) return [];
  const key = periodKey(bloc, period);
  const latest = latestFromSheets(await deps.store.versions(key));
  const now = opts.now ?? (() => new Date());

  const one = async (r: SheetRegistration, index: number): Promise<SheetPull> => {
    const read = await deps.sheets.pull(r.spreadsheetId, r.url);
    if (!read.ok) return { kind: 'failed', registration: r, failure: read.failure, report: failureReport(r, read.failure) };
    const file = sheetFileName(r.unit);
    const source = sheetSource(read.snapshot, file);
    const before = latest.get(sheetKey(file, r.spreadsheetId));
    if (before?.contentHash === source.contentHash) return { kind: 'unchanged', registration: r, version: before };
    const receivedAt = opts.receivedAt ?? now();
    const uploadId = opts.uploadId?.(r, index, receivedAt, source.contentHash) ?? timeSortableId(receivedAt, `gs-${r.unit}-${source.contentHash.slice(0, 12)}`);
    const outcome = await ingestSource(
      deps,
      bloc,
      period,
      { file, uploadId, receivedAt, judgeLateness: opts.judgeLateness, sender: r.unit },
      async () => source,
    );
    // An id recorded before is this very content ingested by an earlier attempt.
    if (outcome.duplicate) return { kind: 'unchanged', registration: r, version: outcome.version };
    return { kind: 'ingested', registration: r, outcome };
  };

  const results: SheetPull[] = new Array(mine.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < mine.length; i = next++) {
      const r = mine[i]!;
      try {
        results[i] = await one(r, i);
      } catch (error) {
        results[i] = { kind: 'error', registration: r, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, mine.length) }, worker));
  return results;
};
