/** Property tests of scoring, ranking and awards over random valid rubrics and tie-prone inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rubric } from '#shared/model/rubric.js';
import { quotaOf } from '#shared/scoring/awards.js';
import { computePeriod, type GroupResult, type MemberResult } from '#shared/scoring/period.js';
import type { MemberScore } from '#shared/scoring/score.js';
import { rat } from '#shared/numbers/rational.js';
import { scenarioArb, type Scenario } from './arbitraries.js';

const RUNS = { numRuns: 300 };

const groupOf = (s: Scenario): GroupResult => computePeriod(s.bloc, 'P', s.inputs).groups[0]!;
const rankedOf = (g: GroupResult) => g.members.filter((m): m is MemberResult & { score: MemberScore; rank: number } => m.rank !== null);
const rubricOf = (s: Scenario): Rubric => s.bloc.groups[0]!.rubric;

/** The ranking keys of SPEC §4, larger is better. */
const keys = (r: Rubric, sc: MemberScore): bigint[] => [sc.total, ...r.tieBreak.map((k) => (k === 'deduction' ? -sc.deduction : sc.sections[k]!))];
const better = (a: bigint[], b: bigint[]): boolean => {
  const i = a.findIndex((x, j) => x !== b[j]);
  return i >= 0 && a[i]! > b[i]!;
};

const labels = (s: Scenario): string[] => {
  const r = rubricOf(s);
  const g = groupOf(s);
  const ranked = rankedOf(g);
  const out = new Set<string>();
  for (const c of r.sections.flatMap((x) => x.criteria))
    out.add(c.type === 'target' ? (c.overBonus ? 'type: target+overBonus' : 'type: target') : c.type === 'bands' ? `type: ${c.measure} bands` : 'type: manual');
  if (new Set(ranked.map((m) => m.rank)).size < ranked.length) out.add('tie in ranking');
  if (ranked.some((m) => ranked.some((o) => o.score.total === m.score.total && o.rank !== m.rank))) out.add('equal totals, broken by tieBreak');
  if (ranked.some((m) => m.classification?.id === 'XS')) out.add('class XS');
  if (ranked.some((m) => m.proposal?.pendingVote)) out.add('pending vote');
  if (ranked.some((m) => m.proposal?.award)) out.add('award given');
  for (const m of ranked) {
    const raw = (codes: string[]) => codes.reduce((a, c) => a + (m.score.criteria[c] ?? 0n), 0n);
    const bonusRaw = raw(r.bonus.criteria.map((c) => c.code)) + Object.values(m.score.overBonus).reduce((a, b) => a + b, 0n);
    if (bonusRaw > r.bonus.max) out.add('bonus cap reached');
    if (raw(r.deduction.criteria.map((c) => c.code)) > r.deduction.max) out.add('deduction cap reached');
    if (m.score.total < 0n) out.add('negative total');
  }
  return [...out];
};

describe('generators', () => {
  it('produce ties, votes, every criterion type and both caps often enough', () => {
    const lines: string[] = [];
    fc.statistics(scenarioArb, labels, { numRuns: 500, seed: 7, logger: (l) => lines.push(l) });
    console.log(lines.join('\n'));
    const counts = new Map<string, number>();
    for (const s of fc.sample(scenarioArb, { numRuns: 500, seed: 7 })) for (const l of labels(s)) counts.set(l, (counts.get(l) ?? 0) + 1);
    for (const l of ['type: manual', 'type: target', 'type: target+overBonus', 'type: rate bands', 'type: value bands', 'tie in ranking', 'award given'])
      expect(counts.get(l) ?? 0, l).toBeGreaterThan(100);
    for (const l of ['pending vote', 'bonus cap reached', 'deduction cap reached', 'equal totals, broken by tieBreak', 'class XS'])
      expect(counts.get(l) ?? 0, l).toBeGreaterThan(25);
  });
});

describe('scoring properties', () => {
  it('totals lie within [−deduction cap, rubric total + bonus cap] and add up', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = rubricOf(s);
        for (const m of rankedOf(groupOf(s))) {
          const sc = m.score;
          expect(sc.total).toBeGreaterThanOrEqual(-r.deduction.max);
          expect(sc.total).toBeLessThanOrEqual(r.total + r.bonus.max);
          r.sections.forEach((x) => expect(sc.sections[x.code]! >= 0n && sc.sections[x.code]! <= x.max).toBe(true));
          expect(sc.bonus >= 0n && sc.bonus <= r.bonus.max && sc.deduction >= 0n && sc.deduction <= r.deduction.max).toBe(true);
          expect(sc.total).toBe(Object.values(sc.sections).reduce((a, b) => a + b, 0n) + sc.bonus - sc.deduction);
        }
      }),
      RUNS,
    );
  });
});

describe('classification property', () => {
  it('is the first class whose minTotal ≤ total and, if it requires targets, every target criterion is met', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const targets = rubricOf(s)
          .sections.flatMap((x) => x.criteria)
          .filter((c) => c.type === 'target');
        for (const m of rankedOf(groupOf(s))) {
          const { values } = s.inputs.accepted.get(m.unit)!;
          const met = targets.every((c) => {
            const { achieved, base } = values[c.code]!;
            return base!.num === 0n || achieved!.num * base!.den * c.target.den >= c.target.num * base!.num * achieved!.den;
          });
          const total = rat(m.score.total, 100n);
          const expected = s.bloc.classes.find((k) => total.num * k.minTotal.den >= k.minTotal.num * total.den && (!k.requireTargets || met));
          expect(m.classification?.id ?? null).toBe(expected?.id ?? null);
        }
      }),
      RUNS,
    );
  });
});

