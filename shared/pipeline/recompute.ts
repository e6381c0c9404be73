import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import type { EffectiveReviews, ReviewRecord } from '../model/review.js';
import { effectiveReviews } from '../review/effective.js';
import type { Vote } from '../scoring/awards.js';
import { computePeriod, type PeriodInputs, type PeriodResult } from '../scoring/period.js';
import { toRankingsJson, type RankingsJson } from '../scoring/rankings-json.js';
import { decodeScores, decodeValues } from '../store/codec.js';
import { runInsight } from '../insight/period.js';
import { toSnapshotJson, type Snapshot } from '../insight/snapshot.js';
import { rankingsKey, snapshotKey, summaryKey, timeSortableId } from '../store/keys.js';
import {
  EMPTY_LEDGER,
  OPEN_HEAD,
  type AuditEntry,
  type DecisionRecord,
  type LedgerState,
  type PublicationRecord,
  type ReviewVersionRecord,
} from '../store/ledger-port.js';
import type { PeriodKey, PeriodState, RunRecord, VersionRecord } from '../store/ports.js';
import { buildSummary, type SubmissionLogEntry } from '../workbooks/summary/summary.js';
import type { PublishedMark } from '../workbooks/summary/audit-log.js';
import type { IngestDeps } from './ingest.js';
import { periodKey } from './period-key.js';
import { jsonText } from '../text/json-text.js';

export interface RecomputeOutcome {
  run: RunRecord;
  /** Nothing changed since the last run, or the period is published: nothing was written. */
  skipped: boolean;
  rankings?: RankingsJson;
  summary?: Uint8Array;
  result?: PeriodResult;
  /** The publication in force: its rankings and summary are the period's until it is reopened. */
  published?: PublicationRecord;
}

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

export { EMPTY_LEDGER, type LedgerState };

export const ledgerState = async (deps: IngestDeps, key: PeriodKey): Promise<LedgerState> => {
  const l = deps.ledger;
  if (!l) return EMPTY_LEDGER;
  const [reviewVersions, decisions, head, publications, log] = await Promise.all([
    l.reviewVersions(key),
    l.decisions(key),
    l.head(key),
    l.publications(key),
    l.log(key),
  ]);
  return { reviewVersions, decisions, head, publications, log };
};

/**
 * What a run's outputs depend on: the configuration, which versions are current or rejected, the
 * submission log the summary lists (every version's id, unit and status, so that a second rejected
 * upload, which changes no ranking, still gets into the summary's log), reviews, decisions and the
 * publication state.
 */
export const inputsHash = (bloc: Bloc, state: PeriodState, versions: readonly VersionRecord[], ledger: LedgerState = EMPTY_LEDGER): string => {
  const h = createHash('sha256')
    .update(json(bloc))
    .update(json(state.current.map((c) => [c.unit, c.uploadId]).sort()))
    .update(json([...state.rejected].sort()))
    .update(json(versions.map((v) => [v.uploadId, v.unit, v.status]).sort()));
  if (ledger.reviewVersions.length || ledger.decisions.length || ledger.head.publication)
    h.update(json([ledger.reviewVersions.map((r) => r.uploadId), ledger.decisions.map((d) => d.id), [ledger.head.state, ledger.head.publication]]));
  return h.digest('hex');
};

/** The review records of the accepted review versions, in order of receipt. */
export const reviewRecordsOf = (versions: readonly ReviewVersionRecord[]): ReviewRecord[] =>
  versions.filter((v) => v.status === 'accepted').flatMap((v) => v.reviews.map((r) => ({ ...r, entries: decodeValues(r.entries) })));

/** The votes in force: for each award and group, the latest vote recorded. */
export const votesOf = (bloc: Bloc, decisions: readonly DecisionRecord[]): Vote[] => {
  const latest = new Map<string, Vote>();
  for (const d of decisions)
    if (d.kind === 'vote')
      latest.set(JSON.stringify([d.award, groupOf(bloc, d.winners[0] ?? '')?.id ?? null]), { award: d.award, winners: d.winners, reason: d.reason });
  return [...latest.values()];
};

