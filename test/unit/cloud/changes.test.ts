/** GET /changes and the board's flag counts on the in-memory adapters, over runs recompute writes (sample region). */
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryRuntime } from '#shared/cloud/memory.js';
import { flagCounts, unitChanges, type ChangesDeps } from '#shared/cloud/use-cases/changes.js';
import { LinkError } from '#shared/cloud/use-cases/links.js';
import { countFlags } from '#shared/insight/flags.js';
import { apiClient } from '../../support/cloud-api.js';
import { factsOfState, periodFlags, resultOfState } from '#shared/insight/period.js';
import type { Bloc } from '#shared/model/bloc.js';
import { publish, reopen } from '#shared/pipeline/decisions.js';
import { ingestNew } from '#shared/pipeline/ingest.js';
import { recompute } from '#shared/pipeline/recompute.js';
import type { Credential } from '#shared/store/credential-port.js';
import { timeSortableId } from '#shared/store/keys.js';
import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import type { RunRecord } from '#shared/store/ports.js';
import { filledWorkbook, goldenInputs, sampleBloc, type GoldenInputs } from '../../support/sample.js';

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));
const cred = (role: string, unit: string): Credential => ({ bloc: 'ntb-tn', id: `${role}-${unit}`, role, unit, issuedAt: '', issuedBy: 'test' }) as Credential;

