/**
 * A snapshot of one recomputation: per unit the version ranked, its points per criterion and per
 * section (hundredths), its total and rank, plus the configuration's hash. Two snapshots explain a
 * change of ranking (explain.ts). Kept as `snapshot.json` beside `rankings.json` under the run's
 * prefix; a run written before snapshots existed is read back from its `rankings.json`, at section
 * level only.
 */
import type { Hundredths } from '../model/rubric.js';
import { formatHundredths, parseDecimal } from '../numbers/rational.js';
import type { PeriodResult } from '../scoring/period.js';
import type { RankingsJson } from '../scoring/rankings-json.js';
import type { Flag } from './flags.js';

export interface UnitSnapshot {
  unit: string;
  group: string;
  status: 'accepted' | 'missing' | 'rejected';
  /** The accepted version ranked (absent when not ranked or not known). */
  uploadId?: string;
  /** Points by criterion code; absent on a section-level snapshot (an old run). */
  criteria?: Record<string, Hundredths>;
  sections?: Record<string, Hundredths>;
  bonus?: Hundredths;
  deduction?: Hundredths;
  total: Hundredths | null;
  rank: number | null;
  /** The review in force per reviewed criterion: a different one is a new review. */
  reviews?: Record<string, ReviewFact>;
  /** The decision that made the version count (a late file accepted), if any. */
  decision?: DecisionFact;
  /** The award proposed (null: none), when the run knew it. */
  award?: string | null;
}

/** Who set a criterion's reviewed value, when and why. */
export interface ReviewFact {
  reviewer: string;
  role: 'lead' | 'assigned';
  at: string;
  reason: string;
}

/** A lead's decision: a held late file accepted, or a vote. */
export interface DecisionFact {
  id: string;
  kind: 'accept-late' | 'vote';
  actor: string;
  reason: string;
  /** The late version accepted. */
  uploadId?: string;
  /** The award voted, and its winners. */
  award?: string;
  winners?: string[];
}

export interface Snapshot {
  runId?: string;
  generatedAt?: string;
  /** Hash of the configuration (bloc and rubrics) the run used; absent when not known. */
  configHash?: string;
  units: Record<string, UnitSnapshot>;
  /** The votes in force, by group. */
  votes?: Record<string, DecisionFact[]>;
  /** The run's flags for review (shared/insight/flags.ts); absent on runs written before. */
  flags?: Flag[];
}

/** Extra facts per unit the scoring result does not hold. */
export interface SnapshotFacts {
  uploads: ReadonlyMap<string, string>;
  reviews?: ReadonlyMap<string, Record<string, ReviewFact>>;
  decisions?: ReadonlyMap<string, DecisionFact>;
  votes?: Record<string, DecisionFact[]>;
  flags?: Flag[];
}

/** The snapshot of a computed period. */
export const snapshotOf = (result: PeriodResult, facts: SnapshotFacts, meta: { runId?: string; generatedAt?: string; configHash: string }): Snapshot => {
  const units: Record<string, UnitSnapshot> = {};
  for (const { group, members } of result.groups)
    for (const m of members) {
      const s = m.score;
      const upload = facts.uploads.get(m.unit);
      const reviews = facts.reviews?.get(m.unit);
      const decision = facts.decisions?.get(m.unit);
      units[m.unit] = {
        unit: m.unit,
        group: group.id,
        status: m.status,
        ...(upload && m.status === 'accepted' && { uploadId: upload }),
        ...(s && { criteria: { ...s.criteria }, sections: { ...s.sections }, bonus: s.bonus, deduction: s.deduction }),
        total: s ? s.total : null,
        rank: m.rank,
        ...(reviews && Object.keys(reviews).length && { reviews }),
        ...(decision && { decision }),
        ...(m.status === 'accepted' && { award: m.proposal?.award ?? null }),
      };
    }
  return {
    ...(meta.runId && { runId: meta.runId }),
    ...(meta.generatedAt && { generatedAt: meta.generatedAt }),
    configHash: meta.configHash,
    units,
    ...(facts.votes && Object.keys(facts.votes).length && { votes: facts.votes }),
    ...(facts.flags && { flags: facts.flags }),
  };
};

