import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import type { CurrentRecord, PeriodKey, VersionRecord } from '#shared/store/ports.js';
import { S3BlobStore } from '#shared/store/s3-blobs.js';
import { localAws, type LocalAws } from '../support/local-aws.js';

const KEY: PeriodKey = { bloc: 'ntb-tn', year: 2025, period: 'Y' };
const version = (uploadId: string, unit: string | null, status: VersionRecord['status'] = 'accepted'): VersionRecord => ({
  uploadId,
  unit,
  file: `${unit}.xlsx`,
  receivedAt: '2025-11-18T02:00:00.000Z',
  status,
  errors: status === 'accepted' ? 0 : 1,
  warnings: 0,
  late: false,
  contentHash: 'x',
  size: 6,
  rawKey: `raw/${uploadId}`,
  reportKey: `reports/${uploadId}`,
});
const current = (uploadId: string, unit = 'STP-KHA'): CurrentRecord => ({
  unit,
  uploadId,
  file: 'f.xlsx',
  receivedAt: '2025-11-18T02:00:00.000Z',
  values: { 'I.2': { points: '5.5' } },
  selfScores: {},
  total: '80.00',
});

describe('DynamoDB store on DynamoDB Local', () => {
  let aws: LocalAws;
  let store: DynamoSubmissionStore;
  beforeAll(async () => {
    aws = await localAws();
    store = new DynamoSubmissionStore(aws.dynamo, aws.table);
  });
  afterAll(() => aws.destroy());

  it('records a version once: the same upload id again changes nothing', async () => {
    expect(await store.putVersion(KEY, version('20251118T020000000Z-a', 'STP-KHA'))).toBe(true);
    expect(await store.putVersion(KEY, { ...version('20251118T020000000Z-a', 'STP-KHA'), file: 'other.xlsx' })).toBe(false);
    expect((await store.getVersion(KEY, '20251118T020000000Z-a'))?.file).toBe('STP-KHA.xlsx');
  });

  it('keeps the newest accepted upload current, whatever order the writes arrive in', async () => {
    expect(await store.promote(KEY, current('20251118T030000000Z-b'))).toBe(true);
    expect(await store.promote(KEY, current('20251118T020000000Z-a'))).toBe(false);
    const { current: cur } = await store.state(KEY);
    expect(cur.map((c) => c.uploadId)).toEqual(['20251118T030000000Z-b']);
  });

  it('ten parallel promotions for one member leave exactly one current version, the newest', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `20251119T000000000Z-${String(i).padStart(2, '0')}`);
    const won = await Promise.all(ids.map((id) => store.promote(KEY, current(id, 'STP-QNG'))));
    expect(won.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const { current: cur } = await store.state(KEY);
    expect(cur.filter((c) => c.unit === 'STP-QNG').map((c) => c.uploadId)).toEqual([ids[9]]);
  });

  it('reads a bloc period with Queries only, never a Scan, and isolates other periods', async () => {
    await store.markRejected(KEY, 'STP-DNO');
    await store.putVersion({ ...KEY, period: 'H1' }, version('20250701T000000000Z-z', 'STP-DNO'));
    aws.counter.reset();
    const state = await store.state(KEY);
    const versions = await store.versions(KEY);
    expect(state.rejected).toEqual(['STP-DNO']);
    expect(versions.map((v) => v.uploadId)).toEqual(['20251118T020000000Z-a']);
    expect(aws.counter.get('dynamodb.Query')).toBe(2);
    expect(aws.counter.get('dynamodb.Scan')).toBe(0);
  });

  it('returns the latest run', async () => {
    for (const runId of ['20251120T000000000Z-1', '20251121T000000000Z-2'])
      await store.putRun(KEY, { runId, generatedAt: 'x', inputsHash: runId, rankingsKey: 'r', summaryKey: 's' });
    expect((await store.latestRun(KEY))?.runId).toBe('20251121T000000000Z-2');
  });
});

describe('S3 blob store on s3rver', () => {
  it('stores and returns bytes; writing the same key again is harmless', async () => {
    const aws = await localAws();
    const blobs = new S3BlobStore(aws.s3, aws.bucket);
    const bytes = new Uint8Array([80, 75, 3, 4, 0, 255]);
    await blobs.put('raw/x/1/a.xlsx', bytes, 'application/octet-stream');
    await blobs.put('raw/x/1/a.xlsx', bytes, 'application/octet-stream');
    expect([...(await blobs.get('raw/x/1/a.xlsx'))]).toEqual([...bytes]);
    aws.destroy();
  });
});
