import type { Context } from 'aws-lambda';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { fanOut } from '#shared/cloud/use-cases/fan-out.js';

/** The payload EventBridge Scheduler sends (the schedule's `Input`, with its context attributes filled in). */
export interface ScheduleEvent {
  source?: string;
  scheduledTime?: string;
  executionId?: string;
}

/** Nightly (00:30 Asia/Ho_Chi_Minh): one recompute request per bloc period, sent to the recompute queue. */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'schedule' })) =>
  async (event: ScheduleEvent, context: Pick<Context, 'awsRequestId'>) => {
    const rlog = log.with({ requestId: context.awsRequestId, ...(event.executionId && { executionId: event.executionId }) });
    const scheduled = event.scheduledTime ? new Date(event.scheduledTime) : new Date(NaN);
    const at = Number.isNaN(scheduled.getTime()) ? new Date() : scheduled;
    const { requests, failedBlocs } = await fanOut(runtime(), at, rlog);
    // Fail the invocation (alarm; Scheduler retries) when a bloc could not be scheduled.
    if (failedBlocs.length) throw new Error(`bloc configurations failed to load: ${failedBlocs.join(', ')}`);
    return { requested: requests.map((r) => `${r.bloc}/${r.period}`) };
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
