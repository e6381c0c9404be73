/**
 * The insight of a bloc period from what the store holds: the snapshot of a run, the flags of every
 * group, the run to compare with. Pure over store records (ports' types only); the callers read the
 * store (shared/pipeline/recompute.ts, cli/explain.ts, cli/flags.ts).
 */
import { createHash } from 'node:crypto';
import { groupOf, type Bloc } from '../model/bloc.js';
import type { EffectiveReviews } from '../model/review.js';
import type { DecisionRecord } from '../store/ledger-port.js';
import type { Reviews, Values } from '../model/submission.js';
import type { Rational } from '../numbers/rational.js';
import { computePeriod, type PeriodInputs, type PeriodResult } from '../scoring/period.js';
import type { RankingsJson } from '../scoring/rankings-json.js';
import { decodeScores, decodeValues } from '../store/codec.js';
import type { BlobStore, PeriodKey, PeriodState, RunRecord, SubmissionStore, VersionRecord } from '../store/ports.js';
import { explain, type Explanation } from './explain.js';
import { groupFlags, type Flag, type FlagUnit } from './flags.js';
import { fromSnapshotJson, snapshotFromRankings, snapshotOf, type DecisionFact, type ReviewFact, type Snapshot, type SnapshotJson } from './snapshot.js';

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

const reviewFacts = (reviews: ReadonlyMap<string, EffectiveReviews>): Map<string, Record<string, ReviewFact>> =>
  new Map(
    [...reviews].map(([unit, byCode]) => [
      unit,
      Object.fromEntries(Object.entries(byCode).map(([code, r]) => [code, { reviewer: r.reviewer, role: r.role, at: r.at, reason: r.reason }])),
    ]),
  );

const decisionFact = (d: DecisionRecord): DecisionFact =>
  d.kind === 'accept-late'
    ? { id: d.id, kind: d.kind, actor: d.actor, reason: d.reason, uploadId: d.uploadId }
    : { id: d.id, kind: d.kind, actor: d.actor, reason: d.reason, award: d.award, winners: d.winners };

/** The votes in force by group: per award and group, the latest recorded (as scoring applies them). */
export const votesByGroup = (bloc: Bloc, decisions: readonly DecisionRecord[]): Record<string, DecisionFact[]> => {
  const latest = new Map<string, DecisionFact & { group: string }>();
  for (const d of decisions) {
    const group = d.kind === 'vote' ? groupOf(bloc, d.winners[0] ?? '')?.id : undefined;
    if (group) latest.set(JSON.stringify([d.kind === 'vote' && d.award, group]), { ...decisionFact(d), group });
  }
  const out: Record<string, DecisionFact[]> = {};
  for (const { group, ...v } of latest.values()) (out[group] ??= []).push(v);
  return out;
};

/** What the ledger adds to a run's snapshot: reviews in force, decisions, votes; and the run's flags. */
export interface LedgerFacts {
  reviews?: ReadonlyMap<string, EffectiveReviews>;
  decisions?: readonly DecisionRecord[];
  flags?: Flag[];
}

/** The snapshot of a computed period: upload ids from the state, causes from the ledger. */
export const snapshotOfRun = (
  bloc: Bloc,
  result: PeriodResult,
  state: PeriodState,
  meta: { runId?: string; generatedAt?: string },
  ledger: LedgerFacts = {},
): Snapshot => {
  const current = new Set(state.current.map((c) => c.uploadId));
  const late = (ledger.decisions ?? []).flatMap((d) => (d.kind === 'accept-late' && current.has(d.uploadId) ? [[d.unit, decisionFact(d)] as const] : []));
  return snapshotOf(
    result,
    {
      uploads: new Map(state.current.map((c) => [c.unit, c.uploadId])),
      ...(ledger.reviews && { reviews: reviewFacts(ledger.reviews) }),
      decisions: new Map(late),
      votes: votesByGroup(bloc, ledger.decisions ?? []),
      ...(ledger.flags && { flags: ledger.flags }),
    },
    { ...meta, configHash: configHash(bloc) },
  );
};

/** A run's snapshot: its `snapshot.json`, or (an older run) its `rankings.json` at section level. */
export const readRunSnapshot = async (blobs: BlobStore, run: RunRecord): Promise<Snapshot> => {
  const text = async (key: string) => new TextDecoder().decode(await blobs.get(key));
  if (run.snapshotKey) return fromSnapshotJson(JSON.parse(await text(run.snapshotKey)) as SnapshotJson);
  return snapshotFromRankings(JSON.parse(await text(run.rankingsKey)) as RankingsJson, { runId: run.runId, generatedAt: run.generatedAt });
};

/** The flags of the period's latest run (none before the first run, or on a run written before flags were kept). */
export const latestRunFlags = async (ports: { store: SubmissionStore; blobs: BlobStore }, key: PeriodKey): Promise<Flag[]> => {
  const run = await ports.store.latestRun(key);
  return run?.snapshotKey ? ((await readRunSnapshot(ports.blobs, run)).flags ?? []) : [];
};

/** What flags need of each unit beyond its score. */
export interface UnitFacts {
  values: Values;
  reviews?: Reviews;
  selfScores: Record<string, Rational>;
  evidence?: Record<string, string>;
  cells?: Record<string, string>;
}

/** Facts of every current unit, the evidence and cells from the version in force, the reviews in force. */
export const factsOfState = (state: PeriodState, versions: VersionRecord[], reviews?: ReadonlyMap<string, Reviews>): Map<string, UnitFacts> => {
  const byId = new Map(versions.map((v) => [v.uploadId, v]));
  return new Map(
    state.current.map((c) => {
      const v = byId.get(c.uploadId);
      const r = reviews?.get(c.unit);
      return [
        c.unit,
        {
          values: decodeValues(c.values),
          selfScores: decodeScores(c.selfScores),
          ...(r && { reviews: r }),
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
 * The insight of a run being written: its snapshot (with the ledger's causes and the flags), the
 * changes against the previous run's snapshot, and the flags with the previous period's totals.
 * Reads the store through its ports; a previous snapshot that cannot be read leaves `changes` null
 * rather than failing the run.
 */
export const runInsight = async (
  ports: { store: SubmissionStore; blobs: BlobStore },
  bloc: Bloc,
  run: {
    period: string;
    result: PeriodResult;
    state: PeriodState;
    versions: VersionRecord[];
    meta: { runId: string; generatedAt: string };
    reviews?: ReadonlyMap<string, EffectiveReviews>;
    decisions?: readonly DecisionRecord[];
    previousRun?: RunRecord;
  },
): Promise<PeriodInsight & { snapshot: Snapshot }> => {
  const prevId = previousPeriodId(bloc, run.period);
  const prevState = prevId ? await ports.store.state({ bloc: bloc.id, year: bloc.year, period: prevId }) : undefined;
  const previous = prevId && prevState?.current.length ? resultOfState(bloc, prevId, prevState) : undefined;
  const flags = periodFlags(run.result, factsOfState(run.state, run.versions, run.reviews), previous);
  const snapshot = snapshotOfRun(bloc, run.result, run.state, run.meta, {
    ...(run.reviews && { reviews: run.reviews }),
    ...(run.decisions && { decisions: run.decisions }),
    flags,
  });
  const before = run.previousRun ? await readRunSnapshot(ports.blobs, run.previousRun).catch(() => null) : null;
  const changes = before
    ? explain(
        before,
        snapshot,
        bloc.groups.map((g) => g.id),
      )
    : null;
  return { changes, flags, snapshot };
};
