import type { Bloc, Classification, Group } from '../model/bloc.js';
import type { Reviews, Values } from '../model/submission.js';
import { awardWalk, type Proposal, type Vote, type VoteProblem } from './awards.js';
import { classify } from './classify.js';
import { rankGroup } from './rank.js';
import { scoreMember, type MemberScore } from './score.js';

export type MemberStatus = 'accepted' | 'missing' | 'rejected';

/** The current state of a bloc period: accepted values per unit, and units with only invalid versions. */
export interface PeriodInputs {
  accepted: Map<string, { values: Values; reviews?: Reviews }>;
  rejected: Set<string>;
  /** Recorded votes settling `pendingVote`s (SPEC §10); each applies to the group of its winners. */
  votes?: Vote[];
}

export interface MemberResult {
  unit: string;
  status: MemberStatus;
  rank: number | null;
  score?: MemberScore;
  classification?: Classification | null;
  proposal?: Proposal;
}

export interface GroupResult {
  group: Group;
  members: MemberResult[];
  /** Votes of this group that were not applied, and why; present only when there are some. */
  voteProblems?: VoteProblem[];
}

export interface PeriodResult {
  bloc: Bloc;
  period: string;
  groups: GroupResult[];
  /** Votes naming no member of any group; present only when there are some. */
  voteProblems?: VoteProblem[];
}

const rankAndPropose = (bloc: Bloc, group: Group, inputs: PeriodInputs): GroupResult => {
  const scored = group.members
    .filter((m) => inputs.accepted.has(m.code))
    .map((m) => {
      const { values, reviews } = inputs.accepted.get(m.code)!;
      return { unit: m.code, score: scoreMember(group.rubric, values, reviews) };
    });
  const ranked = rankGroup(group.rubric, scored).map((r) => ({
    ...r,
    classification: classify(bloc.classes, r.score),
  }));
  const codes = new Set(group.members.map((m) => m.code));
  const votes = (inputs.votes ?? []).filter((v) => v.winners.some((u) => codes.has(u)));
  const { proposals, problems } = awardWalk(
    bloc,
    ranked.map((r) => ({ unit: r.unit, rank: r.rank, classification: r.classification?.id ?? null })),
    group.members.length,
    votes,
  );
  const rankedUnits = new Set(ranked.map((r) => r.unit));
  const others: MemberResult[] = group.members
    .filter((m) => !rankedUnits.has(m.code))
    .map((m) => ({ unit: m.code, status: inputs.rejected.has(m.code) ? 'rejected' : 'missing', rank: null }));
  return {
    group,
    members: [...ranked.map((r): MemberResult => ({ ...r, status: 'accepted', proposal: proposals.get(r.unit)! })), ...others],
    ...(problems.length && { voteProblems: problems }),
  };
};

/** Scores, ranks, classifies and proposes awards for every group of a bloc period. Pure. */
export const computePeriod = (bloc: Bloc, period: string, inputs: PeriodInputs): PeriodResult => {
  const members = new Set(bloc.groups.flatMap((g) => g.members.map((m) => m.code)));
  const stray: VoteProblem[] = (inputs.votes ?? [])
    .filter((v) => !v.winners.some((u) => members.has(u)))
    .map((v) => ({
      award: v.award,
      winners: v.winners,
      message: `Danh hiệu ${v.award}: kết quả biểu quyết không nêu đơn vị thành viên nào (${v.winners.join(', ') || 'trống'}).`,
    }));
  return {
    bloc,
    period,
    groups: bloc.groups.map((g) => rankAndPropose(bloc, g, inputs)),
    ...(stray.length && { voteProblems: stray }),
  };
};
