import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cloudSheets } from '#shared/cloud/aws/google-key.js';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { batchResponse, queueMessages } from '#shared/cloud/aws/sqs-batch.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime, SheetsFactory } from '#shared/cloud/ports.js';
import type { SheetRegistration } from '#shared/config/sheets.js';
import type { Bloc } from '#shared/model/bloc.js';
import { recomputeBatch } from '#shared/cloud/use-cases/recompute-batch.js';
import { pullRegistered } from '#shared/cloud/use-cases/sheets-pull.js';

/** Time kept back from the invocation for ranking and the summary after the sheets are pulled. */
export const RANKING_RESERVE_MS = 60_000;

/**
 * Recompute requests {bloc, period} from SQS: one run per distinct bloc period, skipped when nothing
 * changed. A nightly (or manual) request first pulls the period's registered Google Sheets, with
 * retries that end before the invocation's last minute.
 */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'recompute' }), sheets: SheetsFactory = cloudSheets()) =>
  async (event: SQSEvent, context: Pick<Context, 'awsRequestId'> & Partial<Pick<Context, 'getRemainingTimeInMillis'>>): Promise<SQSBatchResponse> => {
    const rt = runtime();
    const deadline = Date.now() + (context.getRemainingTimeInMillis?.() ?? 120_000) - RANKING_RESERVE_MS;
    const pullSheets = (bloc: Bloc, period: string, plog: Logger, registered: SheetRegistration[]) =>
      pullRegistered({ ...rt, sheets }, bloc, period, plog, deadline, registered);
    const { failed } = await recomputeBatch({ ...rt, pullSheets }, queueMessages(event.Records), log.with({ requestId: context.awsRequestId }));
    return batchResponse(failed);
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