/** A section-level snapshot of an old run, from its `rankings.json`. */
export const snapshotFromRankings = (rankings: RankingsJson, meta: { runId?: string; generatedAt?: string } = {}): Snapshot => {
  const units: Record<string, UnitSnapshot> = {};
  for (const g of rankings.groups)
    for (const m of g.members)
      units[m.unit] =
        m.status === 'accepted'
          ? {
              unit: m.unit,
              group: g.id,
              status: 'accepted',
              sections: Object.fromEntries(Object.entries(m.sections).map(([k, v]) => [k, hundredthsOf(v)])),
              bonus: hundredthsOf(m.bonus),
              deduction: hundredthsOf(m.deduction),
              total: hundredthsOf(m.total),
              rank: m.rank,
              award: m.award,
            }
          : { unit: m.unit, group: g.id, status: m.status, total: null, rank: null };
  return { ...(meta.runId && { runId: meta.runId }), ...(meta.generatedAt && { generatedAt: meta.generatedAt }), units };
};

// ---------------------------------------------------------------------------------------------
// snapshot.json: points as two-decimal strings, as rankings.json writes them.

export interface SnapshotJson {
  version: 1;
  runId?: string;
  generatedAt?: string;
  configHash?: string;
  votes?: Record<string, DecisionFact[]>;
  flags?: Flag[];
  units: Record<
    string,
    Omit<UnitSnapshot, 'criteria' | 'sections' | 'bonus' | 'deduction' | 'total'> & {
      criteria?: Record<string, string>;
      sections?: Record<string, string>;
      bonus?: string;
      deduction?: string;
      total: string | null;
    }
  >;
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

const hundredthsOf = (s: string): Hundredths => {
  const r = parseDecimal(s);
  if (!r || (r.den !== 1n && 100n % r.den !== 0n)) throw new Error(`snapshot: not a number of hundredths: ${s}`);
  return (r.num * 100n) / r.den;
};

export const toSnapshotJson = (s: Snapshot): SnapshotJson => ({
  version: 1,
  ...(s.runId && { runId: s.runId }),
  ...(s.generatedAt && { generatedAt: s.generatedAt }),
  ...(s.configHash && { configHash: s.configHash }),
  ...(s.votes && { votes: s.votes }),
  ...(s.flags && { flags: s.flags }),
  units: mapValues(s.units, (u) => {
    const { criteria, sections, bonus, deduction, total, ...rest } = u;
    return {
      ...rest,
      ...(criteria && { criteria: mapValues(criteria, formatHundredths) }),
      ...(sections && { sections: mapValues(sections, formatHundredths) }),
      ...(bonus !== undefined && { bonus: formatHundredths(bonus) }),
      ...(deduction !== undefined && { deduction: formatHundredths(deduction) }),
      total: total === null ? null : formatHundredths(total),
    };
  }),
});

export const fromSnapshotJson = (j: SnapshotJson): Snapshot => ({
  ...(j.runId && { runId: j.runId }),
  ...(j.generatedAt && { generatedAt: j.generatedAt }),
  ...(j.configHash && { configHash: j.configHash }),
  ...(j.votes && { votes: j.votes }),
  ...(j.flags && { flags: j.flags }),
  units: mapValues(j.units, (u) => {
    const { criteria, sections, bonus, deduction, total, ...rest } = u;
    return {
      ...rest,
      ...(criteria && { criteria: mapValues(criteria, hundredthsOf) }),
      ...(sections && { sections: mapValues(sections, hundredthsOf) }),
      ...(bonus !== undefined && { bonus: hundredthsOf(bonus) }),
      ...(deduction !== undefined && { deduction: hundredthsOf(deduction) }),
      total: total === null ? null : hundredthsOf(total),
    };
  }),
});