describe('ranking properties', () => {
  it('ranks are competition ranks: 1 + the number of members strictly better; ties share a rank', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = rubricOf(s);
        const ranked = rankedOf(groupOf(s));
        expect(ranked.length).toBe(s.inputs.accepted.size);
        for (const m of ranked) {
          const strictlyBetter = ranked.filter((o) => better(keys(r, o.score), keys(r, m.score))).length;
          expect(m.rank).toBe(1 + strictlyBetter);
          for (const o of ranked) if (keys(r, o.score).join() === keys(r, m.score).join()) expect(o.rank).toBe(m.rank);
        }
        expect(ranked.map((m) => m.rank)).toEqual([...ranked.map((m) => m.rank)].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('shuffling the inputs changes nothing; shuffling bloc order changes only the order among equal ranks', () => {
    const arb = scenarioArb.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.shuffledSubarray([...s.inputs.accepted], { minLength: s.inputs.accepted.size }),
        fc.shuffledSubarray(s.bloc.groups[0]!.members, { minLength: s.bloc.groups[0]!.members.length }),
      ),
    );
    const perUnit = (g: GroupResult) =>
      Object.fromEntries(g.members.map((m) => [m.unit, [m.status, m.rank, m.score?.total, m.classification?.id, m.proposal?.award, m.proposal?.pendingVote]]));
    fc.assert(
      fc.property(arb, ([s, entries, members]) => {
        const before = groupOf(s);
        const sameInputs = groupOf({ ...s, inputs: { ...s.inputs, accepted: new Map(entries) } });
        expect(sameInputs.members).toEqual(before.members);
        const reordered = groupOf({ ...s, bloc: { ...s.bloc, groups: [{ ...s.bloc.groups[0]!, members }] } });
        expect(perUnit(reordered)).toEqual(perUnit(before));
        const position = new Map(members.map((m, i) => [m.code, i]));
        reordered.members.forEach((m, i) => {
          const prev = reordered.members[i - 1];
          if (prev && prev.rank === m.rank) expect(position.get(prev.unit)!).toBeLessThan(position.get(m.unit)!);
        });
      }),
      RUNS,
    );
  });

  it("raising a member's points in a section manual criterion never lowers its rank", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.nat(), (s, pickUnit, pickCriterion) => {
        const manual = rubricOf(s)
          .sections.flatMap((x) => x.criteria)
          .filter((c) => c.type === 'manual');
        const units = [...s.inputs.accepted.keys()];
        fc.pre(manual.length > 0 && units.length > 0);
        const unit = units[pickUnit % units.length]!;
        const c = manual[pickCriterion % manual.length]!;
        const { values } = s.inputs.accepted.get(unit)!;
        fc.pre(values[c.code]!.points!.num * 100n < c.max * values[c.code]!.points!.den);
        const raised = new Map(s.inputs.accepted).set(unit, { values: { ...values, [c.code]: { points: rat(c.max, 100n) } } });
        const find = (g: GroupResult) => g.members.find((m) => m.unit === unit)!;
        const before = find(groupOf(s));
        const after = find(groupOf({ ...s, inputs: { ...s.inputs, accepted: raised } }));
        expect(after.score!.total).toBeGreaterThan(before.score!.total);
        expect(after.rank!).toBeLessThanOrEqual(before.rank!);
      }),
      RUNS,
    );
  });
});

describe('award properties', () => {
  it('follow the ranking within quota; votes only for a tie across the cut; only to eligible units; one per unit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { bloc } = s;
        const g = groupOf(s);
        const ranked = rankedOf(g);
        const classIndex = (id: string | null | undefined) => bloc.classes.findIndex((k) => k.id === id);
        for (const m of g.members) if (m.rank === null) expect(m.proposal).toBeUndefined();
        for (const m of ranked) expect(m.proposal!.award !== null && m.proposal!.pendingVote !== null).toBe(false);
        bloc.awards.forEach((a, ai) => {
          const earlier = new Set(bloc.awards.slice(0, ai).map((x) => x.id));
          const eligible = ranked.filter(
            (m) =>
              (bloc.registrations[m.unit] ?? []).includes(a.id) &&
              classIndex(m.classification?.id) >= 0 &&
              classIndex(m.classification?.id) <= classIndex(a.minClass) &&
              !(m.unit in bloc.vetoes) &&
              !earlier.has(m.proposal!.award ?? '') &&
              !earlier.has(m.proposal!.pendingVote ?? ''),
          );
          const n = quotaOf(a.quota, bloc.groups[0]!.members.length);
          const awarded = ranked.filter((m) => m.proposal!.award === a.id);
          const voted = ranked.filter((m) => m.proposal!.pendingVote === a.id);
          const chosen = new Set([...awarded, ...voted].map((m) => m.unit));
          for (const u of chosen)
            expect(
              eligible.some((m) => m.unit === u),
              `${u} eligible for ${a.id}`,
            ).toBe(true);
          expect(awarded.length).toBeLessThanOrEqual(n);
          const passedOver = eligible.filter((m) => !chosen.has(m.unit));
          if (voted.length === 0) {
            expect(awarded.length).toBe(Math.min(n, eligible.length));
            for (const w of awarded) for (const p of passedOver) expect(w.rank).toBeLessThan(p.rank);
          } else {
            const cut = voted[0]!.rank;
            expect(voted.every((m) => m.rank === cut)).toBe(true);
            expect(voted.map((m) => m.unit)).toEqual(eligible.filter((m) => m.rank === cut).map((m) => m.unit));
            expect(awarded.map((m) => m.unit)).toEqual(eligible.filter((m) => m.rank < cut).map((m) => m.unit));
            expect(awarded.length).toBeLessThan(n);
            expect(awarded.length + voted.length).toBeGreaterThan(n);
          }
        });
      }),
      RUNS,
    );
  });
});
