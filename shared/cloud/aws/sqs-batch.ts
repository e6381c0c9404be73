import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from '../log.js';
import type { QueueMessage } from '../use-cases/recompute-batch.js';

/**
 * Handles an SQS batch record by record and reports only the records that failed
 * (`ReportBatchItemFailures`): SQS deletes the rest and retries these, then moves them to the DLQ.
 */
export const eachRecord = async (records: SQSRecord[], log: Logger, handle: (record: SQSRecord, log: Logger) => Promise<void>): Promise<SQSBatchResponse> => {
  const failed: string[] = [];
  for (const record of records) {
    const rlog = log.with({ messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) });
    try {
      await handle(record, rlog);
    } catch (error) {
      rlog.error('record failed; SQS will retry it', { error });
      failed.push(record.messageId);
    }
  }
  return batchResponse(failed);
};

export const queueMessages = (records: SQSRecord[]): QueueMessage[] => records.map((r) => ({ id: r.messageId, body: r.body }));

export const batchResponse = (failed: string[]): SQSBatchResponse => ({ batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) });
