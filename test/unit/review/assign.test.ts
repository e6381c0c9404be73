/** SPEC §10 `assign-reviews` as a pure function: properties over any group, and hand cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaOf, type Member } from '#shared/model/bloc.js';
import { assignGroup, assignReviewers } from '#shared/review/assign.js';
import { secondBloc } from './second-bloc.js';

/** A group of 2–30 members with arbitrary distinct codes and areas from a small set (or none). */
const groupArb = fc.uniqueArray(fc.stringMatching(/^[A-Z]{1,4}-[A-Z0-9]{1,4}$/), { minLength: 2, maxLength: 30 }).chain((codes) =>
  fc.record({
    members: fc.tuple(
      ...codes.map((code) =>
        fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'E'), { nil: undefined }).map((area): Member => ({ code, name: code, ...(area && { area }) })),
      ),
    ),
    perUnit: fc.integer({ min: 1, max: Math.max(1, codes.length) }),
  }),
);

const group = (members: Member[]) => ({ id: 'g', name: 'Nhóm', members });

/** Is there any assignment at all? Exhaustive, for small groups only. */
const exists = (members: Member[], perUnit: number): boolean => {
  const n = members.length;
  const subsets = (i: number): number[][] => {
    const others = members.map((_, j) => j).filter((j) => j !== i && areaOf(members[j]!) !== areaOf(members[i]!));
    const out: number[][] = [];
    const pick = (from: number, chosen: number[]) => {
      if (chosen.length === perUnit) return void out.push(chosen);
      for (let k = from; k < others.length; k++) pick(k + 1, [...chosen, others[k]!]);
    };
    pick(0, []);
    return out;
  };
  const options = members.map((_, i) => subsets(i));
  const load = new Array<number>(n).fill(0);
  const go = (i: number): boolean => {
    if (i === n) return load.every((l) => l === perUnit);
    for (const s of options[i]!) {
      if (s.some((j) => load[j]! >= perUnit)) continue;
      s.forEach((j) => load[j]!++);
      if (go(i + 1)) return true;
      s.forEach((j) => load[j]!--);
    }
    return false;
  };
  return go(0);
};

describe('assignGroup: properties over any group of 2–30 members', () => {
  it('when it assigns: each member reviews N, is reviewed by N, never itself, never its own area, only its group', () => {
    fc.assert(
      fc.property(groupArb, ({ members, perUnit }) => {
        const r = assignGroup(group(members), perUnit);
        if (!r.ok) return;
        const codes = members.map((m) => m.code);
        expect(Object.keys(r.reviewers)).toEqual(codes);
        const byCode = new Map(members.map((m) => [m.code, m]));
        const reviewedBy = new Map(codes.map((c) => [c, 0]));
        for (const [reviewer, units] of Object.entries(r.reviewers)) {
          expect(units).toHaveLength(perUnit);
          expect(new Set(units).size).toBe(perUnit);
          expect([...units].sort()).toEqual(units);
          for (const u of units) {
            expect(u).not.toBe(reviewer);
            expect(byCode.has(u)).toBe(true);
            expect(areaOf(byCode.get(u)!)).not.toBe(areaOf(byCode.get(reviewer)!));
            reviewedBy.set(u, reviewedBy.get(u)! + 1);
          }
        }
        expect([...reviewedBy.values()].every((k) => k === perUnit)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same group gives the same answer', () => {
    fc.assert(
      fc.property(groupArb, ({ members, perUnit }) => {
        expect(assignGroup(group(members), perUnit)).toEqual(assignGroup(group(structuredClone(members)), perUnit));
      }),
      { numRuns: 100 },
    );
  });

  it('fails exactly when no assignment exists (checked exhaustively on groups of 2–6)', () => {
    const small = fc.integer({ min: 2, max: 6 }).chain((n) =>
      fc.record({
        members: fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }).map((area): Member => ({ code: `U${i}`, name: `U${i}`, ...(area && { area }) })),
          ),
        ),
        perUnit: fc.integer({ min: 1, max: n }),
      }),
    );
    fc.assert(
      fc.property(small, ({ members, perUnit }) => {
        const r = assignGroup(group(members), perUnit);
        expect(r.ok).toBe(perUnit < members.length && exists(members, perUnit));
        if (!r.ok) expect(r.reason).toMatch(/^Khối "Nhóm" \(g\)/);
      }),
      { numRuns: 400 },
    );
  });

  it('without areas, always assigns when N < group size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 29 }), (n, perUnit) => {
        fc.pre(perUnit < n);
        const members = Array.from({ length: n }, (_, i) => ({ code: `X${i}`, name: `X${i}` }));
        expect(assignGroup(group(members), perUnit).ok).toBe(true);
      }),
    );
  });
});

