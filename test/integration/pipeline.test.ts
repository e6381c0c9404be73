import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import { ingest, ingestNew, type IngestDeps } from '#shared/pipeline/ingest.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import { timeSortableId } from '#shared/store/keys.js';
import { S3BlobStore } from '#shared/store/s3-blobs.js';
import { localAws, type LocalAws } from '../support/local-aws.js';
import { filledWorkbook, goldenInputs, goldenRankings, sampleBloc, type GoldenInputs } from '../support/sample.js';

const KEY = { bloc: 'ntb-tn', year: 2025, period: 'Y' };
let clock = Date.parse('2025-11-18T02:00:00Z');
const upload = (file: string, bytes: Uint8Array, at = new Date((clock += 1000))) => ({
  file,
  bytes,
  uploadId: timeSortableId(at, file.replace(/\W/g, '')),
  receivedAt: at,
  judgeLateness: true,
});

describe('ingest and recompute on DynamoDB Local and s3rver', () => {
  let aws: LocalAws;
  let deps: IngestDeps;
  let bloc: Bloc;
  let inputs: GoldenInputs;
  beforeAll(async () => {
    aws = await localAws();
    deps = { store: new DynamoSubmissionStore(aws.dynamo, aws.table), blobs: new S3BlobStore(aws.s3, aws.bucket) };
    [bloc, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
  });
  afterAll(() => aws.destroy());

  it('accepts a filled template, keeps the raw bytes and makes it current', async () => {
    const bytes = await filledWorkbook(bloc, 'STP-KHA', inputs);
    const out = await ingestNew(deps, bloc, 'Y', upload('STP-KHA.xlsx', bytes));
    expect(out.report).toMatchObject({ unit: 'STP-KHA', status: 'accepted', errors: [], warnings: [] });
    expect(out.current).toBe(true);
    expect(Buffer.from(await deps.blobs.get(out.version.rawKey)).equals(Buffer.from(bytes))).toBe(true);
    const state = await deps.store.state(KEY);
    expect(state.current.map((c) => [c.unit, c.total])).toEqual([['STP-KHA', '84.37']]);
  });

  it('a rejected later version keeps the earlier accepted one in force, and touches no other unit', async () => {
    const before = await deps.store.state(KEY);
    const bad = await filledWorkbook(bloc, 'STP-KHA', inputs, { 'I.2': { points: 'tám' }, 'I.3': { points: 9 } });
    const out = await ingestNew(deps, bloc, 'Y', upload('STP-KHA lần 2.xlsx', bad));
    expect(out.report.status).toBe('rejected');
    expect(out.report.errors.map((e) => e.code)).toEqual(['VALUE_NOT_NUMBER', 'SCORE_ABOVE_MAX']);
    expect(out.annotated).toBeDefined();
    expect(JSON.parse(Buffer.from(await deps.blobs.get(out.version.reportKey)).toString())).toEqual(out.report);
    const after = await deps.store.state(KEY);
    expect(after.current).toEqual(before.current);
  });

  it('a file that is no workbook is reported, kept, and counts for no one', async () => {
    const pdf = Buffer.from('%PDF-1.4\n');
    const out = await ingestNew(deps, bloc, 'Y', upload('scan.xlsx', pdf));
    expect(out.report).toMatchObject({ unit: null, status: 'rejected', errors: [{ code: 'FILE_NOT_XLSX', cell: null }] });
    expect(out.annotated).toBeUndefined();
    expect(Buffer.from(await deps.blobs.get(out.version.rawKey)).equals(pdf)).toBe(true);
  });

  it('the same upload delivered twice changes nothing', async () => {
    const u = upload('STP-QNG.xlsx', await filledWorkbook(bloc, 'STP-QNG', inputs));
    const first = await ingestNew(deps, bloc, 'Y', u);
    aws.counter.reset();
    const again = await ingest(deps, bloc, 'Y', u);
    expect(again).toEqual({ duplicate: true, version: first.version });
    expect(aws.counter.get('dynamodb.PutItem')).toBe(0);
    expect(aws.counter.get('s3.PutObject')).toBe(0);
  });

  it('ten parallel uploads for one member leave exactly one current version, the newest, and ten stored', async () => {
    const bytes = await filledWorkbook(bloc, 'THADS-PYE', inputs);
    const at = Date.parse('2025-11-19T03:00:00Z');
    const uploads = Array.from({ length: 10 }, (_, i) => upload(`THADS-PYE-${i}.xlsx`, bytes, new Date(at + i)));
    await Promise.all(uploads.map((u) => ingestNew(deps, bloc, 'Y', u)));
    const versions = (await deps.store.versions(KEY)).filter((v) => v.unit === 'THADS-PYE');
    const current = (await deps.store.state(KEY)).current.filter((c) => c.unit === 'THADS-PYE');
    expect(versions).toHaveLength(10);
    expect(current.map((c) => c.uploadId)).toEqual([uploads[9]!.uploadId]);
  });

  it('recomputes with Queries only, writes rankings and summary, and skips when nothing changed', async () => {
    aws.counter.reset();
    const first = await recompute(deps, bloc, 'Y', { now: new Date('2025-11-21T00:00:00Z') });
    expect(first.skipped).toBe(false);
    expect(aws.counter.get('dynamodb.Scan')).toBe(0);
    const stp = first.rankings!.groups[0]!.members;
    expect(stp.filter((m) => m.status === 'accepted').map((m) => m.unit)).toEqual(['STP-KHA', 'STP-QNG']);
    expect(JSON.parse(Buffer.from(await deps.blobs.get(first.run.rankingsKey)).toString())).toEqual(first.rankings);
    expect((await deps.blobs.get(first.run.summaryKey)).byteLength).toBeGreaterThan(5000);
    const second = await recompute(deps, bloc, 'Y', { now: new Date('2025-11-22T00:00:00Z') });
    expect(second).toMatchObject({ skipped: true, run: first.run });
  });

  it('with every golden unit ingested, the rankings are the golden ones', async () => {
    for (const unit of Object.keys(inputs)) await ingestNew(deps, bloc, 'Y', upload(`${unit}.xlsx`, await filledWorkbook(bloc, unit, inputs)));
    const out = await recompute(deps, bloc, 'Y', { now: new Date('2025-11-23T00:00:00Z') });
    expect(out.rankings).toEqual(await goldenRankings());
  });
});
