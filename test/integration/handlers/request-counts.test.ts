import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '#shared/cloud/aws/runtime.js';
import type { RecomputeRequest } from '#shared/cloud/recompute-request.js';
import { makeHandler as makeIngest } from '../../../functions/ingest/handler.js';
import { makeHandler as makeRecompute } from '../../../functions/recompute/handler.js';
import { makeHandler as makeSchedule } from '../../../functions/schedule/handler.js';
import { cloudWorld, counts, sqsEvent, sqsRecord, upload, workbook, type CloudWorld } from '../../support/cloud.js';

/**
 * The requests one ingest and one recompute make, by operation (RequestCounter on the SDK clients),
 * and how long they took here: the inputs of the cost estimate in docs/deploy.md.
 */
let w: CloudWorld;
let sqs: Record<string, number>;
const recorded: Record<string, { requests: Record<string, number>; ms: number }> = {};

const measure = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  w.aws.counter.reset();
  sqs = {};
  const started = performance.now();
  const out = await work();
  const ms = Math.round(performance.now() - started);
  recorded[name] = { requests: { ...counts(w), ...sqs }, ms };
  return out;
};

beforeAll(async () => {
  w = await cloudWorld();
  // The SQS calls the real queue adapter would make: one SendMessage, or one SendMessageBatch per 10.
  const count = (op: string, n = 1) => (sqs[op] = (sqs[op] ?? 0) + n);
  w.rt.queue = {
    send: async (requests: RecomputeRequest[]) => {
      if (requests.length === 1) count('sqs.SendMessage');
      else count('sqs.SendMessageBatch', Math.ceil(requests.length / 10));
    },
  };
});
afterAll(() => {
  console.info(
    `[request-counts]\n${Object.entries(recorded)
      .map(([k, v]) => `${k.padEnd(44)} ${String(v.ms).padStart(5)} ms  ${JSON.stringify(v.requests)}`)
      .join('\n')}`,
  );
  w.destroy();
});

describe('request counts', () => {
  it('ingest: cold container, warm container, rejected with an annotated copy, duplicate', async () => {
    const cold = { ...w.rt, catalog: createRuntime(w.rt.config, { clients: w.aws }).catalog };
    const ingestCold = makeIngest(() => cold, w.log);
    const ingest = makeIngest(() => w.rt, w.log);
    const a = await upload(w, 'STP-KHA', await workbook(w.bloc, 'STP-KHA'), { eventTime: '2025-11-18T02:00:00.000Z' });
    await measure('ingest accepted (cold: config read)', () => ingestCold(sqsEvent(a), w.context));
    const b = await upload(w, 'STP-QNG', await workbook(w.bloc, 'STP-QNG'), { eventTime: '2025-11-18T02:01:00.000Z' });
    await ingest(sqsEvent(await upload(w, 'STP-PYE', await workbook(w.bloc, 'STP-PYE'), { eventTime: '2025-11-18T02:00:30.000Z' })), w.context);
    await measure('ingest accepted (warm)', () => ingest(sqsEvent(b), w.context));
    const c = await upload(w, 'STP-BDI', await workbook(w.bloc, 'STP-BDI', { 'I.2': 'tám' }), { eventTime: '2025-11-18T02:02:00.000Z' });
    await measure('ingest rejected + annotated copy (warm)', () => ingest(sqsEvent(c), w.context));
    await measure('ingest duplicate delivery', () => ingest(sqsEvent(sqsRecord(b.body)), w.context));
    // With the audit log (SPEC §10): the publication state read, the version's entry written.
    expect(recorded['ingest accepted (warm)']!.requests).toEqual({
      'dynamodb.GetItem': 2,
      'dynamodb.PutItem': 1,
      'dynamodb.TransactWriteItems': 2,
      's3.GetObject': 1,
      's3.PutObject': 2,
      'sqs.SendMessage': 1,
    });
  });

  it('recompute of a full bloc (16 members), then the same with nothing changed, and the nightly fan-out', async () => {
    const ingest = makeIngest(() => w.rt, w.log);
    const units = w.bloc.groups.flatMap((g) => g.members.map((m) => m.code)).filter((u) => !['STP-KHA', 'STP-QNG', 'STP-PYE', 'STP-BDI'].includes(u));
    for (const [i, unit] of units.entries())
      await ingest(
        sqsEvent(await upload(w, unit, await workbook(w.bloc, unit), { eventTime: `2025-11-18T03:${String(i).padStart(2, '0')}:00.000Z` })),
        w.context,
      );
    await ingest(sqsEvent(await upload(w, 'STP-BDI', await workbook(w.bloc, 'STP-BDI'), { eventTime: '2025-11-18T04:00:00.000Z' })), w.context);
    const recompute = makeRecompute(() => w.rt, w.log);
    const message = () => sqsEvent(sqsRecord(JSON.stringify({ bloc: 'ntb-tn', period: 'Y', reason: 'upload' })));
    expect(await measure('recompute (16 members: 14 ranked, 2 rejected)', () => recompute(message(), w.context))).toEqual({ batchItemFailures: [] });
    const done = w.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.message === 'recomputed')
      .at(-1);
    expect(done.ranked).toBe(14); // the golden inputs have no STP-KTU, THADS-KTU: their empty workbooks are rejected
    await measure('recompute skipped (nothing changed)', () => recompute(message(), w.context));
    // The period's head says nothing changed since the run it claims: one read, nothing else.
    expect(recorded['recompute skipped (nothing changed)']!.requests).toEqual({ 'dynamodb.GetItem': 1 });
    const nightly = () =>
      sqsEvent(...['Y', 'H1'].map((period) => sqsRecord(JSON.stringify({ bloc: 'ntb-tn', period, reason: 'nightly', at: '2025-11-18T17:30:00.000Z' }))));
    await recompute(nightly(), w.context);
    // Each unchanged period: one GetItem of its head; the bloc's sheets.json: one read for the batch.
    await measure('nightly, 2 unchanged periods of 1 bloc', () => recompute(nightly(), w.context));
    expect(recorded['nightly, 2 unchanged periods of 1 bloc']!.requests).toEqual({ 'dynamodb.GetItem': 2, 's3.GetObject': 1 });
    const fresh = { ...w.rt, catalog: createRuntime(w.rt.config, { clients: w.aws }).catalog };
    await measure('schedule fan-out (1 bloc, 2 periods, cold)', () => makeSchedule(() => fresh, w.log)({ scheduledTime: '2025-11-18T17:30:00Z' }, w.context));
    // The head; one Query of the period's partition and the previous period's state (for FLAG_JUMP);
    // objects: snapshot.json (for bloc explain), rankings.json and the summary; the run with the head's claim.
    expect(recorded['recompute (16 members: 14 ranked, 2 rejected)']!.requests).toMatchObject({
      'dynamodb.GetItem': 1,
      'dynamodb.Query': 2,
      'dynamodb.TransactWriteItems': 1,
      's3.PutObject': 3,
    });
  });
});