describe('assignGroup: hand cases', () => {
  const m = (code: string, area?: string): Member => ({ code, name: code, ...(area && { area }) });

  it('N = 1 on four members of four areas: each reviews the next, none reviews its reviewer', () => {
    const r = assignGroup(group([m('P', 'a'), m('Q', 'b'), m('R', 'c'), m('S', 'd')]), 1);
    expect(r).toEqual({ ok: true, reviewers: { P: ['Q'], Q: ['R'], R: ['S'], S: ['P'] } });
  });

  it('steps over a neighbour of the same area', () => {
    // P and Q share area a: shift 1 pairs P → Q, so shift 2 is taken (P → R, Q → S, R → P, S → Q).
    const r = assignGroup(group([m('P', 'a'), m('Q', 'a'), m('R', 'b'), m('S', 'c')]), 1);
    expect(r).toEqual({ ok: true, reviewers: { P: ['R'], Q: ['S'], R: ['P'], S: ['Q'] } });
  });

  it('finds an assignment no circulant gives (the flow): areas a b b a, N = 2 — only shift 2 crosses areas', () => {
    const r = assignGroup(group([m('P', 'a'), m('Q', 'b'), m('R', 'b'), m('S', 'a')]), 2);
    expect(r).toEqual({ ok: true, reviewers: { P: ['Q', 'R'], Q: ['P', 'S'], R: ['P', 'S'], S: ['Q', 'R'] } });
  });

  it('fails when N is not below the group size', () => {
    const r = assignGroup(group([m('P'), m('Q')]), 2);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/có 2 đơn vị.*tối đa 1/) });
  });

  it('fails when one area holds more than half the group', () => {
    const r = assignGroup(group([m('P', 'x'), m('Q', 'x'), m('R', 'y')]), 1);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/địa bàn "x" \(P, Q\) có 2\/3 đơn vị, hơn nửa khối/) });
  });

  it('fails when an area leaves too few others to review', () => {
    const r = assignGroup(group([m('P', 'x'), m('Q', 'x'), m('R', 'y'), m('S', 'z')]), 3);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/chỉ còn 2 đơn vị khác địa bàn.*không đủ 3/) });
  });

  it('refuses a per-unit count that is not a positive integer', () => {
    expect(() => assignGroup(group([m('P'), m('Q')]), 0)).toThrow(RangeError);
    expect(() => assignGroup(group([m('P'), m('Q')]), 1.5)).toThrow(RangeError);
  });
});

describe('assignReviewers on the second bloc', () => {
  it('reports the group that cannot be assigned (cuc: area BRV holds 2 of 3) and nothing else', async () => {
    const r = assignReviewers(await secondBloc(), 1);
    expect(r).toEqual({ ok: false, failures: [{ group: 'cuc', reason: expect.stringMatching(/BRV/) }] });
  });

  it('merges the groups when all can be assigned', async () => {
    const bloc = await secondBloc((b) => (b.groups[1].members[2].area = 'XMO'));
    const r = assignReviewers(bloc, 1);
    expect(r).toEqual({
      ok: true,
      reviewers: {
        'SO-DNI': ['SO-BDG'],
        'SO-BDG': ['SO-BPC'],
        'SO-BPC': ['SO-LKH'],
        'SO-LKH': ['SO-TNH'],
        'SO-TNH': ['SO-DNI'],
        'CUC-VTA': ['CUC-BRA'],
        'CUC-BRA': ['CUC-XMO'],
        'CUC-XMO': ['CUC-VTA'],
      },
    });
  });
});
