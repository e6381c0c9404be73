import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import { recomputeBatch } from '#shared/cloud/use-cases/recompute-batch.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

/** D8: the summary's submission log lists every version, so a version that changes no ranking still triggers a run. */
let w: MemoryWorld;
let n = 0;
const recompute = async () =>
  (await recomputeBatch(w.rt, [{ id: `m${++n}`, body: JSON.stringify({ bloc: 'ntb-tn', period: 'Y', reason: 'upload' }) }], w.log)).runs[0]!;
const summaryTexts = async (): Promise<string[]> => {
  const run = (await w.rt.store.latestRun(periodKey(w.bloc, 'Y')))!;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await w.rt.blobs.get(run.summaryKey)) as unknown as ArrayBuffer);
  const texts: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
  return texts;
};

beforeAll(async () => {
  // Each run at its own instant (run ids sort by time).
  let t = Date.parse('2025-11-18T10:00:00.000Z');
  w = await memoryWorld({ now: () => new Date((t += 60_000)) });
  await ingestUpload(w.rt, w.upload('STP-KHA', await workbook(w.bloc, 'STP-KHA'), { eventTime: '2025-11-18T01:00:00.000Z' }), w.log);
  await ingestUpload(
    w.rt,
    w.upload('STP-QNG', await workbook(w.bloc, 'STP-QNG', { 'I.2': 'tám' }), { file: 'qng-lan-1.xlsx', eventTime: '2025-11-18T02:00:00.000Z' }),
    w.log,
  );
});

describe('the inputs hash covers the submission log', () => {
  it('a second rejected upload of an already rejected unit is recomputed, and the summary lists it', async () => {
    const first = await recompute();
    expect(first.outcome?.skipped).toBe(false);
    expect(await summaryTexts()).toContain('qng-lan-1.xlsx');
    // Same state (STP-QNG stays "rejected"), one more version.
    await ingestUpload(
      w.rt,
      w.upload('STP-QNG', await workbook(w.bloc, 'STP-QNG', { 'I.3': 'chín' }), { file: 'qng-lan-2.xlsx', eventTime: '2025-11-18T03:00:00.000Z' }),
      w.log,
    );
    const second = await recompute();
    expect(second.outcome?.skipped).toBe(false);
    expect(second.outcome?.run.runId).not.toBe(first.outcome?.run.runId);
    expect(await summaryTexts()).toEqual(expect.arrayContaining(['qng-lan-1.xlsx', 'qng-lan-2.xlsx']));
  });

  it('nothing new: still skipped', async () => {
    const before = await w.rt.store.latestRun(periodKey(w.bloc, 'Y'));
    expect((await recompute()).outcome).toEqual({ run: before, skipped: true });
  });
});
