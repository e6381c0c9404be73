/**
 * What changed in a period's ranking, for the pages (GET /changes), and the flags per unit of the
 * latest run, for the lead's board. Both read the run snapshots recompute keeps in the blob store
 * (shared/insight): the latest run against the last published one, else the previous one.
 */
import { explain, unitChangeLines, type UnitChange } from '../../insight/explain.js';
import { countFlags } from '../../insight/flags.js';
import { readRunSnapshot } from '../../insight/period.js';
import { runPair } from '../../insight/runs.js';
import { memberOf, type Bloc } from '../../model/bloc.js';
import { formatHundredths } from '../../numbers/rational.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { Credential } from '../../store/credential-port.js';
import type { PeriodLedger } from '../../store/ledger-port.js';
import type { BlobStore, RunRecord } from '../../store/ports.js';
import { periodOf } from './access.js';
import type { LinksDeps } from './links.js';

/** The links deps with the period ledger (publications), when the deployment has one. */
export type ChangesDeps = LinksDeps & { ledger?: PeriodLedger };

export interface UnitChangeView {
  unit: string;
  name: string;
  rankBefore: number | null;
  rankAfter: number | null;
  totalBefore: string | null;
  totalAfter: string | null;
  by: 'own' | 'others';
  /** The Vietnamese lines `bloc explain` prints for the unit. */
  lines: string[];
}

export interface ChangesView {
  period: string;
  from: { runId: string; generatedAt: string } | null;
  to: { runId: string; generatedAt: string } | null;
  units: UnitChangeView[];
}

const runRef = (r: RunRecord) => ({ runId: r.runId, generatedAt: r.generatedAt });

const blobsOf = (d: LinksDeps): BlobStore => {
  if (!d.blobs) throw new Error('links deployment has no data store');
  return d.blobs;
};

const view = (bloc: Bloc, c: UnitChange): UnitChangeView => ({
  unit: c.unit,
  name: memberOf(bloc, c.unit)?.name ?? c.unit,
  rankBefore: c.rank.from,
  rankAfter: c.rank.to,
  totalBefore: c.total.from === null ? null : formatHundredths(c.total.from),
  totalAfter: c.total.to === null ? null : formatHundredths(c.total.to),
  by: c.by,
  lines: unitChangeLines(c),
});

/** GET /changes: the lead sees every unit that moved; a member or reviewer only its own unit. */
export const unitChanges = async (d: ChangesDeps, who: Credential, input: { period?: unknown }): Promise<ChangesView> => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const key = periodKey(bloc, period);
  const [runs, publications] = await Promise.all([d.store.runs(key), d.ledger ? d.ledger.publications(key) : []]);
  const pair = runPair(runs, publications, {});
  const latest = runs.at(-1);
  if (!pair) return { period, from: null, to: latest ? runRef(latest) : null, units: [] };
  const [before, after] = await Promise.all([readRunSnapshot(blobsOf(d), pair.from), readRunSnapshot(blobsOf(d), pair.to)]);
  const changes = explain(
    before,
    after,
    bloc.groups.map((g) => g.id),
  ).units.filter((c) => who.role === 'lead' || c.unit === who.unit);
  return { period, from: runRef(pair.from), to: runRef(pair.to), units: changes.map((c) => view(bloc, c)) };
};

/** Flags for review per unit in a run (units without flags are absent; none for no run or a run without a snapshot). */
export const runFlagCounts = async (blobs: BlobStore, run: RunRecord | undefined): Promise<Map<string, number>> => {
  const flags = run?.snapshotKey ? ((await readRunSnapshot(blobs, run)).flags ?? []) : [];
  return new Map([...countFlags(flags)].map(([unit, c]) => [unit, c.total]));
};

/** Flags for review per unit in the latest run of the period. */
export const flagCounts = async (d: LinksDeps, bloc: Bloc, period: string): Promise<Map<string, number>> =>
  runFlagCounts(blobsOf(d), await d.store.latestRun(periodKey(bloc, period)));
