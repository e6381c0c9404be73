import type { SheetRegistration } from '../../config/sheets.js';
import type { Bloc } from '../../model/bloc.js';
import type { IngestDeps } from '../../pipeline/ingest.js';
import { recompute, type RecomputeOutcome } from '../../pipeline/recompute.js';
import type { Logger } from '../log.js';
import type { BlocCatalog } from '../ports.js';
import { parseRecomputeRequest, type RecomputeRequest } from '../recompute-request.js';

export interface RecomputeDeps extends IngestDeps {
  catalog: BlocCatalog;
  now?: () => Date;
  /**
   * Pulls the Google Sheets registered for a bloc period (sheets-pull.ts) before a nightly or
   * manual recompute of it; not for a recompute an upload asked for. `registered`: the bloc's
   * registrations, read once per bloc per batch.
   */
  pullSheets?: (bloc: Bloc, period: string, log: Logger, registered: SheetRegistration[]) => Promise<unknown>;
  /** How many periods are recomputed at once (default 4). */
  parallel?: number;
}

/** Requests that pull the registered sheets first. */
const PULLING = new Set<RecomputeRequest['reason']>(['nightly', 'manual']);

/** A queued message: its body, and the id by which it is reported failed (and delivered again). */
export interface QueueMessage {
  id: string;
  body: string;
}

export interface PeriodRun {
  bloc: string;
  period: string;
  messageIds: string[];
  outcome?: Pick<RecomputeOutcome, 'run' | 'skipped'>;
  error?: unknown;
}

interface PeriodRequest {
  request: RecomputeRequest;
  messageIds: string[];
  pull: boolean;
}

/** Runs `work` on every item, at most `limit` at a time. */
const eachBounded = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/** Each value made once, on first use (a failure too is kept: every period of the bloc sees it). */
const memo = <T>(make: (id: string) => Promise<T>) => {
  const made = new Map<string, Promise<T>>();
  return (id: string): Promise<T> => {
    let p = made.get(id);
    if (!p) made.set(id, (p = make(id)));
    return p;
  };
};

const requestsOf = (messages: QueueMessage[], log: Logger) => {
  const failed: string[] = [];
  const periods = new Map<string, PeriodRequest>();
  for (const m of messages) {
    let request: RecomputeRequest;
    try {
      request = parseRecomputeRequest(m.body);
    } catch (error) {
      log.error('not a recompute request; SQS will retry it, then move it to the DLQ', { messageId: m.id, error });
      failed.push(m.id);
      continue;
    }
    const id = `${request.bloc}\n${request.period}`;
    const entry = periods.get(id) ?? { request, messageIds: [], pull: false };
    entry.messageIds.push(m.id);
    entry.pull ||= PULLING.has(request.reason);
    periods.set(id, entry);
  }
  return { failed, periods: [...periods.values()] };
};

/**
 * A batch of recompute requests → one recompute per distinct bloc period (a burst of uploads to one
 * period collapses into one run), `parallel` periods at a time. Each bloc's configuration and its
 * sheets.json are read once for the batch. `recompute` is incremental: a period whose inputs did not
 * change since its latest run costs one read of its head. A failed period reports its messages, and
 * only those, as failures.
 */
export const recomputeBatch = async (d: RecomputeDeps, messages: QueueMessage[], log: Logger): Promise<{ failed: string[]; runs: PeriodRun[] }> => {
  const { failed, periods } = requestsOf(messages, log);
  const blocOf = memo((id) => d.catalog.load(id));
  const sheetsOf = memo(async (id) => d.catalog.sheets(await blocOf(id)));
  const runs: PeriodRun[] = periods.map(({ request, messageIds }) => ({ bloc: request.bloc, period: request.period, messageIds }));
  await eachBounded(
    periods.map((p, i) => ({ ...p, run: runs[i]! })),
    d.parallel ?? 4,
    async ({ request, messageIds, pull, run }) => {
      const plog = log.with({ bloc: request.bloc, period: request.period, messages: messageIds.length });
      try {
        const bloc = await blocOf(request.bloc);
        if (!bloc.periods.some((p) => p.id === request.period)) {
          plog.warn('period not in the bloc configuration: nothing to recompute');
          return;
        }
        if (pull && d.pullSheets) {
          const pullSheets = d.pullSheets;
          // Pulling only adds versions: when it fails as a whole (sheets.json unreadable), rank what is recorded.
          await sheetsOf(bloc.id)
            .then((registered) => pullSheets(bloc, request.period, plog, registered))
            .catch((error) => plog.error('registered sheets not pulled; recomputing with what is recorded', { error }));
        }
        const started = Date.now();
        const outcome = await recompute(d, bloc, request.period, { now: d.now?.() ?? new Date() });
        run.outcome = { run: outcome.run, skipped: outcome.skipped };
        plog.info(outcome.skipped ? 'inputs unchanged since the latest run: skipped' : 'recomputed', {
          runId: outcome.run.runId,
          skipped: outcome.skipped,
          ms: Date.now() - started,
          ...(outcome.rankings && { ranked: outcome.rankings.groups.reduce((n, g) => n + g.members.filter((m) => m.rank !== null).length, 0) }),
        });
      } catch (error) {
        run.error = error;
        plog.error('recompute failed; SQS will retry its messages', { error });
        failed.push(...messageIds);
      }
    },
  );
  return { failed, runs };
};
