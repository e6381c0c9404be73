/**
 * The insight of a bloc period from what the store holds: the snapshot of a run, the flags of every
 * group, the run to compare with. Pure over store records (ports' types only); the callers read the
 * store (shared/pipeline/recompute.ts, cli/explain.ts, cli/flags.ts).
 */
import { createHash } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
import type { Reviews, Values } from '../model/submission.js';
import type { Rational } from '../numbers/rational.js';
import { computePeriod, type PeriodInputs, type PeriodResult } from '../scoring/period.js';
import type { RankingsJson } from '../scoring/rankings-json.js';
import { decodeScores, decodeValues } from '../store/codec.js';
import type { BlobStore, PeriodState, RunRecord, SubmissionStore, VersionRecord } from '../store/ports.js';
import { explain, type Explanation } from './explain.js';
import { groupFlags, type Flag, type FlagUnit } from './flags.js';
import { fromSnapshotJson, snapshotFromRankings, snapshotOf, type Snapshot, type SnapshotJson } from './snapshot.js';

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** The configuration's hash: the compiled bloc with its rubrics. */
export const configHash = (bloc: Bloc): string => createHash('sha256').update(json(bloc)).digest('hex');

/** The period before `period` in the bloc's order (H1 before Y), if any. */
export const previousPeriodId = (bloc: Bloc, period: string): string | undefined => {
  const i = bloc.periods.findIndex((p) => p.id === period);
  return i > 0 ? bloc.periods[i - 1]!.id : undefined;
};

const members = (bloc: Bloc) => new Set(bloc.groups.flatMap((g) => g.members.map((m) => m.code)));

/** Scoring inputs of a stored state (as recompute reads them). */
export const inputsOfState = (bloc: Bloc, state: PeriodState): PeriodInputs => {
  const known = members(bloc);
  const current = state.current.filter((c) => known.has(c.unit));
  return {
    accepted: new Map(current.map((c) => [c.unit, { values: decodeValues(c.values) }])),
    rejected: new Set(state.rejected.filter((u) => known.has(u))),
  };
};

export const resultOfState = (bloc: Bloc, period: string, state: PeriodState): PeriodResult => computePeriod(bloc, period, inputsOfState(bloc, state));

/** The snapshot of a computed period: upload ids from the state. */
export const snapshotOfRun = (bloc: Bloc, result: PeriodResult, state: PeriodState, meta: { runId?: string; generatedAt?: string }): Snapshot =>
  snapshotOf(result, { uploads: new Map(state.current.map((c) => [c.unit, c.uploadId])) }, { ...meta, configHash: configHash(bloc) });

/** A run's snapshot: its `snapshot.json`, or (an older run) its `rankings.json` at section level. */
export const readRunSnapshot = async (blobs: BlobStore, run: RunRecord): Promise<Snapshot> => {
  const text = async (key: string) => new TextDecoder().decode(await blobs.get(key));
  if (run.snapshotKey) return fromSnapshotJson(JSON.parse(await text(run.snapshotKey)) as SnapshotJson);
  return snapshotFromRankings(JSON.parse(await text(run.rankingsKey)) as RankingsJson, { runId: run.runId, generatedAt: run.generatedAt });
};

/** What flags need of each unit beyond its score. */
export interface UnitFacts {
  values: Values;
  reviews?: Reviews;
  selfScores: Record<string, Rational>;
  evidence?: Record<string, string>;
  cells?: Record<string, string>;
}

/** Facts of every current unit, the evidence and cells from the version in force. */
export const factsOfState = (state: PeriodState, versions: VersionRecord[]): Map<string, UnitFacts> => {
  const byId = new Map(versions.map((v) => [v.uploadId, v]));
  return new Map(
    state.current.map((c) => {
      const v = byId.get(c.uploadId);
      return [
        c.unit,
        {
          values: decodeValues(c.values),
          selfScores: decodeScores(c.selfScores),
          ...(v?.evidence && { evidence: v.evidence }),
          ...(v?.cells && { cells: v.cells }),
        },
      ];
    }),
  );
};

/**
 * Every flag of a computed period, group by group; `previous` is the same bloc's previous period
 * (its totals for FLAG_JUMP).
 */
export const periodFlags = (result: PeriodResult, facts: ReadonlyMap<string, UnitFacts>, previous?: PeriodResult): Flag[] => {
  const before = new Map(previous?.groups.flatMap((g) => g.members.filter((m) => m.score).map((m) => [m.unit, m.score!.total] as const)) ?? []);
  return result.groups.flatMap(({ group, members: ms }) => {
    const units: FlagUnit[] = ms
      .filter((m) => m.status === 'accepted' && m.score && facts.has(m.unit))
      .map((m) => {
        const f = facts.get(m.unit)!;
        const prev = before.get(m.unit);
        return {
          unit: m.unit,
          values: { ...f.values, ...(f.reviews ?? {}) },
          selfScores: f.selfScores,
          points: m.score!.criteria,
          total: m.score!.total,
          ...(f.evidence && { evidence: f.evidence }),
          ...(f.cells && { cells: f.cells }),
          ...(prev !== undefined && previous && { previousTotal: prev, previousPeriod: previous.period }),
        };
      });
    return groupFlags(group.rubric, units);
  });
};

/** The summary's insight: changes since the previous run (null on the first), and the flags. */
export interface PeriodInsight {
  changes: Explanation | null;
  flags: Flag[];
}

/**
 * The insight of a run being written: `snapshot` against the previous run's, and the flags with the
 * previous period's totals. Reads the store through its ports; a previous snapshot that cannot be
 * read leaves `changes` null rather than failing the run.
 */
export const runInsight = async (
  ports: { store: SubmissionStore; blobs: BlobStore },
  bloc: Bloc,
  run: { period: string; result: PeriodResult; state: PeriodState; versions: VersionRecord[]; snapshot: Snapshot; previousRun?: RunRecord },
): Promise<PeriodInsight> => {
  let changes: PeriodInsight['changes'] = null;
  if (run.previousRun) {
    const before = await readRunSnapshot(ports.blobs, run.previousRun).catch(() => null);
    if (before)
      changes = explain(
        before,
        run.snapshot,
        bloc.groups.map((g) => g.id),
      );
  }
  const prevId = previousPeriodId(bloc, run.period);
  const prevState = prevId ? await ports.store.state({ bloc: bloc.id, year: bloc.year, period: prevId }) : undefined;
  const previous = prevId && prevState?.current.length ? resultOfState(bloc, prevId, prevState) : undefined;
  return { changes, flags: periodFlags(run.result, factsOfState(run.state, run.versions), previous) };
};
