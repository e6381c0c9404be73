import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '#shared/pipeline/report.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { makeHandler } from '../../../functions/ingest/handler.js';
import { cloudWorld, counts, s3Notification, snapshot, sqsEvent, sqsRecord, upload, workbook, type CloudWorld } from '../../support/cloud.js';

let w: CloudWorld;
let handler: ReturnType<typeof makeHandler>;
const key = () => periodKey(w.bloc, 'Y');
const current = async (unit: string) => (await w.rt.store.state(key())).current.find((c) => c.unit === unit);
const reportOf = async (uploadId: string): Promise<SubmissionReport> => {
  const v = await w.rt.store.getVersion(key(), uploadId);
  const out = await w.aws.s3.send(new GetObjectCommand({ Bucket: w.aws.bucket, Key: v!.reportKey }));
  return JSON.parse(await out.Body!.transformToString());
};

beforeAll(async () => {
  w = await cloudWorld();
  handler = makeHandler(() => w.rt, w.log);
});
afterAll(() => w.destroy());

describe('ingest handler: S3 notification in an SQS record → validated, recorded, recompute requested', () => {
  it('accepts a filled workbook, makes it current and asks for a recompute of its bloc period', async () => {
    const record = await upload(w, 'STP-KHA', await workbook(w.bloc, 'STP-KHA'), { eventTime: '2025-11-18T02:00:00.000Z' });
    w.aws.counter.reset();
    const result = await handler(sqsEvent(record), w.context);
    const observed = counts(w);
    expect(result).toEqual({ batchItemFailures: [] });
    const cur = await current('STP-KHA');
    expect(cur?.uploadId).toMatch(/^20251118T020000000Z-[0-9a-f]{16}$/);
    expect(w.queue.sent).toEqual([expect.objectContaining({ bloc: 'ntb-tn', period: 'Y', reason: 'upload', uploadId: cur!.uploadId })]);
    expect((await reportOf(cur!.uploadId)).status).toBe('accepted');
    // A cold container reads the configuration (bloc.json + 2 rubrics), then the upload itself;
    // the uploader's credential and the period's head (publication state, SPEC §10) are read; the version and the
    // current mark are each written with the count on the head, in one transaction; the version's audit entry is put.
    expect(observed).toEqual({ 'dynamodb.GetItem': 2, 'dynamodb.PutItem': 1, 'dynamodb.TransactWriteItems': 2, 's3.GetObject': 4, 's3.PutObject': 2 });
    const line = w.lines.map((l) => JSON.parse(l)).find((l) => l.message === 'submission ingested');
    expect(line).toMatchObject({ level: 'info', requestId: w.context.awsRequestId, unit: 'STP-KHA', status: 'accepted' });
  });

  it('a duplicate delivery of the same version changes nothing', async () => {
    const bytes = await workbook(w.bloc, 'STP-QNG');
    const record = await upload(w, 'STP-QNG', bytes, { eventTime: '2025-11-18T03:00:00.000Z', versionId: 'dup-version-1' });
    expect(await handler(sqsEvent(record), w.context)).toEqual({ batchItemFailures: [] });
    const before = await snapshot(w);
    w.aws.counter.reset();
    // SQS delivers at least once: the same S3 event again, in a new SQS message.
    const again = sqsRecord(record.body);
    expect(await handler(sqsEvent(again), w.context)).toEqual({ batchItemFailures: [] });
    expect(await snapshot(w)).toEqual(before);
    expect(w.aws.counter.get('s3.GetObject')).toBe(0); // recognised before fetching the upload
    expect(w.aws.counter.get('s3.PutObject')).toBe(0);
    expect(w.aws.counter.get('dynamodb.PutItem')).toBe(0);
    expect(w.lines.some((l) => l.includes('duplicate delivery'))).toBe(true);
  });

  it('an out-of-order delivery changes nothing: the newest upload by event time stays current', async () => {
    const older = await workbook(w.bloc, 'STP-BDI', { 'I.2': '3' });
    const newer = await workbook(w.bloc, 'STP-BDI', { 'I.2': '4.5' });
    const olderRecord = await upload(w, 'STP-BDI', older, { file: 'lan-1.xlsx', eventTime: '2025-11-18T04:00:00.000Z' });
    const newerRecord = await upload(w, 'STP-BDI', newer, { file: 'lan-2.xlsx', eventTime: '2025-11-18T05:00:00.000Z' });
    expect(await handler(sqsEvent(newerRecord), w.context)).toEqual({ batchItemFailures: [] });
    const winner = await current('STP-BDI');
    expect(winner?.file).toBe('lan-2.xlsx');
    expect(await handler(sqsEvent(olderRecord), w.context)).toEqual({ batchItemFailures: [] });
    const after = await current('STP-BDI');
    expect(after).toEqual(winner);
    // The older version is recorded (it is part of the log) but not current.
    const versions = (await w.rt.store.versions(key())).filter((v) => v.unit === 'STP-BDI');
    expect(versions.map((v) => [v.file, v.status])).toEqual([
      ['lan-1.xlsx', 'accepted'],
      ['lan-2.xlsx', 'accepted'],
    ]);
  });

  it('partial batch failure: only the failed message ids are returned', async () => {
    const good = await upload(w, 'STP-PYE', await workbook(w.bloc, 'STP-PYE'), { eventTime: '2025-11-18T06:00:00.000Z', messageId: 'good-1' });
    const missing = sqsRecord(
      s3Notification({
        bucket: w.uploadsBucket,
        key: 'uploads/ntb-tn/2025/Y/STP-GLA/khong-co.xlsx',
        size: 10,
        eventTime: '2025-11-18T06:00:01.000Z',
        versionId: 'x',
      }),
      'missing-object',
    );
    const garbage = sqsRecord('{"hello":', 'not-json');
    const test = sqsRecord(
      JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-11-18T00:00:00Z', Bucket: w.uploadsBucket }),
      's3-test-event',
    );
    const result = await handler(sqsEvent(missing, good, garbage, test), w.context);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['missing-object', 'not-json']);
    expect((await current('STP-PYE'))?.file).toBe('STP-PYE.xlsx');
  });

  it('a broken workbook is rejected with its report; the earlier accepted version stays current', async () => {
    const before = await current('STP-KHA');
    const record = await upload(w, 'STP-KHA', await workbook(w.bloc, 'STP-KHA', { 'I.2': 'tám' }), { file: 'sai.xlsx', eventTime: '2025-11-19T02:00:00.000Z' });
    expect(await handler(sqsEvent(record), w.context)).toEqual({ batchItemFailures: [] });
    expect(await current('STP-KHA')).toEqual(before);
    const v = (await w.rt.store.versions(key())).find((x) => x.file === 'sai.xlsx')!;
    const report = await reportOf(v.uploadId);
    expect(report.status).toBe('rejected');
    expect(report.errors.map((e) => e.code)).toContain('VALUE_NOT_NUMBER');
    expect(v.annotatedKey).toBeDefined();
  });

  it('a workbook naming another unit than its upload prefix is rejected and changes nothing of that unit', async () => {
    const qngBefore = await current('STP-QNG');
    // STP-GLA's staff upload, under their own prefix, a workbook that says "STP-QNG".
    const record = await upload(w, 'STP-GLA', await workbook(w.bloc, 'STP-QNG', { 'I.2': '5' }), {
      file: 'cua-don-vi-khac.xlsx',
      eventTime: '2025-11-19T03:00:00.000Z',
    });
    w.queue.sent.length = 0;
    expect(await handler(sqsEvent(record), w.context)).toEqual({ batchItemFailures: [] });
    expect(await current('STP-QNG')).toEqual(qngBefore);
    expect(await current('STP-GLA')).toBeUndefined();
    const v = (await w.rt.store.versions(key())).find((x) => x.file === 'cua-don-vi-khac.xlsx')!;
    expect(v).toMatchObject({ unit: 'STP-GLA', status: 'rejected', errors: 1 });
    expect(v.values).toBeUndefined();
    const report = await reportOf(v.uploadId);
    expect(report).toMatchObject({ unit: 'STP-GLA', status: 'rejected' });
    expect(report.errors[0]).toMatchObject({ code: 'UNIT_MISMATCH', cell: null });
    expect(report.errors[0]!.message).toContain('STP-QNG');
    const state = await w.rt.store.state(key());
    expect(state.rejected).toContain('STP-GLA');
    expect(state.rejected).not.toContain('STP-QNG');
    expect(w.lines.some((l) => l.includes('"level":"warn"') && l.includes('another unit'))).toBe(true);
  });

  it('objects outside the layout or naming no member are acknowledged and ignored', async () => {
    const before = await snapshot(w);
    const records = [
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: 'uploads/ntb-tn/2025/Y/KHONG-CO/a.xlsx', size: 1, eventTime: '2025-11-19T04:00:00Z' })),
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: 'uploads/ntb-tn/2024/Y/STP-KHA/a.xlsx', size: 1, eventTime: '2025-11-19T04:00:00Z' })),
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: 'uploads/ntb-tn/2025/Q3/STP-KHA/a.xlsx', size: 1, eventTime: '2025-11-19T04:00:00Z' })),
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: 'uploads/readme.txt', size: 1, eventTime: '2025-11-19T04:00:00Z' })),
    ];
    expect(await handler(sqsEvent(...records), w.context)).toEqual({ batchItemFailures: [] });
    expect(await snapshot(w)).toEqual(before);
  });

  it('a bloc without configuration fails its message (retried, then dead-lettered)', async () => {
    const record = sqsRecord(
      s3Notification({ bucket: w.uploadsBucket, key: 'uploads/khoi-khac/2025/Y/STP-KHA/a.xlsx', size: 1, eventTime: '2025-11-19T04:00:00Z' }),
      'no-config',
    );
    expect(await handler(sqsEvent(record), w.context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'no-config' }] });
    const line = w.lines.map((l) => JSON.parse(l)).find((l) => l.messageId === 'no-config' && l.level === 'error');
    expect(JSON.stringify(line.error)).toContain('không tìm thấy tệp');
  });
});
