import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeRecompute } from '../../../functions/recompute/handler.js';
import { makeHandler } from '../../../functions/schedule/handler.js';
import { cloudWorld, counts, deployConfig, sqsEvent, sqsRecord, type CloudWorld } from '../../support/cloud.js';

let w: CloudWorld;
let handler: ReturnType<typeof makeHandler>;

/** The payload EventBridge Scheduler sends: the schedule's Input with its context attributes filled in. */
const scheduled = (time: string) => ({
  source: 'thi-dua.nightly',
  scheduledTime: time,
  executionId: 'c0ffee00-1111-2222-3333-444455556666',
});

beforeAll(async () => {
  w = await cloudWorld();
  // A second bloc in the same bucket, whose year has not begun on the dates below.
  await deployConfig(w.aws, w.aws.bucket, 'cum-2', (b) => {
    b['year'] = 2026;
    b['periods'] = [
      { id: 'H1', name: 'Sơ kết 6 tháng đầu năm 2026', from: '2026-01-01', to: '2026-06-30', deadline: '2026-07-10' },
      { id: 'Y', name: 'Tổng kết năm 2026', from: '2026-01-01', to: '2026-12-31', deadline: '2026-11-20' },
    ];
  });
  handler = makeHandler(() => w.rt, w.log);
});
afterAll(() => w.destroy());

describe('schedule handler: nightly fan-out, one recompute request per bloc period', () => {
  it('00:30 in Vietnam on 2025-11-19: every begun period of every bloc deployed in the bucket', async () => {
    w.aws.counter.reset();
    const out = await handler(scheduled('2025-11-18T17:30:00Z'), w.context);
    console.info(`[request-counts] one nightly fan-out (2 blocs): ${JSON.stringify(counts(w))} + sqs.SendMessageBatch: 1`);
    expect(out.requested.sort()).toEqual(['ntb-tn/H1', 'ntb-tn/Y']);
    expect(w.queue.sent.every((r) => r.reason === 'nightly' && r.at === '2025-11-18T17:30:00.000Z')).toBe(true);
  });

  it('a bloc whose year has begun (in its own time zone) is included from its first night', async () => {
    w.queue.sent.length = 0;
    const out = await handler(scheduled('2025-12-31T17:30:00Z'), w.context); // 00:30 on 2026-01-01 in Vietnam
    expect(out.requested.sort()).toEqual(['cum-2/H1', 'cum-2/Y', 'ntb-tn/H1', 'ntb-tn/Y']);
  });

  it('its requests feed the recompute handler; a second night with nothing new is skipped', async () => {
    w.queue.sent.length = 0;
    await handler(scheduled('2025-11-18T17:30:00Z'), w.context);
    const recompute = makeRecompute(() => w.rt, w.log);
    const messages = () => sqsEvent(...w.queue.sent.map((r) => sqsRecord(JSON.stringify(r))));
    expect(await recompute(messages(), w.context)).toEqual({ batchItemFailures: [] });
    const first = w.lines.filter((l) => l.includes('"message":"recomputed"')).length;
    expect(first).toBe(2);
    expect(await recompute(messages(), w.context)).toEqual({ batchItemFailures: [] });
    expect(w.lines.filter((l) => l.includes('"message":"recomputed"')).length).toBe(first);
    expect(w.lines.filter((l) => l.includes('"skipped":true')).length).toBe(2);
  });

  it('a broken bloc configuration fails the invocation (alarm, Scheduler retries) but the others are scheduled', async () => {
    await deployConfig(w.aws, w.aws.bucket, 'hong', (b) => {
      b['lead'] = 'KHONG-CO';
    });
    w.queue.sent.length = 0;
    await expect(handler(scheduled('2025-11-18T17:30:00Z'), w.context)).rejects.toThrow(/hong/);
    expect(w.queue.sent.map((r) => `${r.bloc}/${r.period}`).sort()).toEqual(['ntb-tn/H1', 'ntb-tn/Y']);
  });

  it('an invocation without a scheduled time uses the current time', async () => {
    w.queue.sent.length = 0;
    await expect(handler({}, w.context)).rejects.toThrow(/hong/);
    expect(w.queue.sent.length).toBeGreaterThan(0);
  });
});
