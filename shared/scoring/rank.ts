import type { Rubric } from '../model/rubric.js';
import type { MemberScore } from './score.js';

export interface Scored {
  unit: string;
  score: MemberScore;
}

export interface Ranked extends Scored {
  rank: number;
}

/** Negative when a ranks before b: total, then each tie-break key of the rubric. */
const compare = (rubric: Rubric, a: MemberScore, b: MemberScore): number => {
  const keys: ((s: MemberScore) => bigint)[] = [
    (s) => s.total,
    ...rubric.tieBreak.map((key) => (key === 'deduction' ? (s: MemberScore) => -s.deduction : (s: MemberScore) => s.sections[key] ?? 0n)),
  ];
  for (const key of keys) {
    const d = key(b) - key(a);
    if (d !== 0n) return d > 0n ? 1 : -1;
  }
  return 0;
};

/**
 * Competition ranking (1, 2, 2, 4) of the members given in bloc order; equal members keep that
 * order. Submission time never enters.
 */
export const rankGroup = (rubric: Rubric, members: Scored[]): Ranked[] => {
  const sorted = members
    .map((m, i) => ({ m, i }))
    .sort((x, y) => compare(rubric, x.m.score, y.m.score) || x.i - y.i)
    .map(({ m }) => m);
  return sorted.map((m, i) => {
    let first = i;
    while (first > 0 && compare(rubric, sorted[first - 1]!.score, m.score) === 0) first--;
    return { ...m, rank: first + 1 };
  });
};
