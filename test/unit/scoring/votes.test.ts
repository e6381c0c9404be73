/** SPEC §4 last paragraph and §10 "Votes": a recorded vote settles a pendingVote; worked by hand. */
import { describe, expect, it } from 'vitest';
import type { Vote } from '#shared/scoring/awards.js';
import { computePeriod, type PeriodInputs } from '#shared/scoring/period.js';
import { toRankingsJson } from '#shared/scoring/rankings-json.js';
import { award, bloc, klass, manual, pts, rubric, section } from '../../support/rubric-builders.js';

/**
 * One group of five Cục: AN 90, BA 80, CA 80, DA 80, EA 70 (ranks 1, 2, 2, 2, 5), all registered for
 * VANG (2 places) then BAC (1 place). Without votes: AN gets VANG; BA, CA, DA tie across VANG's
 * cut-off and go to a vote for its 1 place left; BAC's one place goes to EA.
 */
const units = ['CUC-AN', 'CUC-BA', 'CUC-CA', 'CUC-DA', 'CUC-EA'];
const scores = ['90', '80', '80', '80', '70'];
const b = bloc({
  rubric: rubric({ sections: [section('S', [manual('S.1', '100')])] }),
  members: units,
  classes: [klass('DAT', '0')],
  awards: [award('VANG', { count: 2 }, 'DAT'), award('BAC', { count: 1 }, 'DAT')],
  registrations: Object.fromEntries(units.map((u) => [u, ['VANG', 'BAC']])),
});
const inputs = (votes?: Vote[]): PeriodInputs => ({
  accepted: new Map(units.map((u, i) => [u, { values: { 'S.1': pts(scores[i]!) } }])),
  rejected: new Set(),
  ...(votes && { votes }),
});
const vote = (award: string, ...winners: string[]): Vote => ({ award, winners, reason: 'Biểu quyết tại hội nghị tổng kết' });

const walk = (votes?: Vote[]) => {
  const result = computePeriod(b, 'P', inputs(votes));
  const members = toRankingsJson(result).groups[0]!.members;
  return {
    brief: Object.fromEntries(members.map((m) => [m.unit, m.status === 'accepted' ? [m.award, m.pendingVote] : null])),
    problems: (result.groups[0]!.voteProblems ?? []).map((p) => p.message),
  };
};

describe('votes settle a pendingVote', () => {
  it('without votes (and with an empty list): AN VANG; BA, CA, DA pending VANG; EA BAC — the same JSON', () => {
    expect(walk().brief).toEqual({
      'CUC-AN': ['VANG', null],
      'CUC-BA': [null, 'VANG'],
      'CUC-CA': [null, 'VANG'],
      'CUC-DA': [null, 'VANG'],
      'CUC-EA': ['BAC', null],
    });
    expect(JSON.stringify(toRankingsJson(computePeriod(b, 'P', inputs([]))))).toBe(JSON.stringify(toRankingsJson(computePeriod(b, 'P', inputs()))));
  });

  it('a vote with its winner: CA gets VANG; the losers BA and DA are walked for BAC — and tie across its cut-off, so EA gets nothing', () => {
    expect(walk([vote('VANG', 'CUC-CA')])).toEqual({
      brief: {
        'CUC-AN': ['VANG', null],
        'CUC-BA': [null, 'BAC'],
        'CUC-CA': ['VANG', null],
        'CUC-DA': [null, 'BAC'],
        'CUC-EA': [null, null],
      },
      problems: [],
    });
  });

  it('a second vote settles the later award among the losers of the first', () => {
    expect(walk([vote('BAC', 'CUC-DA'), vote('VANG', 'CUC-CA')]).brief).toEqual({
      'CUC-AN': ['VANG', null],
      'CUC-BA': [null, null],
      'CUC-CA': ['VANG', null],
      'CUC-DA': ['BAC', null],
      'CUC-EA': [null, null],
    });
  });

  it('a loser not registered for the later award is not walked into it', () => {
    const only = { ...b, registrations: { ...b.registrations, 'CUC-BA': ['VANG'] } };
    const r = computePeriod(only, 'P', inputs([vote('VANG', 'CUC-CA')]));
    const m = toRankingsJson(r).groups[0]!.members;
    // BAC: eligible DA (rank 2), EA (rank 5): DA takes the one place.
    expect(m.map((x) => (x.status === 'accepted' ? [x.unit, x.award, x.pendingVote] : null))).toEqual([
      ['CUC-AN', 'VANG', null],
      ['CUC-BA', null, null],
      ['CUC-CA', 'VANG', null],
      ['CUC-DA', 'BAC', null],
      ['CUC-EA', null, null],
    ]);
  });
});

