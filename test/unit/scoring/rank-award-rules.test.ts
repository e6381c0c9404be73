/** SPEC §4 ranking, classification and award rules, each worked by hand. */
import { describe, expect, it } from 'vitest';
import type { Award, Classification } from '#shared/model/bloc.js';
import type { Values } from '#shared/model/submission.js';
import { quotaOf } from '#shared/scoring/awards.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson, type RankingsMember } from '#shared/scoring/rankings-json.js';
import { award, bloc, klass, manual, pool, pts, rate, rateBands, rubric, section, target } from '../../support/rubric-builders.js';

/** Sections I and II (manual, 0–50 each), bonus cap 10, deduction cap 10. */
const r2 = (tieBreak: string[]) =>
  rubric({
    sections: [section('I', [manual('I.1', '50')]), section('II', [manual('II.1', '50')])],
    bonus: pool('C', '10', [manual('C.1', '10')]),
    deduction: pool('D', '10', [manual('D.1', '10')]),
    tieBreak,
  });

/** I, II, bonus, deduction as numbers of points. */
const v = (i: number, ii: number, c = 0, d = 0): Values => ({ 'I.1': pts(`${i}`), 'II.1': pts(`${ii}`), 'C.1': pts(`${c}`), 'D.1': pts(`${d}`) });

interface Setup {
  members: string[];
  inputs: Record<string, Values>;
  rejected?: string[];
  tieBreak?: string[];
  classes?: Classification[];
  awards?: Award[];
  registrations?: Record<string, string[]>;
  vetoes?: Record<string, string>;
}

const run = (s: Setup): RankingsMember[] => {
  const b = bloc({ rubric: r2(s.tieBreak ?? ['II', 'deduction']), ...s });
  const accepted = new Map(Object.entries(s.inputs).map(([unit, values]) => [unit, { values }]));
  return toRankingsJson(computePeriod(b, 'P', { accepted, rejected: new Set(s.rejected ?? []) })).groups[0]!.members;
};
const brief = (ms: RankingsMember[]) => ms.map((m) => (m.status === 'accepted' ? [m.unit, m.rank, m.award, m.pendingVote] : [m.unit, m.status]));

describe('ranking', () => {
  it('breaks a tie of totals by a section: A 40+30 = B 30+40 = 70; tieBreak II → B first', () => {
    expect(brief(run({ members: ['A', 'B'], inputs: { A: v(40, 30), B: v(30, 40) } }))).toEqual([
      ['B', 1, null, null],
      ['A', 2, null, null],
    ]);
  });
  it('breaks a tie of totals and II by deduction: A 30+40+1−1 = B 30+40 = 70; B deducts less → first', () => {
    expect(brief(run({ members: ['A', 'B'], inputs: { A: v(30, 40, 1, 1), B: v(30, 40) } }))).toEqual([
      ['B', 1, null, null],
      ['A', 2, null, null],
    ]);
  });
  it('tie-break keys are taken in order: tieBreak [deduction, II] ranks A (ded 0, II 30) before B (ded 1, II 40)', () => {
    const inputs = { A: v(40, 30), B: v(30, 40, 1, 1) }; // both 70
    expect(brief(run({ members: ['B', 'A'], inputs, tieBreak: ['deduction', 'II'] })).map((m) => m[0])).toEqual(['A', 'B']);
    expect(brief(run({ members: ['A', 'B'], inputs, tieBreak: ['II', 'deduction'] })).map((m) => m[0])).toEqual(['B', 'A']);
  });
  it('members equal on total and every key share a rank: competition ranking 1, 2, 2, 4', () => {
    const inputs = { A: v(50, 30), B: v(30, 40), C: v(30, 40), D: v(30, 30) };
    expect(run({ members: ['A', 'B', 'C', 'D'], inputs }).map((m) => m.rank)).toEqual([1, 2, 2, 4]);
  });
  it('without tieBreak, equal totals share a rank even if sections differ', () => {
    expect(run({ members: ['A', 'B'], inputs: { A: v(40, 30), B: v(30, 40) }, tieBreak: [] }).map((m) => m.rank)).toEqual([1, 1]);
  });
  it('lists equal ranks in bloc order, then unranked members in bloc order with only {unit, status, rank}', () => {
    const ms = run({ members: ['E', 'C', 'A', 'F', 'B'], inputs: { A: v(50, 30), B: v(30, 40), C: v(30, 40) }, rejected: ['F'] });
    expect(ms.map((m) => m.unit)).toEqual(['A', 'C', 'B', 'E', 'F']);
    expect(ms.slice(3)).toEqual([
      { unit: 'E', status: 'missing', rank: null },
      { unit: 'F', status: 'rejected', rank: null },
    ]);
  });
});

