/** fast-check generators of valid rubrics, blocs and member inputs that often tie. */
import fc from 'fast-check';
import { rat, type Rational } from '#shared/numbers/rational.js';
import type { Award, Bloc } from '#shared/model/bloc.js';
import type { Criterion, ManualCriterion, Pool, Rubric, Section } from '#shared/model/rubric.js';
import type { Entry, Values } from '#shared/model/submission.js';
import type { PeriodInputs } from '#shared/scoring/period.js';
import { q } from '../../support/rubric-builders.js';

const MAXES = [100n, 200n, 300n, 500n]; // hundredths; every step below divides them
const STEPS = [1n, 25n, 50n, 100n];
const labels = { achievedLabel: 'a', baseLabel: 'b' };

const manualArb = (code: string): fc.Arbitrary<ManualCriterion> =>
  fc.record({ max: fc.constantFrom(...MAXES), step: fc.constantFrom(...STEPS) }).map((c) => ({ code, title: code, type: 'manual', ...c }));

/** Band points: fractions of max, nonincreasing as bands get worse. */
const bandPoints = (max: bigint, n: number): bigint[] => Array.from({ length: n }, (_, i) => (max * BigInt(n - i)) / BigInt(n));

const criterionArb = (code: string): fc.Arbitrary<Criterion> =>
  fc.oneof(
    manualArb(code),
    fc
      .record({
        max: fc.constantFrom(...MAXES),
        target: fc.constantFrom('0.5', '0.8', '0.839', '0.9', '1'),
        overBonus: fc.option(fc.constantFrom({ pointsPerPercent: 25n, cap: 50n }, { pointsPerPercent: 50n, cap: 200n }), { nil: undefined, freq: 2 }),
      })
      .map(
        ({ max, target, overBonus }): Criterion => ({ code, title: code, type: 'target', max, ...labels, target: q(target), ...(overBonus && { overBonus }) }),
      ),
    fc.record({ max: fc.constantFrom(...MAXES), at: fc.subarray(['1', '0.9', '0.75', '0.5'], { minLength: 1 }) }).map(({ max, at }): Criterion => {
      const pts = bandPoints(max, at.length);
      return { code, title: code, type: 'bands', measure: 'rate', max, ...labels, bands: at.map((a, i) => ({ atLeast: q(a), points: pts[i]! })) };
    }),
    fc.record({ max: fc.constantFrom(...MAXES), at: fc.subarray(['0', '2', '5', '10'], { minLength: 1 }) }).map(({ max, at }): Criterion => {
      const pts = bandPoints(max, at.length);
      return { code, title: code, type: 'bands', measure: 'value', max, ...labels, bands: at.map((a, i) => ({ atMost: q(a), points: pts[i]! })) };
    }),
  );

const sectionArb = (code: string): fc.Arbitrary<Section> =>
  fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => criterionArb(`${code}.${i + 1}`))).map((criteria) => ({
      code,
      title: code,
      max: criteria.reduce((a, c) => a + c.max, 0n),
      criteria,
    })),
  );

const poolArb = (code: string): fc.Arbitrary<Pool> =>
  fc
    .record({
      max: fc.constantFrom(0n, 100n, 200n, 500n),
      n: fc.integer({ min: 0, max: 2 }),
    })
    .chain(({ max, n }) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => manualArb(`${code}.${i + 1}`))).map((criteria) => ({ code, title: code, max, criteria })),
    );

const SECTION_CODES = ['I', 'II', 'III'];

export const rubricArb: fc.Arbitrary<Rubric> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc
    .record({
      sections: fc.tuple(...SECTION_CODES.slice(0, n).map(sectionArb)),
      bonus: poolArb('C'),
      deduction: poolArb('D'),
      tieBreak: fc.shuffledSubarray([...SECTION_CODES.slice(0, n), 'deduction'], { minLength: 1 }),
    })
    .map(({ sections, bonus, deduction, tieBreak }) => ({
      id: 'r',
      name: 'r',
      total: sections.reduce((a, s) => a + s.max, 0n),
      sections,
      bonus,
      deduction,
      tieBreak,
    })),
);

const fromH = (x: bigint): Rational => rat(x, 100n);

/** An entry drawn from a few values, so that members often tie. */
export const entryArb = (c: Criterion): fc.Arbitrary<Entry> => {
  if (c.type === 'manual') {
    const steps = c.max / c.step;
    return fc.constantFrom(0n, steps, steps / 2n, 1n).map((k) => ({ points: fromH(k * c.step) }));
  }
  if (c.type === 'bands' && c.measure === 'value') return fc.constantFrom(0n, 1n, 2n, 5n, 11n).map((a) => ({ achieved: rat(a) }));
  return fc
    .record({ base: fc.constantFrom(0n, 4n, 10n, 1000n), part: fc.constantFrom(0n, 1n, 2n, 3n, 4n) })
    .map(({ base, part }) => ({ achieved: rat((base * part) / 4n), base: rat(base) }));
};

