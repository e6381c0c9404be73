import { SQSClient } from '@aws-sdk/client-sqs';
import { createAwsClients, type AwsClients } from '../../store/aws-clients.js';
import { DynamoCredentialStore } from '../../store/dynamodb-credentials.js';
import { DynamoPeriodLedger } from '../../store/dynamodb-ledger.js';
import { DynamoSubmissionStore } from '../../store/dynamodb-store.js';
import { S3BlobStore } from '../../store/s3-blobs.js';
import type { CloudRuntime, RecomputeQueue } from '../ports.js';
import { DynamoPullThrottle } from './dynamodb-throttle.js';
import { S3BlocCatalog } from './s3-config.js';
import { S3LinkSigner } from './s3-links.js';
import { S3UploadReader } from './s3-uploads.js';
import { SqsRecomputeQueue } from './sqs-queue.js';

/**
 * What a function needs to know about its deployment, from its environment (set by the CDK stack):
 *   TABLE_NAME, DATA_BUCKET (outputs and config/), UPLOADS_BUCKET, RECOMPUTE_QUEUE_URL.
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB point the adapters at local emulators.
 */
export interface CloudConfig {
  region: string;
  tableName: string;
  dataBucket: string;
  uploadsBucket: string;
  recomputeQueueUrl?: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
}

export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): CloudConfig => {
  const missing = ['TABLE_NAME', 'DATA_BUCKET', 'UPLOADS_BUCKET'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`missing environment variables: ${missing.join(', ')}`);
  return {
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'ap-southeast-1',
    tableName: env['TABLE_NAME']!,
    dataBucket: env['DATA_BUCKET']!,
    uploadsBucket: env['UPLOADS_BUCKET']!,
    ...(env['RECOMPUTE_QUEUE_URL'] && { recomputeQueueUrl: env['RECOMPUTE_QUEUE_URL'] }),
    ...(env['AWS_ENDPOINT_URL_S3'] && { s3Endpoint: env['AWS_ENDPOINT_URL_S3'] }),
    ...(env['AWS_ENDPOINT_URL_DYNAMODB'] && { dynamoEndpoint: env['AWS_ENDPOINT_URL_DYNAMODB'] }),
  };
};

/** The ports on DynamoDB, S3 and SQS, with the configuration and clients they were made from. */
export interface AwsRuntime extends CloudRuntime {
  config: CloudConfig;
  clients: AwsClients;
}

export interface RuntimeOverrides {
  /** Clients already made (tests pass clients on DynamoDB Local and s3rver, with request counters). */
  clients?: AwsClients;
  queue?: RecomputeQueue;
  catalogTtlMs?: number;
}

/** Builds the adapters once per container (module scope), reused by every invocation. */
export const createRuntime = (config: CloudConfig, o: RuntimeOverrides = {}): AwsRuntime => {
  const clients =
    o.clients ??
    createAwsClients({
      region: config.region,
      ...(config.s3Endpoint && { s3Endpoint: config.s3Endpoint }),
      ...(config.dynamoEndpoint && { dynamoEndpoint: config.dynamoEndpoint }),
    });
  const queue =
    o.queue ??
    (config.recomputeQueueUrl
      ? new SqsRecomputeQueue(new SQSClient({ region: config.region }), config.recomputeQueueUrl)
      : { send: async () => Promise.reject(new Error('RECOMPUTE_QUEUE_URL is not set')) });
  return {
    config,
    clients,
    store: new DynamoSubmissionStore(clients.dynamo, config.tableName),
    blobs: new S3BlobStore(clients.s3, config.dataBucket),
    ledger: new DynamoPeriodLedger(clients.dynamo, config.tableName),
    throttle: new DynamoPullThrottle(clients.dynamo, config.tableName),
    catalog: new S3BlocCatalog(clients.s3, config.dataBucket, { ...(o.catalogTtlMs !== undefined && { ttlMs: o.catalogTtlMs }) }),
    credentials: new DynamoCredentialStore(clients.dynamo, config.tableName),
    queue,
    uploads: new S3UploadReader(clients.s3),
    links: new S3LinkSigner(clients.s3, {
      uploadsBucket: config.uploadsBucket,
      dataBucket: config.dataBucket,
      ...(config.s3Endpoint && { s3Endpoint: config.s3Endpoint }),
    }),
  };
};

/** A value made on first use: handlers build their runtime from the environment on the first invocation. */
export const once = <T>(make: () => T): (() => T) => {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
};
