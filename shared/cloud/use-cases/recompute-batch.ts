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
   * manual recompute of it; not for a recompute an upload asked for.
   */
  pullSheets?: (bloc: Bloc, period: string, log: Logger) => Promise<unknown>;
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

/**
 * A batch of recompute requests → one recompute per distinct bloc period (a burst of uploads to one
 * period collapses into one run). `recompute` is incremental: a period whose inputs did not change
 * since its latest run is skipped. A failed period reports its messages, and only those, as failures.
 */
export const recomputeBatch = async (d: RecomputeDeps, messages: QueueMessage[], log: Logger): Promise<{ failed: string[]; runs: PeriodRun[] }> => {
  const failures: string[] = [];
  const periods = new Map<string, { request: RecomputeRequest; messageIds: string[]; pull: boolean }>();
  for (const m of messages) {
    let request: RecomputeRequest;
    try {
      request = parseRecomputeRequest(m.body);
    } catch (error) {
      log.error('not a recompute request; SQS will retry it, then move it to the DLQ', { messageId: m.id, error });
      failures.push(m.id);
      continue;
    }
    const id = `${request.bloc}\n${request.period}`;
    const entry = periods.get(id) ?? { request, messageIds: [], pull: false };
    entry.messageIds.push(m.id);
    entry.pull ||= PULLING.has(request.reason);
    periods.set(id, entry);
  }
  const runs: PeriodRun[] = [];
  for (const { request, messageIds, pull } of periods.values()) {
    const plog = log.with({ bloc: request.bloc, period: request.period, messages: messageIds.length });
    const run: PeriodRun = { bloc: request.bloc, period: request.period, messageIds };
    runs.push(run);
    try {
      const bloc = await d.catalog.load(request.bloc);
      if (!bloc.periods.some((p) => p.id === request.period)) {
        plog.warn('period not in the bloc configuration: nothing to recompute');
        continue;
      }
      if (pull && d.pullSheets)
        // Pulling only adds versions: when it fails as a whole (sheets.json unreadable), rank what is recorded.
        await d
          .pullSheets(bloc, request.period, plog)
          .catch((error) => plog.error('registered sheets not pulled; recomputing with what is recorded', { error }));
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
      failures.push(...messageIds);
    }
  }
  return { failed: failures, runs };
};
