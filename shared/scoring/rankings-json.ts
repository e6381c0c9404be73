import { formatHundredths } from '../numbers/rational.js';
import type { MemberResult, PeriodResult } from './period.js';

/** The `rankings.json` document of SPEC §8. */
export interface RankingsJson {
  bloc: string;
  year: number;
  period: string;
  groups: { id: string; members: RankingsMember[] }[];
}

export type RankingsMember =
  | {
      unit: string;
      status: 'accepted';
      rank: number;
      total: string;
      sections: Record<string, string>;
      bonus: string;
      deduction: string;
      classification: string | null;
      award: string | null;
      pendingVote: string | null;
    }
  | { unit: string; status: 'missing' | 'rejected'; rank: null };

const memberJson = (m: MemberResult, sectionOrder: string[]): RankingsMember => {
  if (m.status !== 'accepted' || !m.score) return { unit: m.unit, status: m.status as 'missing', rank: null };
  const s = m.score;
  return {
    unit: m.unit,
    status: 'accepted',
    rank: m.rank!,
    total: formatHundredths(s.total),
    sections: Object.fromEntries(sectionOrder.map((code) => [code, formatHundredths(s.sections[code]!)])),
    bonus: formatHundredths(s.bonus),
    deduction: formatHundredths(s.deduction),
    classification: m.classification?.id ?? null,
    award: m.proposal?.award ?? null,
    pendingVote: m.proposal?.pendingVote ?? null,
  };
};

export const toRankingsJson = (result: PeriodResult): RankingsJson => ({
  bloc: result.bloc.id,
  year: result.bloc.year,
  period: result.period,
  groups: result.groups.map(({ group, members }) => ({
    id: group.id,
    members: members.map((m) =>
      memberJson(
        m,
        group.rubric.sections.map((s) => s.code),
      ),
    ),
  })),
});
