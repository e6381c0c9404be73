import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { recomputeBatch } from '#shared/cloud/recompute-batch.js';
import { configFromEnv, createRuntime, once, type CloudRuntime } from '#shared/cloud/runtime.js';

/** Recompute requests {bloc, period} from SQS: one run per distinct bloc period, skipped when nothing changed. */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'recompute' })) =>
  async (event: SQSEvent, context: Pick<Context, 'awsRequestId'>): Promise<SQSBatchResponse> => {
    const { response } = await recomputeBatch(runtime(), event.Records, log.with({ requestId: context.awsRequestId }));
    return response;
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
