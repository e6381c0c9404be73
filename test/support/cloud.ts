import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { createRuntime, type AwsRuntime } from '#shared/cloud/aws/runtime.js';
import { MemoryRecomputeQueue } from '#shared/cloud/memory.js';
import type { Bloc } from '#shared/model/bloc.js';
import { ensureBucket } from '#shared/store/s3-blobs.js';
import { SAMPLE_BLOC, SAMPLE_DIR, s3Notification, sqsRecord } from './cloud-events.js';
import { localAws, type LocalAws } from './local-aws.js';

export { SAMPLE_BLOC, SAMPLE_DIR, s3Notification, sqsEvent, sqsRecord, workbook } from './cloud-events.js';

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