const members = (bloc: Bloc) => new Set(bloc.groups.flatMap((g) => g.members.map((m) => m.code)));

export const inputsOf = (bloc: Bloc, state: PeriodState, reviews: Map<string, EffectiveReviews> = new Map(), votes: Vote[] = []): PeriodInputs => {
  const known = members(bloc);
  const current = state.current.filter((c) => known.has(c.unit));
  return {
    accepted: new Map(current.map((c) => [c.unit, { values: decodeValues(c.values), ...(reviews.get(c.unit) && { reviews: reviews.get(c.unit)! }) }])),
    rejected: new Set(state.rejected.filter((u) => known.has(u))),
    ...(votes.length && { votes }),
  };
};

/** The submission log, each unit's versions numbered 1, 2, … in order of receipt; a held late file the lead accepted shows as accepted. */
export const submissionLog = (
  versions: VersionRecord[],
  acceptedLate: ReadonlySet<string> = new Set(),
  /** Upload ids in force; an accepted version not among them is marked as not counting. */
  current?: ReadonlySet<string>,
): SubmissionLogEntry[] => {
  const counts = new Map<string | null, number>();
  return [...versions]
    .sort((a, b) => (a.uploadId < b.uploadId ? -1 : 1))
    .map((v) => {
      const version = (counts.get(v.unit) ?? 0) + 1;
      counts.set(v.unit, version);
      const status = v.status === 'late' && acceptedLate.has(v.uploadId) ? 'accepted' : v.status;
      const superseded = status === 'accepted' && !!current && !!v.unit && !current.has(v.uploadId);
      return {
        unit: v.unit,
        version,
        file: v.file,
        receivedAt: v.receivedAt,
        status,
        errors: v.errors,
        warnings: v.warnings,
        late: v.late,
        ...(superseded && { superseded }),
      };
    });
};

/** Everything a run ranks, in one read where the store allows it (DynamoDB: one Query of the partition). */
const readPeriod = async (deps: IngestDeps, key: PeriodKey) => {
  const { state, versions, latestRun, ledger } = await deps.store.contents(key);
  return { state, versions, latestRun, ledger: !deps.ledger ? EMPTY_LEDGER : (ledger ?? (await ledgerState(deps, key))) };
};

const configHashes = new WeakMap<Bloc, string>();
/** The configuration's part of the inputs, as the head remembers it. */
export const configHash = (bloc: Bloc): string => {
  let h = configHashes.get(bloc);
  if (!h) configHashes.set(bloc, (h = createHash('sha256').update(json(bloc)).digest('hex')));
  return h;
};

export interface Computed {
  hash: string;
  runId: string;
  snapshot: Snapshot;
  result: PeriodResult;
  rankings: RankingsJson;
  summary: Uint8Array;
}

/** Scores the period as it stands (current versions, reviews in force, votes) and builds rankings and summary. */
export const computeOutputs = async (
  deps: IngestDeps,
  bloc: Bloc,
  period: string,
  now: Date,
  opts: {
    published?: PublishedMark;
    extraLog?: AuditEntry[];
    previousRun?: RunRecord;
    read?: { state: PeriodState; versions: VersionRecord[]; ledger: LedgerState };
    /** The inputs hash of `read`, when the caller has it. */
    hash?: string;
  } = {},
): Promise<Computed> => {
  const key = periodKey(bloc, period);
  const read = opts.read ?? (await readPeriod(deps, key));
  const { state, ledger, versions } = read;
  const hash = opts.hash ?? inputsHash(bloc, state, versions, ledger);
  const runId = timeSortableId(now, hash.slice(0, 12));
  const reviews = effectiveReviews(bloc, period, reviewRecordsOf(ledger.reviewVersions));
  const result = computePeriod(bloc, period, inputsOf(bloc, state, reviews, votesOf(bloc, ledger.decisions)));
  const rankings = toRankingsJson(result);
  const submissions = new Map(
    state.current.map((c) => [
      c.unit,
      { values: decodeValues(c.values), selfScores: decodeScores(c.selfScores), ...(reviews.get(c.unit) && { reviews: reviews.get(c.unit)! }) },
    ]),
  );
  const { snapshot, ...insight } = await runInsight(deps, bloc, {
    period,
    result,
    state,
    versions,
    meta: { runId, generatedAt: now.toISOString() },
    reviews,
    decisions: ledger.decisions,
    ...(opts.previousRun && { previousRun: opts.previousRun }),
  });
  const acceptedLate = new Set(ledger.decisions.flatMap((d) => (d.kind === 'accept-late' ? [d.uploadId] : [])));
  const summary = await buildSummary({
    result,
    submissions,
    log: submissionLog(versions, acceptedLate, new Set(state.current.map((c) => c.uploadId))),
    generatedAt: now,
    insight,
    ...(deps.ledger && { audit: [...ledger.log, ...(opts.extraLog ?? [])] }),
    ...(opts.published && { published: opts.published }),
  });
  return { hash, runId, snapshot, result, rankings, summary };
};

