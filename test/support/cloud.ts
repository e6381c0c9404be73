import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { createRuntime, type AwsRuntime } from '#shared/cloud/aws/runtime.js';
import { MemoryRecomputeQueue } from '#shared/cloud/memory.js';
import type { Bloc } from '#shared/model/bloc.js';
import { ensureBucket } from '#shared/store/s3-blobs.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template.js';
import { localAws, type LocalAws } from './local-aws.js';

export const SAMPLE_DIR = 'templates/ntb-tn-2025';
export const SAMPLE_BLOC = `${SAMPLE_DIR}/bloc.json`;

/** The handlers' world on DynamoDB Local and s3rver: a table, an uploads bucket, a data bucket with config/, a queue in memory. */
export interface CloudWorld {
  aws: LocalAws;
  uploadsBucket: string;
  rt: AwsRuntime;
  queue: MemoryRecomputeQueue;
  bloc: Bloc;
  /** JSON log lines the handlers wrote. */
  lines: string[];
  log: Logger;
  context: { awsRequestId: string };
  destroy(): void;
}

/** Puts bloc.json and its rubrics under config/<bloc>/ as the CDK BucketDeployment does. */
export const deployConfig = async (aws: LocalAws, bucket: string, blocId = 'ntb-tn', edit?: (bloc: Record<string, unknown>) => void) => {
  for (const name of ['bloc.json', 'rubric-stp.json', 'rubric-thads.json']) {
    let text = await readFile(`${SAMPLE_DIR}/${name}`, 'utf8');
    if (name === 'bloc.json') {
      const bloc = JSON.parse(text);
      bloc.id = blocId;
      edit?.(bloc);
      text = JSON.stringify(bloc);
    }
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `config/${blocId}/${name}`, Body: text }));
  }
};

export const cloudWorld = async (): Promise<CloudWorld> => {
  const aws = await localAws();
  const uploadsBucket = `${aws.bucket}-up`;
  await ensureBucket(aws.s3, uploadsBucket);
  await deployConfig(aws, aws.bucket);
  const queue = new MemoryRecomputeQueue();
  const rt = createRuntime(
    { region: 'local', tableName: aws.table, dataBucket: aws.bucket, uploadsBucket, s3Endpoint: inject('s3Endpoint') },
    { clients: aws, queue },
  );
  const lines: string[] = [];
  const log = createLogger({ service: 'test' }, { sink: (l) => lines.push(l), level: 'debug' });
  const { bloc } = await loadBloc(SAMPLE_BLOC);
  aws.counter.reset();
  return { aws, uploadsBucket, rt, queue, bloc, lines, log, context: { awsRequestId: randomUUID() }, destroy: () => aws.destroy() };
};


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

/** Puts an upload into the uploads bucket and returns its notification wrapped in an SQS record. */
export const upload = async (
  w: CloudWorld,
  unit: string,
  bytes: Uint8Array,
  o: { file?: string; eventTime: string; versionId?: string; period?: string; messageId?: string },
): Promise<SQSRecord> => {
  const key = `uploads/${w.bloc.id}/${w.bloc.year}/${o.period ?? 'Y'}/${unit}/${o.file ?? `${unit}.xlsx`}`;
  await w.aws.s3.send(new PutObjectCommand({ Bucket: w.uploadsBucket, Key: key, Body: bytes }));
  return sqsRecord(
    s3Notification({ bucket: w.uploadsBucket, key, size: bytes.length, eventTime: o.eventTime, versionId: o.versionId ?? randomUUID().replace(/-/g, '') }),
    o.messageId,
  );
};

/** Everything the system holds: every table item and every data-bucket key (to show that nothing changed). */
export const snapshot = async (w: CloudWorld) => {
  const items = (await w.aws.dynamo.send(new ScanCommand({ TableName: w.aws.table }))).Items ?? [];
  const keys = ((await w.aws.s3.send(new ListObjectsV2Command({ Bucket: w.aws.bucket }))).Contents ?? []).map((c) => `${c.Key} ${c.ETag}`);
  return { items: items.map((i) => JSON.stringify(i)).sort(), keys: keys.sort() };
};

/** Request counts by operation, for the record. */
export const counts = (w: CloudWorld) => Object.fromEntries([...w.aws.counter.counts.entries()].sort());
