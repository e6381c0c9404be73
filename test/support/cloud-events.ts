import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Bloc } from '#shared/model/bloc.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';

/** What the functions receive and what members send, without any server: for unit and integration tests alike. */
export const SAMPLE_DIR = 'templates/ntb-tn-2025';
export const SAMPLE_BLOC = `${SAMPLE_DIR}/bloc.json`;

type Inputs = Record<string, Record<string, string | { achieved: string; base?: string }>>;
let golden: Inputs | undefined;

/** A filled workbook for a unit, from the golden inputs (with overrides). */
export const workbook = async (bloc: Bloc, unit: string, overrides: Inputs[string] = {}, period = 'Y'): Promise<Buffer> => {
  golden ??= JSON.parse(await readFile(`${SAMPLE_DIR}/golden/inputs-Y.json`, 'utf8')) as Inputs;
  const input = { ...golden[unit]!, ...overrides };
  const fill: TemplateFill = {
    preparer: `Văn phòng ${unit}`,
    preparedOn: '18/11/2025',
    entries: Object.fromEntries(Object.entries(input).map(([code, v]) => [code, typeof v === 'string' ? { points: Number(v) } : v])),
  };
  return buildTemplate(bloc, period, unit, fill);
};

/** An S3 "object created" notification as S3 sends it (key URL-encoded). */
export const s3Notification = (o: { bucket: string; key: string; size: number; versionId?: string; eventTime: string; eventName?: string }) =>
  JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'ap-southeast-1',
        eventTime: o.eventTime,
        eventName: o.eventName ?? 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:AROAEXAMPLE:links' },
        requestParameters: { sourceIPAddress: '203.0.113.10' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ingest',
          bucket: { name: o.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${o.bucket}` },
          object: {
            key: encodeURIComponent(o.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: o.size,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            ...(o.versionId && { versionId: o.versionId }),
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  });

/** An SQS record as Lambda's event source mapping delivers it. */
export const sqsRecord = (body: string, messageId: string = randomUUID(), receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: `AQEB${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '1763431200000',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1763431200001',
  },
  messageAttributes: {},
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:ThiDua-ntb-tn-IngestQueue',
  awsRegion: 'ap-southeast-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