const readJson = async <T>(deps: IngestDeps, key: string): Promise<T> => JSON.parse(Buffer.from(await deps.blobs.get(key)).toString('utf8')) as T;

/**
 * A bloc period's current submissions, reviews and votes → scores → rankings → summary, kept under
 * a new run id. A published period (SPEC §10) is not recomputed: the publication in force stands,
 * and its rankings and summary are returned.
 */
export const recompute = async (deps: IngestDeps, bloc: Bloc, period: string, opts: { now: Date; force?: boolean }): Promise<RecomputeOutcome> => {
  const key = periodKey(bloc, period);
  const periodHead = await deps.store.head(key);
  const head = deps.ledger ? periodHead.publication : OPEN_HEAD;
  if (head.state === 'published') {
    const pub = (await deps.ledger!.publications(key)).find((p) => p.n === head.publication);
    if (!pub) throw new Error(`publication ${head.publication} of ${bloc.id}/${bloc.year}/${period} is missing`);
    const run: RunRecord = {
      runId: pub.runId,
      generatedAt: pub.publishedAt,
      inputsHash: pub.inputsHash,
      rankingsKey: pub.rankingsKey,
      summaryKey: pub.summaryKey,
    };
    return { run, skipped: true, published: pub, rankings: await readJson<RankingsJson>(deps, pub.rankingsKey), summary: await deps.blobs.get(pub.summaryKey) };
  }
  // Seen before reading: a change counted after this is a change the next run must see.
  const seen = { changes: periodHead.changes, configHash: configHash(bloc) };
  const claimed = periodHead.run;
  if (!opts.force && claimed?.changes === seen.changes && claimed.configHash === seen.configHash) return { run: claimed.run, skipped: true };
  const { state, versions, ledger, latestRun: latest } = await readPeriod(deps, key);
  const inputs = inputsHash(bloc, state, versions, ledger);
  if (!opts.force && latest?.inputsHash === inputs) {
    await deps.store.confirmRun(key, { ...seen, run: latest });
    return { run: latest, skipped: true };
  }
  const { hash, runId, snapshot, result, rankings, summary } = await computeOutputs(deps, bloc, period, opts.now, {
    read: { state, versions, ledger },
    hash: inputs,
    ...(latest && { previousRun: latest }),
  });
  const run: RunRecord = {
    runId,
    generatedAt: opts.now.toISOString(),
    inputsHash: hash,
    rankingsKey: rankingsKey(key, runId),
    summaryKey: summaryKey(key, runId),
    snapshotKey: snapshotKey(key, runId),
  };
  await deps.blobs.put(run.snapshotKey!, jsonText(toSnapshotJson(snapshot)), 'application/json');
  await deps.blobs.put(run.rankingsKey, jsonText(rankings), 'application/json');
  await deps.blobs.put(run.summaryKey, summary, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await deps.store.putRun(key, run, seen);
  return { run, skipped: false, rankings, summary, result };
};
