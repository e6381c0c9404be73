import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES } from '#shared/cloud/limits.js';
import { ingestUpload, type IngestUploadResult } from '#shared/cloud/use-cases/ingest-upload.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { makeHandler } from '../../../functions/ingest/handler.js';
import { s3Notification, sqsEvent, sqsRecord, workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

let w: MemoryWorld;
const versions = () => w.rt.store.versions(periodKey(w.bloc, 'Y'));
const current = async (unit: string) => (await w.state()).current.find((c) => c.unit === unit);
const codes = (r: IngestUploadResult) => (r.kind === 'ingested' && !r.outcome.duplicate ? r.outcome.report.errors.map((e) => e.code) : []);
const everything = async () => ({ versions: await versions(), state: await w.state(), blobs: w.rt.blobs.keys() });

beforeAll(async () => {
  w = await memoryWorld({ now: () => new Date('2025-11-18T10:00:00.000Z') });
});

describe('ingest an upload (in memory)', () => {
  it('accepts a filled workbook, makes it current, keeps its report and asks for a recompute', async () => {
    const o = w.upload('STP-KHA', await workbook(w.bloc, 'STP-KHA'), { eventTime: '2025-11-18T02:00:00.000Z' });
    const result = await ingestUpload(w.rt, o, w.log);
    expect(result).toMatchObject({ kind: 'ingested', outcome: { current: true, report: { status: 'accepted', unit: 'STP-KHA' } } });
    const cur = await current('STP-KHA');
    expect(cur?.uploadId).toMatch(/^20251118T020000000Z-[0-9a-f]{16}$/);
    expect(w.rt.queue.sent).toEqual([{ bloc: 'ntb-tn', period: 'Y', reason: 'upload', uploadId: cur!.uploadId, at: '2025-11-18T10:00:00.000Z' }]);
    const [v] = await versions();
    expect(await w.json(v!.reportKey)).toMatchObject({ file: 'STP-KHA.xlsx', unit: 'STP-KHA', status: 'accepted' });
    expect(w.rt.blobs.keys(`raw/ntb-tn/2025/Y/${cur!.uploadId}/`)).toEqual([`raw/ntb-tn/2025/Y/${cur!.uploadId}/STP-KHA.xlsx`]);
  });

  it('a second delivery of the same version changes nothing, is not read again, and asks again for a recompute', async () => {
    const o = w.upload('STP-QNG', await workbook(w.bloc, 'STP-QNG'), { eventTime: '2025-11-18T03:00:00.000Z' });
    await ingestUpload(w.rt, o, w.log);
    const before = await everything();
    const read = vi.spyOn(w.rt.uploads, 'read');
    w.rt.queue.sent.length = 0;
    expect(await ingestUpload(w.rt, { ...o }, w.log)).toMatchObject({ kind: 'duplicate', status: 'accepted' });
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
    expect(await everything()).toEqual(before);
    expect(w.rt.queue.sent).toHaveLength(1);
  });

  it('an older upload delivered after a newer one is recorded but does not replace it', async () => {
    const older = w.upload('STP-BDI', await workbook(w.bloc, 'STP-BDI', { 'I.2': '3' }), { file: 'lan-1.xlsx', eventTime: '2025-11-18T04:00:00.000Z' });
    const newer = w.upload('STP-BDI', await workbook(w.bloc, 'STP-BDI', { 'I.2': '4.5' }), { file: 'lan-2.xlsx', eventTime: '2025-11-18T05:00:00.000Z' });
    await ingestUpload(w.rt, newer, w.log);
    const winner = await current('STP-BDI');
    expect(await ingestUpload(w.rt, older, w.log)).toMatchObject({ kind: 'ingested', outcome: { current: false } });
    expect(await current('STP-BDI')).toEqual(winner);
    expect(winner?.file).toBe('lan-2.xlsx');
    expect((await versions()).filter((v) => v.unit === 'STP-BDI').map((v) => v.file)).toEqual(['lan-1.xlsx', 'lan-2.xlsx']);
  });

  it('a broken workbook is rejected with its report and an annotated copy; the accepted version stays current', async () => {
    const before = await current('STP-KHA');
    const o = w.upload('STP-KHA', await workbook(w.bloc, 'STP-KHA', { 'I.2': 'tám' }), { file: 'sai.xlsx', eventTime: '2025-11-19T02:00:00.000Z' });
    const result = await ingestUpload(w.rt, o, w.log);
    expect(codes(result)).toContain('VALUE_NOT_NUMBER');
    expect(await current('STP-KHA')).toEqual(before);
    const v = (await versions()).find((x) => x.file === 'sai.xlsx')!;
    expect(v).toMatchObject({ status: 'rejected', unit: 'STP-KHA' });
    expect(w.rt.blobs.keys()).toContain(v.annotatedKey);
    expect((await w.state()).rejected).toContain('STP-KHA');
  });

  it('a workbook naming another unit than its upload prefix is rejected for the uploader, and logged', async () => {
    const o = w.upload('STP-GLA', await workbook(w.bloc, 'STP-QNG', { 'I.2': '5' }), { file: 'khac.xlsx', eventTime: '2025-11-19T03:00:00.000Z' });
    const qng = await current('STP-QNG');
    await ingestUpload(w.rt, o, w.log);
    expect(await current('STP-QNG')).toEqual(qng);
    expect((await versions()).find((v) => v.file === 'khac.xlsx')).toMatchObject({ unit: 'STP-GLA', status: 'rejected' });
    expect(w.logs().some((l) => l['level'] === 'warn' && String(l['message']).includes('another unit'))).toBe(true);
  });

  it('a file over the limit is read only one byte past it, and rejected as too large', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 4096);
    big.set([0x50, 0x4b, 3, 4]);
    const o = w.upload('STP-PYE', big, { file: 'lon.xlsx', eventTime: '2025-11-19T04:00:00.000Z' });
    const read = vi.spyOn(w.rt.uploads, 'read');
    const result = await ingestUpload(w.rt, o, w.log);
    expect((await read.mock.results[0]!.value).bytes.length).toBe(MAX_UPLOAD_BYTES + 1);
    read.mockRestore();
    expect(codes(result)).toEqual(['FILE_TOO_LARGE']);
  });

  it('objects outside the layout, or naming another year, an unknown period or no member, are ignored', async () => {
    const before = await everything();
    w.rt.queue.sent.length = 0;
    const at = new Date('2025-11-19T05:00:00.000Z');
    for (const key of [
      'uploads/readme.txt',
      'uploads/ntb-tn/2024/Y/STP-KHA/a.xlsx',
      'uploads/ntb-tn/2025/Q3/STP-KHA/a.xlsx',
      'uploads/ntb-tn/2025/Y/KHONG-CO/a.xlsx',
    ])
      expect((await ingestUpload(w.rt, w.rt.uploads.put(key, new Uint8Array([1]), at), w.log)).kind).toBe('ignored');
    expect(await everything()).toEqual(before);
    expect(w.rt.queue.sent).toEqual([]);
  });

  it('a bloc without configuration throws, so that the message is delivered again', async () => {
    const o = w.rt.uploads.put('uploads/khoi-khac/2025/Y/STP-KHA/a.xlsx', new Uint8Array([1]), new Date());
    await expect(ingestUpload(w.rt, o, w.log)).rejects.toThrow(/khoi-khac/);
  });

  it('the ingest function runs on these adapters too: one failed record is reported alone', async () => {
    const o = w.upload('THADS-KHA', await workbook(w.bloc, 'THADS-KHA'), { eventTime: '2025-11-19T06:00:00.000Z' });
    const good = sqsRecord(
      s3Notification({ bucket: o.bucket, key: o.key, size: o.size, eventTime: o.eventTime.toISOString(), versionId: o.versionId! }),
      'good',
    );
    const result = await makeHandler(() => w.rt, w.log)(sqsEvent(good, sqsRecord('{"hello":', 'not-json')), { awsRequestId: 'r1' });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-json' }] });
    expect((await current('THADS-KHA'))?.file).toBe('THADS-KHA.xlsx');
  });
});
