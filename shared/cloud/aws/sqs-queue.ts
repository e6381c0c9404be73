import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RecomputeQueue } from '../ports.js';
import type { RecomputeRequest } from '../recompute-request.js';

/** The recompute queue in SQS: one message per request, ten to a batch call. */
export class SqsRecomputeQueue implements RecomputeQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly url: string,
  ) {}

  async send(requests: RecomputeRequest[]): Promise<void> {
    if (requests.length === 1) {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(requests[0]) }));
      return;
    }
    for (let i = 0; i < requests.length; i += 10) {
      const chunk = requests.slice(i, i + 10);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.url,
          Entries: chunk.map((r, j) => ({ Id: String(j), MessageBody: JSON.stringify(r) })),
        }),
      );
      if (out.Failed?.length)
        throw new Error(`SQS refused ${out.Failed.length} of ${chunk.length} messages: ${out.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}
