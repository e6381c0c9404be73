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

/** A recorded vote (SPEC §10 "Votes"): the units of one group that won a `pendingVote` for `award`. */
export interface Vote {
  award: string;
  winners: string[];
  reason: string;
}

/** Why a vote was not applied (its tie stays pending): a Vietnamese message. */
export interface VoteProblem {
  award: string;
  winners: string[];
  message: string;
}

export interface AwardWalk {
  proposals: Map<string, Proposal>;
  problems: VoteProblem[];
}

const list = (units: string[]): string => units.join(', ');

/** A vote for `award` is valid when it names, once each, exactly `left` of the units pending it. */
const checkVote = (vote: Vote, pending: string[], left: number): string | null => {
  if (!pending.length) return `Danh hiệu ${vote.award}: không có đơn vị nào đang chờ biểu quyết, không ghi nhận được kết quả biểu quyết.`;
  const notPending = vote.winners.filter((u) => !pending.includes(u));
  if (notPending.length) return `Danh hiệu ${vote.award}: ${list(notPending)} không nằm trong các đơn vị chờ biểu quyết (${list(pending)}).`;
  if (new Set(vote.winners).size !== vote.winners.length) return `Danh hiệu ${vote.award}: một đơn vị được ghi trúng hơn một lần (${list(vote.winners)}).`;
  if (vote.winners.length !== left)
    return `Danh hiệu ${vote.award}: còn ${left} suất cho ${pending.length} đơn vị chờ biểu quyết (${list(pending)}), phải chọn đúng ${left} đơn vị, không phải ${vote.winners.length}.`;
  return null;
};

/**
 * Award proposals for one group (SPEC §4). `ranked` is in rank order; a tie across the quota's
 * cut-off puts the tied eligible units to a vote and leaves their places unused. A recorded vote for
 * that award (SPEC §10) settles it: its winners get the award, and the units that lost are walked for
 * later awards like any other unit. `votes` are this group's; a vote that does not fit the walk is
 * not applied (the tie stays pending) and is reported in `problems`. Without votes the walk is the
 * one of SPEC §4.
 */
export const awardWalk = (rules: AwardRules, ranked: Candidate[], groupSize: number, votes: readonly Vote[] = []): AwardWalk => {
  const out = new Map<string, Proposal>(ranked.map((c) => [c.unit, { award: null, pendingVote: null }]));
  const problems: VoteProblem[] = [];
  const decided = new Set<string>();
  const known = new Set(rules.awards.map((a) => a.id));
  for (const vote of votes)
    if (!known.has(vote.award)) problems.push({ award: vote.award, winners: vote.winners, message: `Không có danh hiệu "${vote.award}".` });
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
    const forAward = votes.filter((v) => v.award === award.id);
    let settled: Set<string> | null = null;
    if (forAward.length > 1)
      forAward.forEach((v) =>
        problems.push({ award: award.id, winners: v.winners, message: `Danh hiệu ${award.id}: có ${forAward.length} kết quả biểu quyết, chỉ được một.` }),
      );
    else if (forAward.length === 1) {
      const vote = forAward[0]!;
      const pending = cutRank === null ? [] : eligible.filter((c) => c.rank === cutRank).map((c) => c.unit);
      const above = cutRank === null ? 0 : eligible.filter((c) => c.rank < cutRank).length;
      const message = checkVote(vote, pending, n - above);
      if (message) problems.push({ award: award.id, winners: vote.winners, message });
      else settled = new Set(vote.winners);
    }
    eligible.slice(0, cutRank === null ? n : eligible.length).forEach((c) => {
      if (cutRank !== null && c.rank > cutRank) return;
      const voted = c.rank === cutRank;
      if (voted && settled) {
        if (!settled.has(c.unit)) return; // lost the vote: still walked for later awards
        out.set(c.unit, { award: award.id, pendingVote: null });
      } else out.set(c.unit, voted ? { award: null, pendingVote: award.id } : { award: award.id, pendingVote: null });
      decided.add(c.unit);
    });
  }
  return { proposals: out, problems };
};

export const proposeAwards = (rules: AwardRules, ranked: Candidate[], groupSize: number, votes: readonly Vote[] = []): Map<string, Proposal> =>
  awardWalk(rules, ranked, groupSize, votes).proposals;
