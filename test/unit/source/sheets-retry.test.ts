import { describe, expect, it } from 'vitest';
import { fullJitter, withRetry, type RetryClock } from '#shared/source/sheets-retry.js';

/** A clock that only moves when slept on, with scripted randomness. */
const fakeClock = (randoms: number[] = [0.5]) => {
  let t = 0;
  const waits: number[] = [];
  const clock: RetryClock = {
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    random: () => randoms[waits.length % randoms.length]!,
  };
  return { clock, waits };
};

const failing = (times: number, error: unknown = Object.assign(new Error('quota'), { status: 429 })) => {
  let calls = 0;
  return {
    op: async () => {
      calls++;
      if (calls <= times) throw error;
      return 'ok';
    },
    calls: () => calls,
  };
};

const always = () => true;

describe('exponential backoff with full jitter within a time budget', () => {
  it('waits a random time below min(cap, base × 2^n)', () => {
    const p = { baseMs: 100, capMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => fullJitter(n, p, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(fullJitter(3, p, () => 0)).toBe(0);
  });

  it('retries until the call succeeds', async () => {
    const { clock, waits } = fakeClock([0.5]);
    const f = failing(2);
    const r = await withRetry(f.op, always, { baseMs: 100, capMs: 1000, maxAttempts: 5, deadline: 10_000 }, clock);
    expect(r).toEqual({ ok: true, value: 'ok', attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after the attempts allowed, with the last error', async () => {
    const { clock } = fakeClock();
    const f = failing(10);
    const r = await withRetry(f.op, always, { baseMs: 100, capMs: 1000, maxAttempts: 4, deadline: 1e9 }, clock);
    expect(r).toMatchObject({ ok: false, attempts: 4, error: { status: 429 } });
    expect(f.calls()).toBe(4);
  });

  it('makes no retry whose wait would pass the deadline', async () => {
    const { clock, waits } = fakeClock([0.99]);
    const f = failing(10);
    const r = await withRetry(f.op, always, { baseMs: 1000, capMs: 60_000, maxAttempts: 20, deadline: 5000 }, clock);
    expect(r.ok).toBe(false);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(5000);
    expect(f.calls()).toBe(waits.length + 1);
  });

  it('does not retry what is not retryable', async () => {
    const { clock, waits } = fakeClock();
    const f = failing(1, Object.assign(new Error('forbidden'), { status: 403 }));
    const r = await withRetry(f.op, () => false, { baseMs: 100, capMs: 1000, maxAttempts: 5, deadline: 1e9 }, clock);
    expect(r).toMatchObject({ ok: false, attempts: 1 });
    expect(waits).toEqual([]);
  });

  it('waits at least what the server asks (Retry-After)', async () => {
    const { clock, waits } = fakeClock([0]);
    const f = failing(1);
    await withRetry(f.op, always, { baseMs: 100, capMs: 1000, maxAttempts: 3, deadline: 1e9 }, clock, () => 2000);
    expect(waits).toEqual([2000]);
  });
});
