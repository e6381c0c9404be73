import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain, formatExplanation, unitChangeLine } from '#shared/insight/explain.js';
import { fromSnapshotJson, snapshotFromRankings, snapshotOf, toSnapshotJson, type Snapshot } from '#shared/insight/snapshot.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson } from '#shared/scoring/rankings-json.js';
import type { Values } from '#shared/model/submission.js';
import { bloc, manual, pts, rate, rubric, section, target } from '../../support/rubric-builders.js';
import { rubricArb, valuesArb } from '../scoring/arbitraries.js';

// A second small bloc (nothing here assumes the sample region): 4 units, 2 sections.
const R = rubric({
  sections: [section('A', [manual('A.1', '5'), target('A.2', '5', '0.9')]), section('B', [manual('B.1', '10')])],
  tieBreak: ['A'],
});
const B = bloc({ rubric: R, members: ['U-1', 'U-2', 'U-3', 'U-4'] });
const vals = (a1: string, a2: [string, string], b1: string): Values => ({ 'A.1': pts(a1), 'A.2': rate(...a2), 'B.1': pts(b1) });

const snap = (inputs: Record<string, Values>, uploads: Record<string, string>, configHash = 'cfg-1', runId = 'run'): Snapshot =>
  snapshotOf(
    computePeriod(B, 'P', { accepted: new Map(Object.entries(inputs).map(([u, values]) => [u, { values }])), rejected: new Set() }),
    { uploads: new Map(Object.entries(uploads)) },
    { runId, configHash },
  );

const base = {
  'U-1': vals('5', ['9', '10'], '9'), // 5 + 5 + 9 = 19
  'U-2': vals('4', ['9', '10'], '9'), // 18
  'U-3': vals('3', ['8', '10'], '8'), // 3 + 4.44 + 8 = 15.44
  'U-4': vals('3', ['9', '10'], '7'), // 15
};
const ups = { 'U-1': 'v1a', 'U-2': 'v2a', 'U-3': 'v3a', 'U-4': 'v4a' };

describe('explain: hand-worked', () => {
  it('a corrected version moves its unit up by its own points and the units it passes by others', () => {
    const before = snap(base, ups, 'cfg-1', 'r1');
    const after = snap({ ...base, 'U-4': vals('5', ['9', '10'], '10') }, { ...ups, 'U-4': 'v4b' }, 'cfg-1', 'r2'); // U-4: 5 + 5 + 10 = 20
    const ex = explain(before, after, ['g']);
    expect(ex.configChanged).toBe(false);
    expect(ex.units.map((u) => [u.unit, u.rank.from, u.rank.to, u.by])).toEqual([
      ['U-4', 4, 1, 'own'],
      ['U-1', 1, 2, 'others'],
      ['U-2', 2, 3, 'others'],
      ['U-3', 3, 4, 'others'],
    ]);
    const u4 = ex.units[0]!;
    expect(u4.total).toEqual({ from: 1500n, to: 2000n });
    expect(u4.changes).toEqual([
      { code: 'A.1', level: 'criterion', from: 300n, to: 500n, causes: [{ kind: 'version', from: 'v4a', to: 'v4b' }] },
      { code: 'B.1', level: 'criterion', from: 700n, to: 1000n, causes: [{ kind: 'version', from: 'v4a', to: 'v4b' }] },
    ]);
    expect(unitChangeLine(u4)).toBe(
      'U-4: hạng 4 → 1 (tổng 15,00 → 20,00, do điểm của chính đơn vị): A.1 3,00 → 5,00 (phiên bản mới v4b); B.1 7,00 → 10,00 (phiên bản mới v4b)',
    );
    expect(unitChangeLine(ex.units[1]!)).toBe('U-1: hạng 1 → 2 (tổng 19,00 không đổi, do điểm của đơn vị khác)');
  });

  it('a configuration change is named as the cause when the versions stand', () => {
    const before = snap(base, ups, 'cfg-1');
    // The same inputs under a rubric whose A.2 target is 0.8 instead of 0.9: U-3 gets 5.00 for 80 %.
    const r2 = rubric({ sections: [section('A', [manual('A.1', '5'), target('A.2', '5', '0.8')]), section('B', [manual('B.1', '10')])], tieBreak: ['A'] });
    const b2 = bloc({ rubric: r2, members: ['U-1', 'U-2', 'U-3', 'U-4'] });
    const after = snapshotOf(
      computePeriod(b2, 'P', { accepted: new Map(Object.entries(base).map(([u, values]) => [u, { values }])), rejected: new Set() }),
      { uploads: new Map(Object.entries(ups)) },
      { configHash: 'cfg-2' },
    );
    const ex = explain(before, after);
    expect(ex.configChanged).toBe(true);
    expect(ex.units.map((u) => u.unit)).toEqual(['U-3']); // 15.44 → 16.00: still third, above U-4 (15.00)
    expect(ex.units[0]!.changes).toEqual([{ code: 'A.2', level: 'criterion', from: 444n, to: 500n, causes: [{ kind: 'config', from: 'cfg-1', to: 'cfg-2' }] }]);
  });

  it('reviews and decisions are causes; a unit that appears is explained from nothing', () => {
    const before = snap({ 'U-1': base['U-1'], 'U-2': base['U-2'] }, ups);
    const after: Snapshot = snap({ ...base, 'U-1': vals('3', ['9', '10'], '9') }, ups);
    const review = { reviewer: 'THADS-X', role: 'assigned' as const, at: 'r-1', reason: 'Thiếu minh chứng' };
    const late = { id: 'd-1', kind: 'accept-late' as const, actor: 'truong.khoi', reason: 'Công văn 12', uploadId: 'v3a' };
    after.units['U-1']!.reviews = { 'A.1': review };
    after.units['U-3']!.decision = late;
    const ex = explain(before, after, ['g']);
    const u1 = ex.units.find((u) => u.unit === 'U-1')!;
    expect(u1.changes[0]!.causes).toEqual([{ kind: 'review', from: null, to: review }]);
    const u3 = ex.units.find((u) => u.unit === 'U-3')!;
    expect(u3.status).toEqual({ from: 'missing', to: 'accepted' });
    expect(u3.changes).toEqual([]);
    expect(u3.causes).toEqual([{ kind: 'decision', from: null, to: late }]);
    expect(unitChangeLine(u3)).toBe(
      'U-3: hạng — (chưa gửi) → 3 (tổng — → 15,44, do điểm của chính đơn vị): vào xếp hạng (quyết định tiếp nhận tệp nộp muộn v3a (truong.khoi, lý do: Công văn 12))',
    );
    expect(unitChangeLine(u1)).toBe(
      'U-1: hạng 1 → 2 (tổng 19,00 → 17,00, do điểm của chính đơn vị): A.1 5,00 → 3,00 (thẩm định của THADS-X, lý do: Thiếu minh chứng)',
    );
  });

  it('against an old run without snapshot (rankings.json only) explains sections, bonus and deduction', () => {
    const result = (inputs: Record<string, Values>) =>
      computePeriod(B, 'P', { accepted: new Map(Object.entries(inputs).map(([u, values]) => [u, { values }])), rejected: new Set() });
    const before = snapshotFromRankings(toRankingsJson(result(base)), { runId: 'old' });
    const after = snap({ ...base, 'U-3': vals('5', ['8', '10'], '8') }, ups); // 17.44: passes U-4 (15)
    const ex = explain(before, after);
    const u3 = ex.units.find((u) => u.unit === 'U-3')!;
    expect(u3.level).toBe('section');
    expect(u3.changes).toEqual([{ code: 'A', level: 'section', from: 744n, to: 944n, causes: [{ kind: 'version', from: null, to: 'v3a' }] }]);
    expect(formatExplanation(ex).join('\n')).toContain('phần A 7,44 → 9,44');
  });

  it('snapshot.json reads back what was written', () => {
    const s = snap(base, ups, 'cfg-1', 'r1');
    expect(fromSnapshotJson(JSON.parse(JSON.stringify(toSnapshotJson(s))))).toEqual(s);
  });
});

