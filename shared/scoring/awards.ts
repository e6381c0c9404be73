import { floor, fromNumber, mul, rat } from '../numbers/rational.js';
import type { Award, Classification, Quota } from '../model/bloc.js';

export interface Candidate {
  unit: string;
  rank: number;
  classification: string | null;
}

export interface Proposal {
  award: string | null;
  pendingVote: string | null;
}

export interface AwardRules {
  awards: Award[];
  classes: Classification[];
  registrations: Record<string, string[]>;
  vetoes: Record<string, string>;
}

/** count, or max(1, floor(members × percent / 100)) over all the group's members. */
export const quotaOf = (quota: Quota, groupSize: number): number => {
  if ('count' in quota) return quota.count;
  const n = floor(mul(rat(BigInt(groupSize), 100n), fromNumber(quota.percent)));
  return Math.max(1, Number(n));
};

const classAtLeast = (classes: Classification[], actual: string | null, minimum: string): boolean => {
  const at = classes.findIndex((k) => k.id === actual);
  const needed = classes.findIndex((k) => k.id === minimum);
  return at >= 0 && needed >= 0 && at <= needed;
};

/**
 * Award proposals for one group (SPEC §4). `ranked` is in rank order; a tie across the quota's
 * cut-off puts the tied eligible units to a vote and leaves their places unused.
 */
export const proposeAwards = (rules: AwardRules, ranked: Candidate[], groupSize: number): Map<string, Proposal> => {
  const out = new Map<string, Proposal>(ranked.map((c) => [c.unit, { award: null, pendingVote: null }]));
  const decided = new Set<string>();
  for (const award of rules.awards) {
    const eligible = ranked.filter(
      (c) =>
        !decided.has(c.unit) &&
        (rules.registrations[c.unit] ?? []).includes(award.id) &&
        classAtLeast(rules.classes, c.classification, award.minClass) &&
        !Object.hasOwn(rules.vetoes, c.unit),
    );
    const n = quotaOf(award.quota, groupSize);
    const cutRank = eligible.length > n && eligible[n]!.rank === eligible[n - 1]!.rank ? eligible[n]!.rank : null;
    eligible.slice(0, cutRank === null ? n : eligible.length).forEach((c) => {
      if (cutRank !== null && c.rank > cutRank) return;
      const voted = c.rank === cutRank;
      out.set(c.unit, voted ? { award: null, pendingVote: award.id } : { award: award.id, pendingVote: null });
      decided.add(c.unit);
    });
  }
  return out;
};