describe('classification', () => {
  const r = rubric({
    sections: [
      section('I', [target('T', '50', '0.9')]),
      section('II', [
        rateBands('B', '10', [
          ['1', '10'],
          ['0.9', '5'],
        ]),
        manual('M', '40'),
      ]),
    ],
  });
  const classes = [klass('XS', '90', true), klass('TOT', '75'), klass('HT', '50')];
  const classify = (inputs: Record<string, Values>) => {
    const b = bloc({ rubric: r, members: Object.keys(inputs), classes });
    const accepted = new Map(Object.entries(inputs).map(([u, values]) => [u, { values }]));
    return Object.fromEntries(
      toRankingsJson(computePeriod(b, 'P', { accepted, rejected: new Set() })).groups[0]!.members.map((m) => [
        m.unit,
        m.status === 'accepted' ? [m.total, m.classification] : null,
      ]),
    );
  };

  it('requireTargets: 50 × 0.89/0.9 = 49.44 + 10 + 40 = 99.44 ≥ 90 but T missed → next class TOT', () => {
    expect(classify({ U1: { T: rate('89', '100'), B: rate('1', '1'), M: pts('40') } })).toEqual({ U1: ['99.44', 'TOT'] });
  });
  it('requireTargets ignores bands: T met exactly (9/10), band B gets 0, 50 + 0 + 40 = 90.00 ≥ 90 → XS', () => {
    expect(classify({ U2: { T: rate('9', '10'), B: rate('0', '10'), M: pts('40') } })).toEqual({ U2: ['90.00', 'XS'] });
  });
  it('a target with base = 0 counts as met: 50 + 10 + 30 = 90 → XS', () => {
    expect(classify({ U3: { T: rate('0', '0'), B: rate('1', '1'), M: pts('30') } })).toEqual({ U3: ['90.00', 'XS'] });
  });
  it('takes the first class whose minTotal is reached; below every class → null', () => {
    const got = classify({ U4: { T: rate('0', '0'), B: rate('0', '1'), M: pts('24.99') }, U5: { T: rate('0', '0'), B: rate('0', '1'), M: pts('0') } });
    expect(got).toEqual({ U4: ['74.99', 'HT'], U5: ['50.00', 'HT'] });
    expect(classify({ U6: { T: rate('0', '1'), B: rate('0', '1'), M: pts('49.99') } })).toEqual({ U6: ['49.99', null] });
  });
});

describe('award quotas', () => {
  it('percent quota is max(1, floor(members × percent / 100)) over all group members', () => {
    expect(quotaOf({ percent: 30 }, 8)).toBe(2); // floor(2.4)
    expect(quotaOf({ percent: 20 }, 8)).toBe(1); // floor(1.6)
    expect(quotaOf({ percent: 12.5 }, 8)).toBe(1); // exactly 1
    expect(quotaOf({ percent: 10 }, 8)).toBe(1); // floor(0.8) = 0 → 1
    expect(quotaOf({ percent: 50 }, 7)).toBe(3); // floor(3.5)
    expect(quotaOf({ percent: 33.3 }, 30)).toBe(9); // floor(9.99)
    expect(quotaOf({ percent: 57 }, 100)).toBe(57); // exact; in floats 100 × (57/100) = 56.99999999999999
    expect(quotaOf({ count: 3 }, 8)).toBe(3);
  });
  it('counts missing members in the percent quota: 8 members, 3 ranked, 30 % → 2 awards (not floor(0.9) → 1)', () => {
    const members = ['A', 'B', 'C', 'M1', 'M2', 'M3', 'M4', 'M5'];
    const ms = run({
      members,
      inputs: { A: v(50, 50), B: v(40, 40), C: v(30, 30) },
      classes: [klass('OK', '0')],
      awards: [award('BK', { percent: 30 }, 'OK')],
      registrations: { A: ['BK'], B: ['BK'], C: ['BK'] },
    });
    expect(brief(ms).slice(0, 3)).toEqual([
      ['A', 1, 'BK', null],
      ['B', 2, 'BK', null],
      ['C', 3, null, null],
    ]);
  });
});

