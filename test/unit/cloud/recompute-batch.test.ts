import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BlocCatalog } from '#shared/cloud/ports.js';
import { recomputeBatch, type QueueMessage } from '#shared/cloud/use-cases/recompute-batch.js';
import { fanOut } from '#shared/cloud/use-cases/fan-out.js';
import { pullRegistered } from '#shared/cloud/use-cases/sheets-pull.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import type { RankingsJson } from '#shared/scoring/rankings-json.js';
import { unavailableReader } from '#shared/source/sheets-api.js';
import { workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';
import { memoryRuntime } from '#shared/cloud/memory.js';
import type { PeriodKey } from '#shared/store/ports.js';

let w: MemoryWorld;
let n = 0;
const message = (o: Record<string, unknown>, id = `m${++n}`): QueueMessage => ({
  id,
  body: JSON.stringify({ bloc: 'ntb-tn', period: 'Y', reason: 'upload', ...o }),
});
const latest = (period = 'Y') => w.rt.store.latestRun(periodKey(w.bloc, period));
const SHEET = {
  period: 'Y',
  unit: 'STP-PYE',
  spreadsheetId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef',
  url: 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef',
};

beforeAll(async () => {
  w = await memoryWorld({ sheets: [SHEET] });
  for (const [i, unit] of ['STP-KHA', 'STP-QNG', 'THADS-KHA'].entries())
    await ingestUpload(w.rt, w.upload(unit, await workbook(w.bloc, unit), { eventTime: `2025-11-18T0${i}:00:00.000Z` }), w.log);
});

describe('recompute a batch of requests (in memory)', () => {
  it('a burst of requests for one period becomes one run that ranks the current submissions', async () => {
    const { failed, runs } = await recomputeBatch(w.rt, [message({}), message({}), message({})], w.log);
    expect(failed).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ bloc: 'ntb-tn', period: 'Y', messageIds: ['m1', 'm2', 'm3'], outcome: { skipped: false } });
    const rankings: RankingsJson = await w.json((await latest())!.rankingsKey);
    expect(rankings.groups.flatMap((g) => g.members.filter((m) => m.rank !== null).map((m) => m.unit)).sort()).toEqual(['STP-KHA', 'STP-QNG', 'THADS-KHA']);
    expect(new TextDecoder().decode((await w.rt.blobs.get((await latest())!.summaryKey)).subarray(0, 2))).toBe('PK');
  });

  it('is skipped when nothing changed: the same run stands, nothing written', async () => {
    const [run, blobs] = [await latest(), w.rt.blobs.keys()];
    const { runs } = await recomputeBatch(w.rt, [message({})], w.log);
    expect(runs[0]!.outcome).toEqual({ run, skipped: true });
    expect(w.rt.blobs.keys()).toEqual(blobs);
  });

  it('a bloc without configuration and a malformed message fail alone; an unknown period is dropped', async () => {
    const { failed, runs } = await recomputeBatch(
      w.rt,
      [
        message({ bloc: 'khoi-khac' }, 'unknown-bloc'),
        message({ period: 'H1' }, 'h1'),
        { id: 'malformed', body: '{"period":"Y"}' },
        message({ period: 'Q9' }, 'no-such-period'),
      ],
      w.log,
    );
    expect(failed.sort()).toEqual(['malformed', 'unknown-bloc']);
    expect(runs.map((r) => [`${r.bloc}/${r.period}`, r.outcome?.skipped ?? null])).toEqual([
      ['khoi-khac/Y', null],
      ['ntb-tn/H1', false],
      ['ntb-tn/Q9', null],
    ]);
    expect(await latest('H1')).toBeDefined();
  });

  it('pulls the registered sheets first for a nightly request only; a failed pull is reported and changes nothing', async () => {
    const pullSheets = vi.fn((bloc, period, plog, registered) =>
      pullRegistered({ ...w.rt, sheets: async () => unavailableReader(new Error('no key')) }, bloc, period, plog, Date.now(), registered),
    );
    await recomputeBatch({ ...w.rt, pullSheets }, [message({ reason: 'upload' })], w.log);
    expect(pullSheets).not.toHaveBeenCalled();
    const versions = (await w.rt.store.versions(periodKey(w.bloc, 'Y'))).length;
    const { failed } = await recomputeBatch({ ...w.rt, pullSheets }, [message({ reason: 'nightly' })], w.log);
    expect(failed).toEqual([]);
    expect(pullSheets).toHaveBeenCalledTimes(1);
    expect(await pullSheets.mock.results[0]!.value).toEqual({ ingested: 0, unchanged: 0, failed: 1, error: 0 });
    const [report] = w.rt.blobs.keys('reports/ntb-tn/2025/Y/pulls/');
    expect(report).toMatch(/\/STP-PYE\.json$/);
    expect(await w.json(report!)).toMatchObject({ unit: 'STP-PYE', status: 'failed', errors: [{ code: 'SHEET_AUTH_FAILED' }] });
    expect((await w.rt.store.versions(periodKey(w.bloc, 'Y'))).length).toBe(versions);
  });

  it('a pull that fails as a whole still lets the period be ranked', async () => {
    const { failed } = await recomputeBatch(
      { ...w.rt, pullSheets: async () => Promise.reject(new Error('sheets.json unreadable')) },
      [message({ reason: 'manual' })],
      w.log,
    );
    expect(failed).toEqual([]);
    expect(w.logs().some((l) => l['message'] === 'registered sheets not pulled; recomputing with what is recorded')).toBe(true);
  });
});

