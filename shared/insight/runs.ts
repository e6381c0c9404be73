/**
 * Which two runs of a period to compare: `to` (default the latest) against `from` (default the run of
 * the last publication when it is older than `to`, else the run just before `to`). Pure.
 */
import type { PublicationRecord } from '../store/ledger-port.js';
import type { RunRecord } from '../store/ports.js';

export type FromBasis = { kind: 'given' } | { kind: 'published'; publication: number } | { kind: 'previous' };

export interface RunPair {
  from: RunRecord;
  to: RunRecord;
  basis: FromBasis;
}

/** The run `from` defaults to: the last publication's run if older than `to`, else the one before `to`. */
export const defaultFrom = (runs: RunRecord[], publications: readonly PublicationRecord[], to: RunRecord): { run: RunRecord; basis: FromBasis } | null => {
  const pub = publications.at(-1);
  const published = pub && runs.find((r) => r.runId === pub.runId && r.runId < to.runId);
  if (published) return { run: published, basis: { kind: 'published', publication: pub.n } };
  const previous = runs.filter((r) => r.runId < to.runId).at(-1);
  return previous ? { run: previous, basis: { kind: 'previous' } } : null;
};

/** The pair to compare; `to` and `from` given are runs already found. Null when there is nothing to compare with. */
export const runPair = (runs: RunRecord[], publications: readonly PublicationRecord[], given: { from?: RunRecord; to?: RunRecord }): RunPair | null => {
  const to = given.to ?? runs.at(-1);
  if (!to) return null;
  if (given.from) return { from: given.from, to, basis: { kind: 'given' } };
  const d = defaultFrom(runs, publications, to);
  return d ? { from: d.run, to, basis: d.basis } : null;
};

/** "So sánh lần tính A (lần công bố gần nhất, lần 2) với lần tính B (mới nhất)." */
export const pairText = (p: RunPair, toGiven: boolean): string => {
  const basis =
    p.basis.kind === 'published'
      ? `lần công bố gần nhất, lần ${p.basis.publication}`
      : p.basis.kind === 'previous'
        ? 'lần tính ngay trước'
        : 'chọn bằng --from';
  return `So sánh lần tính ${p.from.runId} (${basis}) với lần tính ${p.to.runId} (${toGiven ? 'chọn bằng --to' : 'mới nhất'}).`;
};