export const valuesArb = (r: Rubric): fc.Arbitrary<Values> => {
  const criteria = [...r.sections.flatMap((s) => s.criteria), ...r.bonus.criteria, ...r.deduction.criteria];
  return fc.tuple(...criteria.map(entryArb)).map((es) => Object.fromEntries(criteria.map((c, i) => [c.code, es[i]!])));
};

/**
 * The same total reached differently, so that ties of totals must be broken by the tie-break keys:
 * a section manual criterion +1.00 with a deduction criterion +1.00 (below the cap), or else +1.00
 * in one section and −1.00 in another. Unchanged when neither is possible.
 */
export const twin = (r: Rubric, values: Values): Values => {
  const h = (code: string): bigint => {
    const p = values[code]?.points ?? rat(0n);
    return (p.num * 100n) / p.den;
  };
  const set = (code: string, x: bigint): Values => ({ [code]: { points: rat(x, 100n) } });
  const up = (c: ManualCriterion) => h(c.code) + 100n <= c.max;
  const manualOf = (sec: Section) => sec.criteria.filter((c): c is ManualCriterion => c.type === 'manual');
  const dedRaw = r.deduction.criteria.reduce((a, c) => a + h(c.code), 0n);
  const c = r.sections.flatMap(manualOf).find(up);
  const d = r.deduction.criteria.find(up);
  if (c && d && dedRaw + 100n <= r.deduction.max) return { ...values, ...set(c.code, h(c.code) + 100n), ...set(d.code, h(d.code) + 100n) };
  for (const [i, a] of r.sections.entries())
    for (const b of r.sections.slice(i + 1)) {
      const plus = manualOf(a).find(up);
      const minus = manualOf(b).find((x) => h(x.code) >= 100n);
      if (plus && minus) return { ...values, ...set(plus.code, h(plus.code) + 100n), ...set(minus.code, h(minus.code) - 100n) };
    }
  return values;
};

export interface Scenario {
  bloc: Bloc;
  inputs: PeriodInputs;
}

const CLASS_IDS = ['XS', 'TOT', 'HT'];

/** A one-group bloc of 2–9 members: most submitted (from a few shared profiles), some missing or rejected. */
export const scenarioArb: fc.Arbitrary<Scenario> = rubricArb.chain((rubric) =>
  fc.integer({ min: 2, max: 9 }).chain((size) => {
    const units = Array.from({ length: size }, (_, i) => `M${i}`);
    return fc
      .record({
        profiles: fc.array(valuesArb(rubric), { minLength: 1, maxLength: 3 }),
        status: fc.array(fc.constantFrom('accepted', 'accepted', 'accepted', 'accepted', 'missing', 'rejected'), { minLength: size, maxLength: size }),
        pick: fc.array(fc.nat(), { minLength: size, maxLength: size }),
        twins: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
        requireTargets: fc.boolean(),
        awards: fc.array(
          fc.record({
            quota: fc.oneof(fc.record({ count: fc.integer({ min: 1, max: 3 }) }), fc.record({ percent: fc.constantFrom(10, 20, 30, 50) })),
            minClass: fc.constantFrom(...CLASS_IDS),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        registrations: fc.array(fc.subarray(['A0', 'A1', 'A2']), { minLength: size, maxLength: size }),
        vetoed: fc.array(
          fc.integer({ min: 0, max: 6 }).map((x) => x === 0),
          { minLength: size, maxLength: size },
        ),
      })
      .map((o): Scenario => {
        const awards: Award[] = o.awards.map((a, i) => ({ id: `A${i}`, name: `A${i}`, ...a }));
        const ids = new Set(awards.map((a) => a.id));
        const accepted = new Map<string, { values: Values }>();
        units.forEach((u, i) => {
          const values = o.profiles[o.pick[i]! % o.profiles.length]!;
          if (o.status[i] === 'accepted') accepted.set(u, { values: o.twins[i] ? twin(rubric, values) : values });
        });
        const T = rubric.total;
        return {
          bloc: {
            id: 'b',
            name: 'b',
            year: 2030,
            lead: units[0]!,
            timezone: 'Asia/Ho_Chi_Minh',
            periods: [{ id: 'P', name: 'P', from: '2030-01-01', to: '2030-12-31', deadline: '2030-12-31' }],
            groups: [{ id: 'g', name: 'g', rubricPath: 'r.json', rubric, members: units.map((code) => ({ code, name: code })) }],
            classes: [
              { id: 'XS', name: 'XS', minTotal: rat(T * 8n, 1000n), requireTargets: o.requireTargets },
              { id: 'TOT', name: 'TOT', minTotal: rat(T * 5n, 1000n), requireTargets: false },
              { id: 'HT', name: 'HT', minTotal: rat(0n), requireTargets: false },
            ],
            awards,
            registrations: Object.fromEntries(units.map((u, i) => [u, o.registrations[i]!.filter((a) => ids.has(a))])),
            vetoes: Object.fromEntries(units.flatMap((u, i) => (o.vetoed[i] ? [[u, 'kỷ luật']] : []))),
          },
          inputs: { accepted, rejected: new Set(units.filter((_, i) => o.status[i] === 'rejected')) },
        };
      });
  }),
);
