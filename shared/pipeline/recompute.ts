import { createHash } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
import { computePeriod, type PeriodInputs, type PeriodResult } from '../scoring/period.js';
import { toRankingsJson, type RankingsJson } from '../scoring/rankings-json.js';
import { decodeScores, decodeValues } from '../store/codec.js';
import { rankingsKey, summaryKey, timeSortableId } from '../store/keys.js';
import type { PeriodState, RunRecord, VersionRecord } from '../store/ports.js';
import { buildSummary, type SubmissionLogEntry } from '../workbooks/summary/summary.js';
import type { IngestDeps } from './ingest.js';
import { periodKey } from './period-key.js';
import { jsonText } from '../text/json-text.js';

export interface RecomputeOutcome {
  run: RunRecord;
  /** Nothing changed since the last run: the previous run stands and nothing was written. */
  skipped: boolean;
  rankings?: RankingsJson;
  summary?: Uint8Array;
  result?: PeriodResult;
}

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * What a run's outputs depend on: the configuration, which versions are current or rejected, and
 * the submission log the summary lists (every version's id, unit and status), so that a second
 * rejected upload, which changes no ranking, still gets into the summary's log.
 */
export const inputsHash = (bloc: Bloc, state: PeriodState, versions: VersionRecord[]): string =>
  createHash('sha256')
    .update(json(bloc))
    .update(json(state.current.map((c) => [c.unit, c.uploadId]).sort()))
    .update(json([...state.rejected].sort()))
    .update(json(versions.map((v) => [v.uploadId, v.unit, v.status]).sort()))
    .digest('hex');

const members = (bloc: Bloc) => new Set(bloc.groups.flatMap((g) => g.members.map((m) => m.code)));

const inputsOf = (bloc: Bloc, state: PeriodState): PeriodInputs => {
  const known = members(bloc);
  const current = state.current.filter((c) => known.has(c.unit));
  return {
    accepted: new Map(current.map((c) => [c.unit, { values: decodeValues(c.values) }])),
    rejected: new Set(state.rejected.filter((u) => known.has(u))),
  };
};

/** The submission log, each unit's versions numbered 1, 2, … in order of receipt. */
export const submissionLog = (versions: VersionRecord[]): SubmissionLogEntry[] => {
  const counts = new Map<string | null, number>();
  return [...versions]
    .sort((a, b) => (a.uploadId < b.uploadId ? -1 : 1))
    .map((v) => {
      const version = (counts.get(v.unit) ?? 0) + 1;
      counts.set(v.unit, version);
      return { unit: v.unit, version, file: v.file, receivedAt: v.receivedAt, status: v.status, errors: v.errors, warnings: v.warnings, late: v.late };
    });
};

/** A bloc period's current submissions → scores → rankings → summary, kept under a new run id. */
export const recompute = async (
  deps: IngestDeps,
  bloc: Bloc,
  period: string,
  opts: { now: Date; force?: boolean },
): Promise<RecomputeOutcome> => {
  const key = periodKey(bloc, period);
  const [state, versions] = await Promise.all([deps.store.state(key), deps.store.versions(key)]);
  const hash = inputsHash(bloc, state, versions);
  const latest = opts.force ? undefined : await deps.store.latestRun(key);
  if (latest?.inputsHash === hash) return { run: latest, skipped: true };
  const inputs = inputsOf(bloc, state);
  const result = computePeriod(bloc, period, inputs);
  const rankings = toRankingsJson(result);
  const submissions = new Map(
    state.current.map((c) => [c.unit, { values: decodeValues(c.values), selfScores: decodeScores(c.selfScores) }]),
  );
  const summary = await buildSummary({ result, submissions, log: submissionLog(versions), generatedAt: opts.now });
  const runId = timeSortableId(opts.now, hash.slice(0, 12));
  const run: RunRecord = {
    runId,
    generatedAt: opts.now.toISOString(),
    inputsHash: hash,
    rankingsKey: rankingsKey(key, runId),
    summaryKey: summaryKey(key, runId),
  };
  await deps.blobs.put(run.rankingsKey, jsonText(rankings), 'application/json');
  await deps.blobs.put(run.summaryKey, summary, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await deps.store.putRun(key, run);
  return { run, skipped: false, rankings, summary, result };
};
