import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from './log.js';

/**
 * Handles an SQS batch record by record and reports only the records that failed
 * (`ReportBatchItemFailures`): SQS deletes the rest and retries these, then moves them to the DLQ.
 */
export const eachRecord = async (
  records: SQSRecord[],
  log: Logger,
  handle: (record: SQSRecord, log: Logger) => Promise<void>,
): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    const rlog = log.with({ messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) });
    try {
      await handle(record, rlog);
    } catch (error) {
      rlog.error('record failed; SQS will retry it', { error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
