import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { isKeySegment } from './s3-config.js';

/** A request to recompute one bloc period: sent by ingest after a submission, and nightly by the schedule. */
export interface RecomputeRequest {
  bloc: string;
  period: string;
  reason: 'upload' | 'nightly' | 'manual';
  /** When the request was made (ISO). */
  at: string;
  /** The upload that prompted it, when there is one. */
  uploadId?: string;
}

const segment = z.string().refine(isKeySegment, 'not an id');
const requestSchema = z.object({
  bloc: segment,
  period: segment,
  reason: z.enum(['upload', 'nightly', 'manual']).default('manual'),
  at: z.string().default(() => new Date().toISOString()),
  uploadId: z.string().optional(),
});

/** Parses a message body; throws on anything that is not a recompute request. */
export const parseRecomputeRequest = (body: string): RecomputeRequest => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a recompute request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { uploadId, ...rest } = parsed.data;
  return { ...rest, ...(uploadId && { uploadId }) };
};

export interface RecomputeQueue {
  send(requests: RecomputeRequest[]): Promise<void>;
}

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
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} of ${chunk.length} messages: ${out.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}

/** Keeps requests in memory: for tests and local runs. */
export class MemoryRecomputeQueue implements RecomputeQueue {
  readonly sent: RecomputeRequest[] = [];
  async send(requests: RecomputeRequest[]): Promise<void> {
    this.sent.push(...requests);
  }
}