describe('explain: properties', () => {
  const periodArb = rubricArb.chain((r) =>
    fc.record({
      r: fc.constant(r),
      members: fc.integer({ min: 1, max: 6 }).map((n) => Array.from({ length: n }, (_, i) => `M${i}`)),
      a: fc.array(valuesArb(r), { minLength: 6, maxLength: 6 }),
      b: fc.array(valuesArb(r), { minLength: 6, maxLength: 6 }),
      changed: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    }),
  );
  const snapOf = (r: Parameters<typeof bloc>[0]['rubric'], members: string[], values: Values[], uploads: string[]) => {
    const b = bloc({ rubric: r, members });
    return snapshotOf(
      computePeriod(b, 'P', { accepted: new Map(members.map((m, i) => [m, { values: values[i]! }])), rejected: new Set() }),
      { uploads: new Map(members.map((m, i) => [m, uploads[i]!])) },
      { configHash: 'c' },
    );
  };

  it('a recomputation that moves nothing explains nothing', () => {
    fc.assert(
      fc.property(periodArb, ({ r, members, a }) => {
        const s = snapOf(
          r,
          members,
          a,
          members.map((m) => `${m}-v1`),
        );
        expect(explain(s, s).units).toEqual([]);
        // New versions with the same points: ranks and totals stand, nothing to explain.
        const t = snapOf(
          r,
          members,
          a,
          members.map((m) => `${m}-v2`),
        );
        expect(explain(s, t).units).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('explains exactly the units whose rank or total moved; a unit whose total stands moved by others', () => {
    fc.assert(
      fc.property(periodArb, ({ r, members, a, b, changed }) => {
        const v2 = members.map((_, i) => (changed[i] ? b[i]! : a[i]!));
        const s = snapOf(
          r,
          members,
          a,
          members.map((m) => `${m}-v1`),
        );
        const t = snapOf(
          r,
          members,
          v2,
          members.map((m, i) => (changed[i] ? `${m}-v2` : `${m}-v1`)),
        );
        const ex = explain(s, t);
        const moved = members.filter(
          (m) => s.units[m]!.rank !== t.units[m]!.rank || s.units[m]!.total !== t.units[m]!.total || s.units[m]!.award !== t.units[m]!.award,
        );
        expect(ex.units.map((u) => u.unit).sort()).toEqual(moved.sort());
        for (const u of ex.units) {
          if (u.total.from === u.total.to && !u.changes.length) expect(u.by).toBe('others');
          if (u.total.from !== u.total.to) expect(u.by).toBe('own');
          // Every criterion change of a unit that sent nothing new would be unexplained: none here.
          for (const c of u.changes) expect(c.causes).toEqual([{ kind: 'version', from: `${u.unit}-v1`, to: `${u.unit}-v2` }]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
