import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { uploadedObjects } from '#shared/cloud/aws/s3-event.js';
import { eachRecord } from '#shared/cloud/aws/sqs-batch.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';

/** Time kept back from the invocation to record an upload that ran past its budget as rejected. */
export const RECORD_RESERVE_MS = 15_000;

/**
 * S3 "object created" under uploads/ → SQS → here, one record per invocation (the stack's batch
 * size); should a batch hold more, each record gets an equal share of the time left. An upload that
 * runs past its share is recorded as rejected (FILE_TOO_LARGE) and the batch goes on; a record that
 * fails otherwise is reported alone as a batch item failure (SQS retries it, then its DLQ).
 */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'ingest' })) =>
  async (event: SQSEvent, context: Pick<Context, 'awsRequestId'> & Partial<Pick<Context, 'getRemainingTimeInMillis'>>): Promise<SQSBatchResponse> => {
    const rt = runtime();
    let left = event.Records.length;
    return eachRecord(event.Records, log.with({ requestId: context.awsRequestId }), async (record, rlog) => {
      const share = context.getRemainingTimeInMillis ? Math.floor((context.getRemainingTimeInMillis() - RECORD_RESERVE_MS) / left--) : undefined;
      const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      for (const object of uploadedObjects(record.body))
        await ingestUpload(rt, object, rlog.with({ key: object.key }), { attempt, ...(share !== undefined && { budgetMs: Math.max(share, 1_000) }) });
    });
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
