/**
 * A time budget for one piece of work: `within` settles with the work's result, or with `expired`
 * once `ms` have passed. The work is not stopped (JavaScript cannot stop a promise): its side effects
 * go through `fence`d ports, which refuse every call once the budget is spent, so an abandoned
 * attempt cannot record anything after its upload has been recorded as failed.
 */
export const BUDGET_EXPIRED = Symbol('budget expired');

export class BudgetExpiredError extends Error {
  override name = 'BudgetExpiredError';
  constructor() {
    super('the work ran past its time budget and was abandoned');
  }
}

export interface Budget {
  readonly signal: AbortSignal;
  within<T>(work: Promise<T>): Promise<T | typeof BUDGET_EXPIRED>;
}

export const budget = (ms: number): Budget => {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    within: async <T>(work: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<typeof BUDGET_EXPIRED>((resolve) => {
        timer = setTimeout(
          () => {
            controller.abort(new BudgetExpiredError());
            resolve(BUDGET_EXPIRED);
          },
          Math.max(0, ms),
        );
      });
      // An abandoned attempt may still fail later: nobody waits for it any more.
      work.catch(() => undefined);
      try {
        return await Promise.race([work, expired]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
};

/** The same object, whose methods throw once `signal` is aborted. */
export const fence = <T extends object>(target: T, signal: AbortSignal): T =>
  new Proxy(target, {
    get(t, p) {
      const value = Reflect.get(t, p, t) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        signal.throwIfAborted();
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
