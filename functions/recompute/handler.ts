import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { recomputeBatch } from '#shared/cloud/recompute-batch.js';
import { configFromEnv, createRuntime, once, type CloudRuntime } from '#shared/cloud/runtime.js';
import { cloudSheets, pullRegistered, type SheetsFactory } from '#shared/cloud/sheets-pull.js';

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
    const deps = { ...rt, s3: rt.clients.s3, dataBucket: rt.config.dataBucket, sheets };
    const { response } = await recomputeBatch(
      { ...rt, pullSheets: (bloc, period, plog) => pullRegistered(deps, bloc, period, plog, deadline) },
      event.Records,
      log.with({ requestId: context.awsRequestId }),
    );
    return response;
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
