/**
 * Retries with exponential backoff and full jitter (wait a random time in [0, min(cap, base × 2^n)])
 * within a time budget: a retry whose wait would end after the deadline is not made, so a pull never
 * outlives the run (or the Lambda invocation) that asked for it.
 */
export interface RetryPolicy {
  /** Ceiling of the first wait (ms); it doubles with each attempt. */
  baseMs: number;
  /** Largest ceiling of a wait (ms). */
  capMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No attempt starts after this instant (ms since the epoch). */
  deadline: number;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  random: () => Math.random(),
};

export const DEFAULT_RETRY = { baseMs: 500, capMs: 16_000, maxAttempts: 6 } as const;

export type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

/** The wait before retry number `retry` (0 for the first retry). */
export const fullJitter = (retry: number, p: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number =>
  Math.floor(random() * Math.min(p.capMs, p.baseMs * 2 ** retry));

/**
 * Runs `op` until it succeeds, fails with an error `retryable` refuses, runs out of attempts, or the
 * next wait would pass the deadline. `minWait` gives a lower bound for a wait (a Retry-After header).
 */
export const withRetry = async <T>(
  op: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  p: RetryPolicy,
  clock: RetryClock = systemClock,
  minWait: (e: unknown) => number = () => 0,
): Promise<Attempted<T>> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await op(), attempts: attempt };
    } catch (error) {
      if (!retryable(error) || attempt >= p.maxAttempts) return { ok: false, error, attempts: attempt };
      const wait = Math.max(fullJitter(attempt - 1, p, clock.random), minWait(error));
      if (clock.now() + wait >= p.deadline) return { ok: false, error, attempts: attempt };
      await clock.sleep(wait);
    }
  }
};