describe('invalid votes are not applied (the tie stays pending) and say why in Vietnamese', () => {
  const pendingAsBefore = { 'CUC-AN': ['VANG', null], 'CUC-BA': [null, 'VANG'], 'CUC-CA': [null, 'VANG'], 'CUC-DA': [null, 'VANG'], 'CUC-EA': ['BAC', null] };

  it('too many winners for the places left: 2 named, 1 left', () => {
    const r = walk([vote('VANG', 'CUC-BA', 'CUC-CA')]);
    expect(r.brief).toEqual(pendingAsBefore);
    expect(r.problems).toEqual(['Danh hiệu VANG: còn 1 suất cho 3 đơn vị chờ biểu quyết (CUC-BA, CUC-CA, CUC-DA), phải chọn đúng 1 đơn vị, không phải 2.']);
  });

  it('too few: VANG with 3 places leaves 2 to the tie of BA, CA, DA; naming one is not enough, two is', () => {
    const three = { ...b, awards: [award('VANG', { count: 3 }, 'DAT'), award('BAC', { count: 1 }, 'DAT')] };
    const r = computePeriod(three, 'P', inputs([vote('VANG', 'CUC-BA')]));
    expect(r.groups[0]!.voteProblems!.map((p) => p.message)).toEqual([expect.stringMatching(/còn 2 suất cho 3 đơn vị.*phải chọn đúng 2 đơn vị, không phải 1/)]);
    const ok = toRankingsJson(computePeriod(three, 'P', inputs([vote('VANG', 'CUC-BA', 'CUC-DA')]))).groups[0]!.members;
    expect(ok.map((m) => (m.status === 'accepted' ? m.award : null))).toEqual(['VANG', 'VANG', 'BAC', 'VANG', null]);
  });

  it('a vote naming no member of any group is reported for the period', () => {
    const r = computePeriod(b, 'P', inputs([vote('VANG', 'CUC-ZZ'), { award: 'VANG', winners: [], reason: 'x' }]));
    expect(r.groups[0]!.voteProblems).toBeUndefined();
    expect(r.voteProblems!.map((p) => p.message)).toEqual([
      expect.stringMatching(/không nêu đơn vị thành viên nào \(CUC-ZZ\)/),
      expect.stringMatching(/\(trống\)/),
    ]);
  });

  it('a winner that is not pending: the unit already proposed (AN) or below the tie (EA)', () => {
    expect(walk([vote('VANG', 'CUC-AN')]).problems).toEqual([
      expect.stringMatching(/^Danh hiệu VANG: CUC-AN không nằm trong các đơn vị chờ biểu quyết \(CUC-BA, CUC-CA, CUC-DA\)/),
    ]);
    expect(walk([vote('VANG', 'CUC-EA')]).brief).toEqual(pendingAsBefore);
  });

  it('the same winner twice, a vote for an award nobody is pending, an unknown award, two votes for one award', () => {
    expect(walk([vote('VANG', 'CUC-CA', 'CUC-CA')]).problems).toEqual([expect.stringMatching(/hơn một lần/)]);
    expect(walk([vote('BAC', 'CUC-EA')]).problems).toEqual([expect.stringMatching(/^Danh hiệu BAC: không có đơn vị nào đang chờ biểu quyết/)]);
    expect(walk([vote('DONG', 'CUC-EA')]).problems).toEqual(['Không có danh hiệu "DONG".']);
    const two = walk([vote('VANG', 'CUC-CA'), vote('VANG', 'CUC-BA')]);
    expect([two.brief, two.problems]).toEqual([
      pendingAsBefore,
      [expect.stringMatching(/có 2 kết quả biểu quyết/), expect.stringMatching(/có 2 kết quả biểu quyết/)],
    ]);
  });
});
