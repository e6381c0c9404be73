import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { UploadedObject } from '#shared/cloud/uploads.js';
import { GIVE_UP_AFTER_ATTEMPTS } from '#shared/cloud/use-cases/ingest-upload.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { makeHandler, RECORD_RESERVE_MS } from '../../../functions/ingest/handler.js';
import { s3Notification, sqsEvent, sqsRecord, workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

/** S1: one member's hostile file never fails the other uploads of its batch; it is recorded as its own rejected version. */
let w: MemoryWorld;
const versions = () => w.rt.store.versions(periodKey(w.bloc, 'Y'));
const recordOf = (o: UploadedObject, id: string, receiveCount = 1) =>
  sqsRecord(s3Notification({ bucket: o.bucket, key: o.key, size: o.size, eventTime: o.eventTime.toISOString(), versionId: o.versionId! }), id, receiveCount);

beforeAll(async () => {
  w = await memoryWorld({ now: () => new Date('2025-11-18T10:00:00.000Z') });
});

describe('each upload within its own budget', () => {
  it('a batch of 5 with one upload that never finishes: 4 ingested, the 5th rejected (FILE_TOO_LARGE) for its sender, no failure', async () => {
    const units = ['STP-KHA', 'STP-QNG', 'STP-BDI', 'THADS-KHA'];
    const good = [];
    for (const [i, unit] of units.entries()) good.push(w.upload(unit, await workbook(w.bloc, unit), { eventTime: `2025-11-18T0${i}:00:00.000Z` }));
    const hostile = w.upload('STP-PYE', await workbook(w.bloc, 'STP-PYE'), { file: 'doc-hai.xlsx', eventTime: '2025-11-18T05:00:00.000Z' });
    // The hostile upload stalls (here: its read never completes) until the test releases it.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const read = w.rt.uploads.read.bind(w.rt.uploads);
    const spy = vi.spyOn(w.rt.uploads, 'read').mockImplementation(async (o, limit) => {
      if (o.key === hostile.key) await released;
      return read(o, limit);
    });
    const records = [...good.slice(0, 2), hostile, ...good.slice(2)].map((o, i) => recordOf(o, `m${i}`));
    const context = { awsRequestId: 'r1', getRemainingTimeInMillis: () => RECORD_RESERVE_MS + 5 * 1_000 };

    const result = await makeHandler(() => w.rt, w.log)(sqsEvent(...records), context);

    expect(result).toEqual({ batchItemFailures: [] });
    const state = await w.state();
    expect(state.current.map((c) => c.unit).sort()).toEqual([...units].sort());
    expect(state.rejected).toEqual(['STP-PYE']);
    const v = (await versions()).find((x) => x.file === 'doc-hai.xlsx')!;
    expect(v).toMatchObject({ unit: 'STP-PYE', status: 'rejected', errors: 1 });
    const report = await w.json(v.reportKey);
    expect(report).toMatchObject({ file: 'doc-hai.xlsx', unit: 'STP-PYE', status: 'rejected', errors: [{ code: 'FILE_TOO_LARGE', cell: null }] });
    expect(report.errors[0].message).toMatch(/^Tệp quá lớn: không đọc xong trong \d+ giây cho phép/);
    expect(
      w
        .logs()
        .filter((l) => l['level'] === 'error')
        .map((l) => [l['message'], l['unit']]),
    ).toEqual([['upload exceeded its time budget: abandoned and recorded as rejected', 'STP-PYE']]);

    // The abandoned attempt, when it finally gets its bytes, records nothing (its ports are fenced).
    const before = { versions: await versions(), state: await w.state(), blobs: w.rt.blobs.keys() };
    release();
    await new Promise((r) => setTimeout(r, 200));
    expect({ versions: await versions(), state: await w.state(), blobs: w.rt.blobs.keys() }).toEqual(before);
    spy.mockRestore();
  }, 20_000);

  it(`a delivery after ${GIVE_UP_AFTER_ATTEMPTS} failed attempts (out of memory, hard timeout) records the upload as rejected without parsing it`, async () => {
    const o = w.upload('STP-GLA', await workbook(w.bloc, 'STP-GLA'), { file: 'nang.xlsx', eventTime: '2025-11-18T06:00:00.000Z' });
    const result = await makeHandler(() => w.rt, w.log)(sqsEvent(recordOf(o, 'third', GIVE_UP_AFTER_ATTEMPTS + 1)), { awsRequestId: 'r2' });
    expect(result).toEqual({ batchItemFailures: [] });
    const v = (await versions()).find((x) => x.file === 'nang.xlsx')!;
    // A valid workbook: had it been parsed it would have been accepted.
    expect(v).toMatchObject({ unit: 'STP-GLA', status: 'rejected', size: o.size });
    expect((await w.json(v.reportKey)).errors).toEqual([
      expect.objectContaining({ code: 'FILE_TOO_LARGE', message: expect.stringContaining(`sau ${GIVE_UP_AFTER_ATTEMPTS} lần thử`) }),
    ]);
    // The raw copy is kept all the same.
    expect((await w.rt.blobs.get(v.rawKey)).length).toBe(o.size);
  });

  it('an earlier delivery (2nd attempt) is still parsed normally', async () => {
    const o = w.upload('THADS-QNG', await workbook(w.bloc, 'THADS-QNG'), { eventTime: '2025-11-18T07:00:00.000Z' });
    await makeHandler(() => w.rt, w.log)(sqsEvent(recordOf(o, 'second', GIVE_UP_AFTER_ATTEMPTS)), { awsRequestId: 'r3' });
    expect((await w.state()).current.find((c) => c.unit === 'THADS-QNG')).toBeDefined();
  });
});
