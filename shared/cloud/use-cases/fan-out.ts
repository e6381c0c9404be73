import type { Bloc } from '../../model/bloc.js';
import type { Logger } from '../log.js';
import type { BlocCatalog, RecomputeQueue } from '../ports.js';
import type { RecomputeRequest } from '../recompute-request.js';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const localDate = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The periods worth a nightly look: those that have begun (a period not yet begun has nothing to rank). */
export const startedPeriods = (bloc: Bloc, at: Date): string[] => {
  const today = localDate(at, bloc.timezone);
  return bloc.periods.filter((p) => p.from <= today).map((p) => p.id);
};

export interface FanOutResult {
  requests: RecomputeRequest[];
  failedBlocs: string[];
}

/**
 * The nightly schedule: one recompute request per bloc period of every bloc deployed in the bucket,
 * so that each bloc period is recomputed by its own invocation (a deployment with many blocs scales
 * out). A bloc whose configuration cannot be loaded is logged and reported; the others still go.
 */
export const fanOut = async (d: { catalog: BlocCatalog; queue: RecomputeQueue }, at: Date, log: Logger): Promise<FanOutResult> => {
  const requests: RecomputeRequest[] = [];
  const failedBlocs: string[] = [];
  for (const id of await d.catalog.list()) {
    try {
      const bloc = await d.catalog.load(id);
      for (const period of startedPeriods(bloc, at)) requests.push({ bloc: bloc.id, period, reason: 'nightly', at: at.toISOString() });
    } catch (error) {
      log.error('bloc configuration could not be loaded: not scheduled', { bloc: id, error });
      failedBlocs.push(id);
    }
  }
  if (requests.length) await d.queue.send(requests);
  log.info('nightly recompute requested', { periods: requests.length, blocs: new Set(requests.map((r) => r.bloc)).size, failedBlocs });
  return { requests, failedBlocs };
};