describe('many periods in one batch (in memory)', () => {
  /** The sample bloc with `n` periods P1…Pn, each begun, on a store whose reads of the head can be held or made to fail. */
  const manyPeriods = (n: number) => {
    const bloc = { ...w.bloc, periods: Array.from({ length: n }, (_, i) => ({ ...w.bloc.periods[0]!, id: `P${i + 1}` })) };
    const rt = memoryRuntime({ blocs: [bloc], sheets: { [bloc.id]: [{ ...SHEET, period: 'P1' }] } });
    let running = 0;
    let most = 0;
    const failing = new Set<string>();
    const head = rt.store.head.bind(rt.store);
    rt.store.head = async (key: PeriodKey) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (failing.has(key.period)) throw new Error(`store refused ${key.period}`);
      return head(key);
    };
    const messages = (reason = 'upload') => bloc.periods.map((p) => message({ period: p.id, reason }, `${p.id}-${++n}`));
    return { rt, messages, failing, most: () => most };
  };

  it('recomputes at most `parallel` periods at a time, and does use that many', async () => {
    const m = manyPeriods(9);
    const { failed, runs } = await recomputeBatch({ ...m.rt, parallel: 3 }, m.messages(), w.log);
    expect(failed).toEqual([]);
    expect(runs.map((r) => r.outcome?.skipped)).toEqual(Array(9).fill(false));
    expect(m.most()).toBe(3);
  });

  it("one period's failure fails only its own messages; the others are recomputed, and not again on the retry", async () => {
    const m = manyPeriods(6);
    m.failing.add('P3');
    const first = m.messages();
    const { failed, runs } = await recomputeBatch(m.rt, first, w.log);
    expect(failed).toEqual([first[2]!.id]);
    expect(runs.filter((r) => r.outcome).map((r) => r.period)).toEqual(['P1', 'P2', 'P4', 'P5', 'P6']);
    m.failing.clear();
    const retry = await recomputeBatch(m.rt, [first[2]!], w.log);
    expect(retry.runs.map((r) => [r.period, r.outcome?.skipped])).toEqual([['P3', false]]);
    expect((await m.rt.store.runs({ bloc: w.bloc.id, year: w.bloc.year, period: 'P1' })).length).toBe(1);
  });

  it("reads the bloc's configuration and sheets.json once for the whole batch of nightly requests", async () => {
    const m = manyPeriods(5);
    const load = vi.spyOn(m.rt.catalog, 'load');
    const sheets = vi.spyOn(m.rt.catalog, 'sheets');
    const pulled: string[] = [];
    const pullSheets = async (_b: unknown, period: string, _l: unknown, registered: { period: string }[]) =>
      pulled.push(`${period}:${registered.filter((r) => r.period === period).length}`);
    await recomputeBatch({ ...m.rt, pullSheets }, m.messages('nightly'), w.log);
    expect(load).toHaveBeenCalledTimes(1);
    expect(sheets).toHaveBeenCalledTimes(1);
    expect(pulled.sort()).toEqual(['P1:1', 'P2:0', 'P3:0', 'P4:0', 'P5:0']);
  });
});

describe('the nightly fan-out (in memory)', () => {
  it('one request per begun period of every bloc; a bloc that cannot be loaded is reported, the others still go', async () => {
    const catalog: BlocCatalog = { load: (id) => w.rt.catalog.load(id), sheets: (b) => w.rt.catalog.sheets(b), list: async () => ['hong', 'ntb-tn'] };
    const at = new Date('2025-11-18T17:30:00Z');
    const { requests, failedBlocs } = await fanOut({ catalog, queue: w.rt.queue }, at, w.log);
    expect(failedBlocs).toEqual(['hong']);
    expect(requests.map((r) => `${r.bloc}/${r.period}/${r.reason}/${r.at}`)).toEqual([
      'ntb-tn/H1/nightly/2025-11-18T17:30:00.000Z',
      'ntb-tn/Y/nightly/2025-11-18T17:30:00.000Z',
    ]);
    expect(w.rt.queue.sent.slice(-2)).toEqual(requests);
    const early = await fanOut({ catalog: w.rt.catalog, queue: w.rt.queue }, new Date('2024-12-31T00:00:00Z'), w.log);
    expect(early.requests).toEqual([]);
  });
});
