/** SPEC §4 scoring rules, each worked by hand. Points are BigInt hundredths: 3.13 → 313n. */
import { describe, expect, it } from 'vitest';
import { formatHundredths } from '#shared/numbers/rational.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson } from '#shared/scoring/rankings-json.js';
import { criterionPoints, overBonusOf } from '#shared/model/criterion-points.js';
import { scoreMember } from '#shared/scoring/score.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import { bloc, klass, manual, pool, pts, rate, rateBands, rubric, section, target, val, valueBands } from '../../support/rubric-builders.js';

describe('target criteria', () => {
  const t = target('T', '5', '0.8');

  it('rounds half up at .xx5: 5 × (1/2)/0.8 = 3.125 → 3.13', () => {
    expect(criterionPoints(t, rate('1', '2'))).toBe(313n);
  });
  it('rounds down below .xx5: 5 × 0.4998/0.8 = 3.12375 → 3.12', () => {
    expect(criterionPoints(t, rate('2499', '5000'))).toBe(312n);
  });
  it('gives max when base = 0 (nothing to do)', () => {
    expect(criterionPoints(t, rate('0', '0'))).toBe(500n);
  });
  it('caps at max once the target is reached: 5 × min(1, 0.9/0.8) = 5', () => {
    expect(criterionPoints(t, rate('9', '10'))).toBe(500n);
  });
  it('gives 0 for nothing achieved: 5 × 0/0.8 = 0', () => {
    expect(criterionPoints(t, rate('0', '10'))).toBe(0n);
  });
});

describe('bands', () => {
  const rateB = rateBands('B', '8', [
    ['1', '8'],
    ['0.95', '7'],
    ['0.8', '6'],
  ]);
  const valueB = valueBands('V', '2', [
    ['0', '2'],
    ['2', '1.5'],
    ['5', '1'],
    ['10', '0.5'],
  ]);

  it('counts a rate exactly on a band edge: 19/20 = 0.95 ≥ 0.95 → 7', () => {
    expect(criterionPoints(rateB, rate('19', '20'))).toBe(700n);
  });
  it('a rate just under the edge falls to the next band: 189/200 = 0.945 → 6', () => {
    expect(criterionPoints(rateB, rate('189', '200'))).toBe(600n);
  });
  it('a rate under every band gets 0: 79/100 < 0.8 → 0', () => {
    expect(criterionPoints(rateB, rate('79', '100'))).toBe(0n);
  });
  it('rate bands with base = 0 give max', () => {
    expect(criterionPoints(rateB, rate('0', '0'))).toBe(800n);
  });
  it('counts a value exactly on an atMost edge: 2 days ≤ 2 → 1.5; 10 ≤ 10 → 0.5', () => {
    expect(criterionPoints(valueB, val('2'))).toBe(150n);
    expect(criterionPoints(valueB, val('10'))).toBe(50n);
  });
  it('a value just over an edge falls to the next band: 2.01 → 1; 0 → 2; 10.5 → 0', () => {
    expect(criterionPoints(valueB, val('2.01'))).toBe(100n);
    expect(criterionPoints(valueB, val('0'))).toBe(200n);
    expect(criterionPoints(valueB, val('10.5'))).toBe(0n);
  });
});

describe('over-target bonus', () => {
  const t = target('I.1', '20', '0.839', { perPercent: '0.5', cap: '2' });

  it('target 83.90 %, achieved 85.37 %: w = floor(1.47) = 1 → 1 × 0.5 = 0.50', () => {
    expect(overBonusOf(t, rate('8537', '10000'))).toBe(50n);
  });
  it('achieved exactly 83.90 %: w = 0 → 0', () => {
    expect(overBonusOf(t, rate('8390', '10000'))).toBe(0n);
  });
  it('achieved 84.89 %: w = floor(0.99) = 0 → 0; 84.90 %: w = 1 → 0.50', () => {
    expect(overBonusOf(t, rate('8489', '10000'))).toBe(0n);
    expect(overBonusOf(t, rate('8490', '10000'))).toBe(50n);
  });
  it('is capped: 100 %: w = floor(16.1) = 16 → 16 × 0.5 = 8 → cap 2', () => {
    expect(overBonusOf(t, rate('10', '10'))).toBe(200n);
  });
  it('is 0 with base = 0 or no overBonus configured', () => {
    expect(overBonusOf(t, rate('0', '0'))).toBe(0n);
    expect(overBonusOf(target('X', '20', '0.839'), rate('10', '10'))).toBe(0n);
  });
});

