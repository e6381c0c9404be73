import type { SESEvent } from 'aws-lambda';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { receiveSesMail, sesSender } from '#shared/mail/ses.js';

/**
 * SES receipt rule → here (after its S3 action stored the message under mail/). One record per
 * message; a failure throws, and SES's asynchronous invocation retries: the message's upload ids
 * derive from its Message-ID, so a retry changes nothing twice and answers once.
 */
export const makeHandler =
  (runtime: () => CloudRuntime, send: Parameters<typeof receiveSesMail>[0]['send'], log: Logger = createLogger({ service: 'mail' })) =>
  async (event: SESEvent): Promise<void> => {
    const rt = runtime();
    for (const r of event.Records) {
      const rlog = log.with({ sesMessageId: r.ses.mail.messageId });
      const result = await receiveSesMail(
        {
          ...rt,
          send,
          recompute: (bloc, period, uploadId) =>
            rt.queue.send([{ bloc: bloc.id, period, reason: 'upload', uploadId, at: (rt.now?.() ?? new Date()).toISOString() }]),
        },
        r.ses,
      );
      if (result.kind === 'received')
        rlog.info('mail received', {
          status: result.outcome.status,
          unit: result.outcome.unit,
          uploadId: result.outcome.uploadId,
          workbooks: result.outcome.workbooks.length,
          replied: !!result.outcome.reply,
        });
      else rlog.warn('mail not processed', { ...result });
    }
  };

const region = process.env['AWS_REGION'] ?? 'us-east-1';
const runtime = once(() => createRuntime(configFromEnv()));
export const handler = makeHandler(runtime, (reply) =>
  sesSender({
    region: process.env['SES_REGION'] ?? region,
    credentials: async () => {
      const c = await runtime().clients.s3.config.credentials();
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken && { sessionToken: c.sessionToken }) };
    },
  })(reply),
);
