/**
 * Each cause of a change, through recompute on the in-memory store and ledger (sample region, its
 * own settings changed here): a new version, a review (reviewer, reason), a decision (a late file
 * accepted, a vote), a configuration change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { explain, unitChangeLine, type Explanation } from '#shared/insight/explain.js';
import { readRunSnapshot } from '#shared/insight/period.js';
import type { Bloc } from '#shared/model/bloc.js';
import { rat } from '#shared/numbers/rational.js';
import { acceptLate, recordVote, type LedgerDeps } from '#shared/pipeline/decisions.js';
import { ingestNew } from '#shared/pipeline/ingest.js';
import { ingestJsonReviews } from '#shared/pipeline/ingest-reviews.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { timeSortableId } from '#shared/store/keys.js';
import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import type { RunRecord } from '#shared/store/ports.js';
import { cycleBloc } from '../../support/audit-cycle.js';
import { filledWorkbook, goldenInputs, type GoldenInputs } from '../../support/sample.js';

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));

describe('explain names the cause of each change, from what recompute keeps', () => {
  const store = new MemorySubmissionStore();
  const deps: LedgerDeps = { store, blobs: new MemoryBlobStore(), ledger: new MemoryPeriodLedger(store), actor: 'truong.khoi' };
  let bloc: Bloc;
  let inputs: GoldenInputs;
  const runs: RunRecord[] = [];
  const upload = async (unit: string, from: string, when: Date, n: number, overrides = {}) =>
    ingestNew(deps, bloc, 'Y', {
      file: `${unit}.xlsx`,
      bytes: await filledWorkbook(bloc, unit, { [unit]: inputs[from]! }, overrides),
      uploadId: timeSortableId(when, `t-${n}`),
      receivedAt: when,
      judgeLateness: true,
    });
  const run = async (when: Date, b = bloc) => {
    const r = await recompute(deps, b, 'Y', { now: when });
    expect(r.skipped).toBe(false);
    runs.push(r.run);
  };
  const explainLast = async (): Promise<Explanation> => {
    const [x, y] = await Promise.all(runs.slice(-2).map((r) => readRunSnapshot(deps.blobs, r)));
    return explain(x!, y!, ['stp', 'thads']);
  };
  const unitOf = (ex: Explanation, unit: string) => ex.units.find((u) => u.unit === unit)!;

  beforeAll(async () => {
    [bloc, inputs] = await Promise.all([cycleBloc(), goldenInputs()]);
    // DNO, PYE and GLA send the same values: a three-way tie for BK_BO, settled by the vote below.
    const units = ['STP-KHA', 'STP-DNO', 'STP-PYE', 'STP-GLA'];
    for (const [i, unit] of units.entries()) await upload(unit, i ? 'STP-DNO' : unit, at(18), i);
    await run(at(18, 12));
  });

  it('a new version: the criteria it changed, with its upload id', async () => {
    const v = await upload('STP-KHA', 'STP-KHA', at(19), 5, { 'I.2': { points: 4 } });
    await run(at(19, 12));
    const kha = unitOf(await explainLast(), 'STP-KHA');
    expect(kha.by).toBe('own');
    expect(kha.changes).toEqual([
      { code: 'I.2', level: 'criterion', from: 600n, to: 400n, causes: [{ kind: 'version', from: expect.any(String), to: v.version.uploadId }] },
    ]);
  });

  it('a review: the reviewer, its role and reason, not the version', async () => {
    const review = (who: string, code: string, value: string, reason: string, when: Date) =>
      ingestJsonReviews(deps, bloc, 'Y', {
        file: `${who}.json`,
        uploadId: timeSortableId(when, `review-${who}`),
        receivedAt: when,
        bytes: new TextEncoder().encode(JSON.stringify({ 'STP-KHA': { [code]: { value, reviewer: who, reason } } })),
      });
    await review('STP-QNG', 'I.3', '5.5', 'Số liệu chưa khớp', at(22, 10));
    await run(at(22, 12));
    const kha = unitOf(await explainLast(), 'STP-KHA');
    expect(kha.changes).toEqual([
      {
        code: 'I.3',
        level: 'criterion',
        from: 600n,
        to: 550n,
        causes: [{ kind: 'review', from: null, to: { reviewer: 'STP-QNG', role: 'assigned', at: expect.any(String), reason: 'Số liệu chưa khớp' } }],
      },
    ]);
    expect(unitChangeLine(kha)).toMatch(/: I\.3 6,00 → 5,50 \(thẩm định của STP-QNG, lý do: Số liệu chưa khớp\)$/);
  });

  it('a late file accepted: the unit enters the ranking by the decision (who, why)', async () => {
    const late = await upload('STP-QNG', 'STP-QNG', at(21), 9);
    expect(late.report.status).toBe('late');
    await acceptLate(deps, bloc, 'Y', { actor: 'truong.khoi', now: at(23), uploadId: late.version.uploadId, reason: 'Công văn giải trình số 12' });
    await run(at(23, 12));
    const qng = unitOf(await explainLast(), 'STP-QNG');
    expect(qng.status).toEqual({ from: 'missing', to: 'accepted' });
    expect(qng.causes).toEqual([
      {
        kind: 'decision',
        from: null,
        to: { id: expect.any(String), kind: 'accept-late', actor: 'truong.khoi', reason: 'Công văn giải trình số 12', uploadId: late.version.uploadId },
      },
    ]);
    expect(unitChangeLine(qng)).toContain(
      `vào xếp hạng (quyết định tiếp nhận tệp nộp muộn ${late.version.uploadId} (truong.khoi, lý do: Công văn giải trình số 12))`,
    );
  });

  it('a vote: the award moves, by others, and the vote (award, winners, reason) is the cause', async () => {
    await recordVote(deps, bloc, 'Y', { actor: 'truong.khoi', now: at(24), award: 'BK_BO', winners: ['STP-DNO', 'STP-GLA'], reason: 'Biên bản họp khối' });
    await run(at(24, 12));
    const ex = await explainLast();
    const winners = ex.units.filter((u) => u.award?.to === 'BK_BO').map((u) => u.unit);
    expect(winners.sort()).toEqual(['STP-DNO', 'STP-GLA']);
    const dno = unitOf(ex, 'STP-DNO');
    expect(dno).toMatchObject({ by: 'others', changes: [], rank: { from: dno.rank.to } });
    expect(dno.causes).toEqual([
      {
        kind: 'decision',
        from: null,
        to: expect.objectContaining({ kind: 'vote', award: 'BK_BO', winners: ['STP-DNO', 'STP-GLA'], reason: 'Biên bản họp khối' }),
      },
    ]);
    expect(unitChangeLine(dno)).toMatch(
      /danh hiệu đề nghị không → BK_BO \(quyết định biểu quyết danh hiệu BK_BO: STP-DNO, STP-GLA \(truong\.khoi, lý do: Biên bản họp khối\)\)$/,
    );
    // Units whose rank, total and award stand are not listed.
    for (const u of ex.units) expect(u.award).toBeDefined();
  });

  it('a configuration change: the configuration hash is the cause, only units whose points moved are listed', async () => {
    const stp = bloc.groups.find((g) => g.id === 'stp')!;
    const target = stp.rubric.sections.flatMap((s) => s.criteria).find((c) => c.type === 'target')!;
    const rubric = {
      ...stp.rubric,
      sections: stp.rubric.sections.map((s) => ({ ...s, criteria: s.criteria.map((c) => (c === target ? { ...c, target: rat(1n, 100n) } : c)) })),
    };
    const changed: Bloc = { ...bloc, groups: bloc.groups.map((g) => (g === stp ? { ...g, rubric } : g)) };
    await run(at(25, 12), changed);
    const ex = await explainLast();
    expect(ex.configChanged).toBe(true);
    expect(ex.units.length).toBeGreaterThan(0);
    for (const u of ex.units)
      for (const c of u.changes) {
        expect(c.code).toBe(target.code);
        expect(c.causes).toEqual([{ kind: 'config', from: ex.from.configHash, to: ex.to.configHash }]);
      }
  });
});
