/** SPEC §4 and §10 review rules, each worked by hand on the second bloc (not the sample region). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import type { ReviewRecord } from '#shared/model/review.js';
import type { Values } from '#shared/model/submission.js';
import { effectiveReviews } from '#shared/review/effective.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson } from '#shared/scoring/rankings-json.js';
import { scoreMember } from '#shared/scoring/score.js';
import { pts, q, rate } from '../../support/rubric-builders.js';
import { secondBloc } from './second-bloc.js';

let bloc: Bloc;
beforeAll(async () => {
  // Lead SO-DNI; in Q2 SO-BDG and SO-TNH cross-review SO-BPC, SO-BPC reviews SO-BDG.
  bloc = await secondBloc((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC', 'SO-TNH'], 'SO-TNH': ['SO-BPC'], 'SO-BPC': ['SO-BDG'] }));
});

/** SO-BPC's self-entries: A1 18, A2 8/10 (rate 1 ≥ 0.8 → 10), B1 9/10 (≥ 0.9 → 20), T1 1 → 49.00. */
const self: Values = { A1: pts('18'), A2: rate('8', '10'), B1: rate('9', '10'), T1: pts('1') };

const rec = (reviewer: string, at: string, entries: ReviewRecord['entries'], unit = 'SO-BPC'): ReviewRecord => ({
  unit,
  reviewer,
  at,
  entries,
  reasons: Object.fromEntries(Object.keys(entries).map((code) => [code, `${reviewer} @${at}: ${code}`])),
});

const T1 = '2027-07-10T02:00:00Z';
const T2 = '2027-07-11T02:00:00Z';
const T3 = '2027-07-12T02:00:00Z';

const total = (reviews: Parameters<typeof scoreMember>[2]) => scoreMember(bloc.groups[0]!.rubric, self, reviews).total;