describe('pools and totals', () => {
  const r = rubric({
    sections: [section('I', [target('I.1', '20', '0.839', { perPercent: '0.5', cap: '2' }), manual('I.2', '10', '0.5')])],
    bonus: pool('C', '5', [manual('C.1', '2'), manual('C.2', '2')]),
    deduction: pool('D', '10', [manual('D.1', '5'), manual('D.2', '5'), manual('D.3', '2')]),
  });

  it('caps the bonus: C.1 2 + C.2 2 + overBonus 2 (100 %) = 6 → 5', () => {
    const s = scoreMember(r, { 'I.1': rate('10', '10'), 'I.2': pts('10'), 'C.1': pts('2'), 'C.2': pts('2') });
    expect(s.overBonus['I.1']).toBe(200n);
    expect(s.bonus).toBe(500n);
    expect(s.total).toBe(2000n + 1000n + 500n); // 20 + 10 + 5, above the rubric total 30
  });
  it('adds the overBonus to the bonus below the cap: C.1 1 + overBonus 0.5 = 1.5', () => {
    const s = scoreMember(r, { 'I.1': rate('8537', '10000'), 'I.2': pts('0'), 'C.1': pts('1') });
    expect(s.bonus).toBe(150n);
  });
  it('caps the deduction: 5 + 5 + 2 = 12 → 10', () => {
    const s = scoreMember(r, { 'I.1': rate('0', '0'), 'I.2': pts('3'), 'D.1': pts('5'), 'D.2': pts('5'), 'D.3': pts('2') });
    expect(s.deduction).toBe(1000n);
    expect(s.total).toBe(2000n + 300n - 1000n); // 20 + 3 − 10 = 13
  });
  it('writes a negative total as "-1.50": 0 + 0 + 0 − 1.5', () => {
    const s = scoreMember(r, { 'I.1': rate('0', '7'), 'I.2': pts('0'), 'D.3': pts('1.5') });
    expect(s.total).toBe(-150n);
    expect(formatHundredths(s.total)).toBe('-1.50');
    const b = bloc({ rubric: r, members: ['U'], classes: [klass('OK', '0')] });
    const json = toRankingsJson(
      computePeriod(b, 'P', { accepted: new Map([['U', { values: { 'I.1': rate('0', '7'), 'I.2': pts('0'), 'D.3': pts('1.5') } }]]), rejected: new Set() }),
    );
    expect(json.groups[0]!.members[0]).toMatchObject({ total: '-1.50', deduction: '1.50', classification: null });
  });
  it('section score is the sum of its criteria: 20 × (1/2)/0.839 = 11.918… → 11.92, + 4.5 = 16.42', () => {
    const s = scoreMember(r, { 'I.1': rate('1', '2'), 'I.2': pts('4.5') });
    expect(s.criteria['I.1']).toBe(1192n);
    expect(s.sections['I']).toBe(1642n);
  });
});

describe('exactness and reviews', () => {
  const r = rubric({
    sections: [section('I', [target('I.2', '20', '0.519', { perPercent: '0.5', cap: '2' }), manual('I.3', '6', '0.5')])],
    bonus: pool('C', '5'),
  });
  const b = bloc({ rubric: r, members: ['U'], classes: [klass('XS', '20', true), klass('OK', '0')] });

  it('computes money beyond 2^53 exactly: (528999999999999999/10^18 − 0.519) × 100 = 0.99…9 → w = 0', () => {
    const base = (10n ** 18n).toString();
    const below = readJsonInputs(b, { U: { 'I.2': { achieved: '528999999999999999', base }, 'I.3': '0' } });
    const at = readJsonInputs(b, { U: { 'I.2': { achieved: '529000000000000000', base }, 'I.3': '0' } });
    expect([...below.problems, ...at.problems]).toEqual([]);
    expect(scoreMember(r, below.values.get('U')!).overBonus['I.2']).toBe(0n); // floats give 0.529 → w = 1
    expect(scoreMember(r, at.values.get('U')!).overBonus['I.2']).toBe(50n);
  });
  it('a rate one đồng below target beyond 2^53 does not meet it', () => {
    const base = 2n ** 60n * 1000n; // 0.519 × base = 519 × 2^60, an integer
    const a = 519n * 2n ** 60n;
    const met = scoreMember(r, { 'I.2': rate(a.toString(), base.toString()), 'I.3': pts('0') });
    const missed = scoreMember(r, { 'I.2': rate((a - 1n).toString(), base.toString()), 'I.3': pts('0') });
    expect([met.targetsMet, met.criteria['I.2']]).toEqual([true, 2000n]);
    expect([missed.targetsMet, missed.criteria['I.2']]).toEqual([false, 2000n]); // 19.99999… → 20.00 but not met
  });
  it('a review replaces the self-score: I.3 self 4 → reviewed 2.5; I.2 reviewed base', () => {
    const values = { 'I.2': rate('519', '1000'), 'I.3': pts('4') };
    const reviews = {
      'I.3': { ...pts('2.5'), reason: 'thiếu minh chứng', reviewer: 'LEAD' },
      'I.2': { ...rate('519', '2000'), reason: 'số phải thực hiện sai', reviewer: 'LEAD' },
    };
    const self = scoreMember(r, values);
    const reviewed = scoreMember(r, values, reviews);
    expect(self.sections['I']).toBe(2000n + 400n);
    // 20 × (0.2595/0.519) = 10.00; 10 + 2.5 = 12.5
    expect(reviewed.criteria).toMatchObject({ 'I.2': 1000n, 'I.3': 250n });
    expect(reviewed.sections['I']).toBe(1250n);
    expect(reviewed.targetsMet).toBe(false);
  });
  it('computePeriod applies the reviews of an accepted submission', () => {
    const accepted = new Map([
      ['U', { values: { 'I.2': rate('1', '1'), 'I.3': pts('6') }, reviews: { 'I.3': { ...pts('0'), reason: 'x', reviewer: 'LEAD' } } }],
    ]);
    const json = toRankingsJson(computePeriod(b, 'P', { accepted, rejected: new Set() }));
    // 20 + 0 (reviewed I.3) + bonus: overBonus min(2, floor(48.1) × 0.5) = 2 → 22
    expect(json.groups[0]!.members[0]).toMatchObject({ total: '22.00', sections: { I: '20.00' }, bonus: '2.00' });
  });
});