describe('award proposals', () => {
  const classes = [klass('XS', '90'), klass('TOT', '70'), klass('HT', '0')];
  const X = award('X', { count: 1 }, 'XS');
  const Y = award('Y', { count: 1 }, 'TOT');
  const all = (units: string[], ids: string[]) => Object.fromEntries(units.map((u) => [u, ids]));

  it('a tie at the cut puts the tied units to a vote; the quota is not passed down; voted units are out of later awards', () => {
    // A = B = 95 (rank 1, 1), C 92 (rank 3), D 80 (rank 4); X count 1: A, B tie at the cut → vote,
    // C does not inherit X; Y count 1: A, B are out → C (XS ≥ TOT) gets Y, D nothing
    const inputs = { A: v(50, 45), B: v(50, 45), C: v(50, 42), D: v(40, 40) };
    const ms = run({ members: ['A', 'B', 'C', 'D'], inputs, classes, awards: [X, Y], registrations: all(['A', 'B', 'C', 'D'], ['X', 'Y']) });
    expect(brief(ms)).toEqual([
      ['A', 1, null, 'X'],
      ['B', 1, null, 'X'],
      ['C', 3, 'Y', null],
      ['D', 4, null, null],
    ]);
  });
  it('a tie across the cut of 2 awards: rank 1 gets it, the two at rank 2 go to a vote, rank 4 gets nothing', () => {
    const inputs = { A: v(50, 50), B: v(50, 45), C: v(50, 45), D: v(50, 44) };
    const ms = run({
      members: ['A', 'B', 'C', 'D'],
      inputs,
      classes,
      awards: [award('X', { count: 2 }, 'XS')],
      registrations: all(['A', 'B', 'C', 'D'], ['X']),
    });
    expect(brief(ms)).toEqual([
      ['A', 1, 'X', null],
      ['B', 2, null, 'X'],
      ['C', 2, null, 'X'],
      ['D', 4, null, null],
    ]);
  });
  it('a tie inside the quota needs no vote: ranks 1, 1 with 2 awards both get it', () => {
    const inputs = { A: v(50, 45), B: v(50, 45), C: v(50, 44) };
    const ms = run({ members: ['A', 'B', 'C'], inputs, classes, awards: [award('X', { count: 2 }, 'XS')], registrations: all(['A', 'B', 'C'], ['X']) });
    expect(brief(ms)).toEqual([
      ['A', 1, 'X', null],
      ['B', 1, 'X', null],
      ['C', 3, null, null],
    ]);
  });
  it('a tie with an ineligible unit is no tie at the cut: B (tied with A) is not registered → A gets X', () => {
    const inputs = { A: v(50, 45), B: v(50, 45), C: v(50, 44) };
    const ms = run({ members: ['A', 'B', 'C'], inputs, classes, awards: [X], registrations: { A: ['X'], C: ['X'] } });
    expect(brief(ms)).toEqual([
      ['A', 1, 'X', null],
      ['B', 1, null, null],
      ['C', 3, null, null],
    ]);
  });
  it('a veto moves the award to the next eligible unit; rank and class stand', () => {
    const inputs = { A: v(50, 50), B: v(50, 45), C: v(50, 44) };
    const ms = run({ members: ['A', 'B', 'C'], inputs, classes, awards: [X], registrations: all(['A', 'B', 'C'], ['X']), vetoes: { A: 'kỷ luật' } });
    expect(brief(ms)).toEqual([
      ['A', 1, null, null],
      ['B', 2, 'X', null],
      ['C', 3, null, null],
    ]);
    expect(ms[0]).toMatchObject({ classification: 'XS', total: '100.00' });
  });
  it('a unit proposed for an earlier award is not considered for a later one', () => {
    const inputs = { A: v(50, 50), B: v(50, 45) };
    const ms = run({ members: ['A', 'B'], inputs, classes, awards: [X, Y], registrations: all(['A', 'B'], ['X', 'Y']) });
    expect(brief(ms)).toEqual([
      ['A', 1, 'X', null],
      ['B', 2, 'Y', null],
    ]);
  });
  it('needs registration and minClass or a higher class; an unregistered or lower unit is skipped', () => {
    // A 100 XS registered for nothing; B 85 TOT for X and Y; C 60 HT for Y → X (min XS) to nobody, Y to B
    const inputs = { A: v(50, 50), B: v(45, 40), C: v(30, 30) };
    const ms = run({ members: ['A', 'B', 'C'], inputs, classes, awards: [X, Y], registrations: { B: ['X', 'Y'], C: ['Y'] } });
    expect(brief(ms)).toEqual([
      ['A', 1, null, null],
      ['B', 2, 'Y', null],
      ['C', 3, null, null],
    ]);
    const higher = run({ members: ['A', 'B'], inputs, classes, awards: [Y], registrations: { A: ['Y'], B: ['Y'] } });
    expect(brief(higher)).toEqual([
      ['A', 1, 'Y', null],
      ['B', 2, null, null],
    ]); // XS is listed before TOT
  });
});
