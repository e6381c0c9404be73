import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKey } from '#shared/pipeline/period-key.js';
import type { RankingsJson } from '#shared/scoring/rankings-json.js';
import { makeHandler as makeIngest } from '../../../functions/ingest/handler.js';
import { makeHandler as makeRecompute } from '../../../functions/recompute/handler.js';
import { cloudWorld, snapshot, sqsEvent, sqsRecord, upload, workbook, type CloudWorld } from '../../support/cloud.js';

let w: CloudWorld;
let recompute: ReturnType<typeof makeRecompute>;
const request = (period = 'Y', bloc = 'ntb-tn', messageId?: string) =>
  sqsRecord(JSON.stringify({ bloc, period, reason: 'upload', at: new Date().toISOString() }), messageId);
const runs = async (period = 'Y') => {
  const latest = await w.rt.store.latestRun(periodKey(w.bloc, period));
  return latest;
};

beforeAll(async () => {
  w = await cloudWorld();
  recompute = makeRecompute(() => w.rt, w.log);
  const ingest = makeIngest(() => w.rt, w.log);
  const records = [];
  for (const [i, unit] of ['STP-KHA', 'STP-QNG', 'THADS-KHA'].entries())
    records.push(await upload(w, unit, await workbook(w.bloc, unit), { eventTime: `2025-11-18T0${i}:00:00.000Z` }));
  expect(await ingest(sqsEvent(...records), w.context)).toEqual({ batchItemFailures: [] });
});
afterAll(() => w.destroy());

describe('recompute handler: {bloc, period} messages → rankings and summary', () => {
  it('a burst of requests for one period becomes one run that ranks the current submissions', async () => {
    const result = await recompute(sqsEvent(request(), request(), request()), w.context);
    expect(result).toEqual({ batchItemFailures: [] });
    const run = await runs();
    expect(run).toBeDefined();
    const rankings: RankingsJson = JSON.parse(
      await (await w.aws.s3.send(new GetObjectCommand({ Bucket: w.aws.bucket, Key: run!.rankingsKey }))).Body!.transformToString(),
    );
    const ranked = rankings.groups.flatMap((g) => g.members.filter((m) => m.rank !== null).map((m) => m.unit)).sort();
    expect(ranked).toEqual(['STP-KHA', 'STP-QNG', 'THADS-KHA']);
    const summary = await (await w.aws.s3.send(new GetObjectCommand({ Bucket: w.aws.bucket, Key: run!.summaryKey }))).Body!.transformToByteArray();
    expect(Buffer.from(summary.subarray(0, 2)).toString()).toBe('PK');
    const lines = w.lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'recomputed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ bloc: 'ntb-tn', period: 'Y', messages: 3, skipped: false, ranked: 3 });
  });

  it('is skipped when nothing changed: no new run, nothing written', async () => {
    const before = await snapshot(w);
    const latest = await runs();
    w.aws.counter.reset();
    expect(await recompute(sqsEvent(request()), w.context)).toEqual({ batchItemFailures: [] });
    expect(await runs()).toEqual(latest);
    expect(await snapshot(w)).toEqual(before);
    expect(w.aws.counter.get('s3.PutObject')).toBe(0);
    expect(w.aws.counter.get('dynamodb.PutItem')).toBe(0);
    expect(w.lines.some((l) => l.includes('"skipped":true'))).toBe(true);
  });

  it('runs again after a new accepted submission', async () => {
    const before = await runs();
    const record = await upload(w, 'STP-BDI', await workbook(w.bloc, 'STP-BDI'), { eventTime: '2025-11-18T09:00:00.000Z' });
    await makeIngest(() => w.rt, w.log)(sqsEvent(record), w.context);
    expect(await recompute(sqsEvent(request()), w.context)).toEqual({ batchItemFailures: [] });
    const after = await runs();
    expect(after!.runId > before!.runId).toBe(true);
    expect(after!.inputsHash).not.toBe(before!.inputsHash);
  });

  it('partial batch failure: a bloc without configuration and a malformed message fail alone', async () => {
    const result = await recompute(
      sqsEvent(
        request('Y', 'khoi-khac', 'unknown-bloc'),
        request('H1', 'ntb-tn', 'h1'),
        sqsRecord('{"period":"Y"}', 'malformed'),
        request('Q9', 'ntb-tn', 'no-such-period'),
      ),
      w.context,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['malformed', 'unknown-bloc']);
    expect(await runs('H1')).toBeDefined(); // the good message of the batch still ran
  });
});