describe('GET /changes (unitChanges) and flagCounts', () => {
  let bloc: Bloc;
  let inputs: GoldenInputs;
  let d: ChangesDeps & ReturnType<typeof memoryRuntime> & { ledger: MemoryPeriodLedger };
  const runs: RunRecord[] = [];
  const lead = () => cred('lead', bloc.lead);
  const upload = async (unit: string, when: Date, n: number, overrides = {}) =>
    ingestNew(d, bloc, 'Y', {
      file: `${unit}.xlsx`,
      bytes: await filledWorkbook(bloc, unit, inputs, overrides),
      uploadId: timeSortableId(when, `c-${n}`),
      receivedAt: when,
      judgeLateness: false,
    });
  const run = async (when: Date) => {
    const r = await recompute(d, bloc, 'Y', { now: when });
    expect(r.skipped).toBe(false);
    runs.push(r.run);
  };
  const ref = (r: RunRecord) => ({ runId: r.runId, generatedAt: r.generatedAt });

  beforeAll(async () => {
    [bloc, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    const rt = memoryRuntime({ blocs: [bloc] });
    d = { ...rt, ledger: new MemoryPeriodLedger(rt.store), actor: 'truong.khoi' };
  });

  it('before any run: nothing; after one run: `to` only, no unit', async () => {
    expect(await unitChanges(d, lead(), { period: 'Y' })).toEqual({ period: 'Y', from: null, to: null, units: [] });
    expect(await flagCounts(d, bloc, 'Y')).toEqual(new Map());
    for (const [i, unit] of ['STP-KHA', 'STP-DNO', 'STP-QNG', 'STP-GLA'].entries()) await upload(unit, at(18), i);
    await run(at(18, 12));
    expect(await unitChanges(d, lead(), { period: 'Y' })).toEqual({ period: 'Y', from: null, to: ref(runs[0]!), units: [] });
  });

  it('flagCounts: the flags of the latest run per unit, as the flags of the period count them', async () => {
    const key = { bloc: bloc.id, year: bloc.year, period: 'Y' };
    const state = await d.store.state(key);
    const flags = periodFlags(resultOfState(bloc, 'Y', state), factsOfState(state, await d.store.versions(key)));
    expect(flags.length).toBeGreaterThan(0);
    expect(await flagCounts(d, bloc, 'Y')).toEqual(new Map([...countFlags(flags)].map(([u, c]) => [u, c.total])));
  });

  it('the latest run against the last published one; the lead sees every unit that moved, a member or reviewer its own', async () => {
    const pub = await publish(d, bloc, 'Y', { actor: 'truong.khoi', now: at(19) });
    expect(pub.runId).toBe(runs[0]!.runId);
    await reopen(d, bloc, 'Y', { actor: 'truong.khoi', now: at(20), reason: 'Sửa số liệu' });
    const kha = await upload('STP-KHA', at(20, 10), 5, { 'I.2': { points: 4 } }); // 84.37 − 2
    await run(at(20, 12));
    await upload('STP-GLA', at(21, 10), 6, { 'I.2': { points: 0 } });
    await run(at(21, 12));

    const all = await unitChanges(d, lead(), { period: 'Y' });
    expect(all.from).toEqual(ref(runs[0]!));
    expect(all.to).toEqual(ref(runs[2]!));
    const k = all.units.find((u) => u.unit === 'STP-KHA')!;
    expect(k).toMatchObject({ name: expect.stringContaining('Khánh Hòa'), totalBefore: '84.37', totalAfter: '82.37', by: 'own' });
    expect(k.lines[0]).toMatch(/^STP-KHA: hạng \d+ → \d+ \(tổng 84,37 → 82,37, do điểm của chính đơn vị\):$/);
    expect(k.lines.slice(1)).toEqual([`- I.2 6,00 → 4,00 (phiên bản mới ${kha.version.uploadId})`]);
    expect(all.units.map((u) => u.unit)).toContain('STP-GLA');
    for (const u of all.units) expect(u.rankBefore !== u.rankAfter || u.totalBefore !== u.totalAfter).toBe(true);

    for (const who of [cred('member', 'STP-KHA'), cred('reviewer', 'STP-KHA')]) {
      const own = await unitChanges(d, who, { period: 'Y' });
      expect(own.units).toEqual([k]);
      expect(own.from).toEqual(all.from);
    }
    const untouched = await unitChanges(d, cred('member', 'STP-BDI'), { period: 'Y' });
    expect(untouched.units).toEqual([]);
  });

  it('through the links API: GET /changes for a member, and the board with flag counts and totals of the latest run', async () => {
    const call = apiClient(() => d);
    const token = async (role: 'lead' | 'member', unit: string) => (await d.credentials.issue({ bloc: bloc.id, role, unit, issuedBy: 'test' })).token;
    const [lead, kha] = [await token('lead', bloc.lead), await token('member', 'STP-KHA')];
    const mine = await call(kha, 'GET', '/changes', { query: { period: 'Y' } });
    expect(mine.status).toBe(200);
    expect(mine.body.units.map((u: { unit: string }) => u.unit)).toEqual(['STP-KHA']);
    expect((await call(lead, 'GET', '/changes', { query: { period: 'Y' } })).body.units.length).toBeGreaterThan(1);

    const board = (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body;
    const counts = await flagCounts(d, bloc, 'Y');
    expect(counts.size).toBeGreaterThan(0);
    for (const m of board.members) expect(m.flags).toBe(counts.get(m.unit) ?? 0);
    const rankings = JSON.parse(Buffer.from(await d.blobs.get(runs[2]!.rankingsKey)).toString('utf8'));
    const ranked = rankings.groups.flatMap((g: { members: { unit: string; status: string; total?: string }[] }) => g.members);
    for (const r of ranked.filter((x: { status: string }) => x.status === 'accepted'))
      expect(board.members.find((m: { unit: string }) => m.unit === r.unit).total).toBe(r.total);
  });

  it('without a publication (no ledger): the latest against the previous run', async () => {
    const { ledger: _ledger, ...noLedger } = d;
    const r = await unitChanges(noLedger, lead(), { period: 'Y' });
    expect([r.from, r.to]).toEqual([ref(runs[1]!), ref(runs[2]!)]);
    expect(r.units.find((u) => u.unit === 'STP-GLA')?.by).toBe('own');
    for (const u of r.units) expect(u.unit === 'STP-GLA' || u.by === 'others').toBe(true);
  });

  it('an unknown period is a 400', async () => {
    await expect(unitChanges(d, lead(), { period: 'Q9' })).rejects.toMatchObject({ status: 400 });
    await expect(unitChanges(d, lead(), {})).rejects.toBeInstanceOf(LinkError);
  });
});
