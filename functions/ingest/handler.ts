import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { uploadedObjects } from '#shared/cloud/aws/s3-event.js';
import { eachRecord } from '#shared/cloud/aws/sqs-batch.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';

/**
 * S3 "object created" under uploads/ → SQS → here. Each SQS record holds one S3 event notification;
 * a record whose object could not be ingested is reported alone as a batch item failure.
 */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'ingest' })) =>
  async (event: SQSEvent, context: Pick<Context, 'awsRequestId'>): Promise<SQSBatchResponse> => {
    const rt = runtime();
    return eachRecord(event.Records, log.with({ requestId: context.awsRequestId }), async (record, rlog) => {
      for (const object of uploadedObjects(record.body)) await ingestUpload(rt, object, rlog.with({ key: object.key }));
    });
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