describe('which review holds', () => {
  it("the lead's review wins over an assigned reviewer's, even an older one", () => {
    const eff = effectiveReviews(bloc, 'Q2', [rec('SO-DNI', T1, { A1: pts('15') }), rec('SO-BDG', T2, { A1: pts('12'), T1: pts('0') })]).get('SO-BPC')!;
    expect(eff['A1']).toEqual({ points: q('15'), reviewer: 'SO-DNI', reason: `SO-DNI @${T1}: A1`, at: T1, role: 'lead' });
    expect(eff['T1']).toMatchObject({ points: q('0'), reviewer: 'SO-BDG', role: 'assigned' });
    // 15 + 10 + 20 + bonus 0 = 45.00 (self 49.00)
    expect([total({}), total(eff)]).toEqual([4900n, 4500n]);
  });

  it("a reviewer's newer review replaces its older one as a whole: a criterion it leaves empty is no longer reviewed", () => {
    const older = rec('SO-BDG', T1, { A1: pts('12'), B1: rate('5', '10') });
    const newer = rec('SO-BDG', T2, { A1: pts('13') });
    // Given in any order, the newer one holds; B1 goes back to the self-entry.
    for (const records of [
      [older, newer],
      [newer, older],
    ]) {
      const eff = effectiveReviews(bloc, 'Q2', records).get('SO-BPC')!;
      expect(Object.keys(eff)).toEqual(['A1']);
      expect(eff['A1']).toMatchObject({ points: q('13'), at: T2 });
      expect(total(eff)).toBe(4400n); // 13 + 10 + 20 + 1
    }
    // The older one alone: A1 12, B1 5/10 = 0.5 → 10: 12 + 10 + 10 + 1 = 33.00
    expect(total(effectiveReviews(bloc, 'Q2', [older]).get('SO-BPC')!)).toBe(3300n);
  });

  it("the newer of two reviews replaces the lead's older one too, but only the lead's own", () => {
    const eff = effectiveReviews(bloc, 'Q2', [
      rec('SO-DNI', T1, { A1: pts('15'), B1: rate('5', '10') }),
      rec('SO-BDG', T2, { B1: rate('8', '10') }),
      rec('SO-DNI', T3, { A1: pts('16') }),
    ]).get('SO-BPC')!;
    // The lead's newer review drops its B1: the assigned reviewer's B1 now holds.
    expect([eff['A1']?.reviewer, eff['A1']?.points, eff['B1']?.reviewer]).toEqual(['SO-DNI', q('16'), 'SO-BDG']);
  });

  it('between two assigned reviewers of one criterion (N > 1), the newest review holds; equal times: the later given', () => {
    const bdg = rec('SO-BDG', T2, { A1: pts('12') });
    const tnh = rec('SO-TNH', T1, { A1: pts('14'), A2: rate('6', '10') });
    const eff = effectiveReviews(bloc, 'Q2', [bdg, tnh]).get('SO-BPC')!;
    expect([eff['A1']?.reviewer, eff['A2']?.reviewer]).toEqual(['SO-BDG', 'SO-TNH']);
    // A1 12, A2 0.6/0.8 × 10 = 7.50, B1 20, T1 1 = 40.50
    expect(total(eff)).toBe(4050n);
    const same = effectiveReviews(bloc, 'Q2', [rec('SO-BDG', T1, { A1: pts('12') }), rec('SO-TNH', T1, { A1: pts('14') })]).get('SO-BPC')!;
    expect(same['A1']?.reviewer).toBe('SO-TNH');
  });

  it('ignores a record whose reviewer may not (or no longer) review the unit, and another period’s assignment', () => {
    const records = [rec('SO-LKH', T1, { A1: pts('1') }), rec('SO-BPC', T1, { A1: pts('1') }), rec('SO-BDG', T1, { A1: pts('12') })];
    expect(Object.keys(effectiveReviews(bloc, 'Q2', records).get('SO-BPC')!)).toEqual(['A1']);
    expect(effectiveReviews(bloc, 'Q2', records).get('SO-BPC')!['A1']!.reviewer).toBe('SO-BDG');
    // Period CN has no cross-reviewers: only the lead counts.
    expect(effectiveReviews(bloc, 'CN', records).size).toBe(0);
  });

  it('keeps units apart', () => {
    const eff = effectiveReviews(bloc, 'Q2', [rec('SO-BPC', T1, { A1: pts('10') }, 'SO-BDG'), rec('SO-BDG', T1, { A1: pts('12') })]);
    expect([...eff.keys()]).toEqual(['SO-BDG', 'SO-BPC']);
    expect([eff.get('SO-BDG')!['A1']!.reviewer, eff.get('SO-BPC')!['A1']!.reviewer]).toEqual(['SO-BPC', 'SO-BDG']);
  });
});

describe('ranking with reviews', () => {
  it('uses the reviewed values: a review moves SO-BPC from first to second', () => {
    const other: Values = { A1: pts('17'), A2: rate('8', '10'), B1: rate('9', '10') }; // 47.00
    const reviews = effectiveReviews(bloc, 'Q2', [rec('SO-DNI', T1, { B1: rate('8', '10') })]); // B1 0.8 → 10: 39.00
    const rank = (withReviews: boolean) =>
      toRankingsJson(
        computePeriod(bloc, 'Q2', {
          accepted: new Map([
            ['SO-BPC', withReviews ? { values: self, reviews: reviews.get('SO-BPC')! } : { values: self }],
            ['SO-BDG', { values: other }],
          ]),
          rejected: new Set(),
        }),
      )
        .groups[0]!.members.filter((m) => m.status === 'accepted')
        .map((m) => [m.unit, m.rank, m.status === 'accepted' && m.total]);
    expect(rank(false)).toEqual([
      ['SO-BPC', 1, '49.00'],
      ['SO-BDG', 2, '47.00'],
    ]);
    expect(rank(true)).toEqual([
      ['SO-BDG', 1, '47.00'],
      ['SO-BPC', 2, '39.00'],
    ]);
  });
});
