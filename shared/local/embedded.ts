import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAwsClients, type AwsClients } from '../store/aws-clients.js';
import { DynamoSubmissionStore } from '../store/dynamodb-store.js';
import { DynamoPeriodLedger } from '../store/dynamodb-ledger.js';
import type { PeriodLedger } from '../store/ledger-port.js';
import { ensureTable } from '../store/dynamodb-table.js';
import type { BlobStore, SubmissionStore } from '../store/ports.js';
import { S3BlobStore, ensureBucket } from '../store/s3-blobs.js';
import { LOCAL_CREDENTIALS, startDynamoLocal } from './dynamodb-local.js';
import { S3RVER_CREDENTIALS, startS3Local } from './s3-local.js';

interface LocalService {
  endpoint: string;
  stop(): Promise<void>;
}

export const LOCAL_TABLE = 'bloc-submissions';
export const LOCAL_BUCKET = 'bloc-data';

export interface Embedded {
  store: SubmissionStore;
  blobs: BlobStore;
  /** Reviews, decisions, publications and the audit log (SPEC §10), in the same table. */
  ledger: PeriodLedger;
  dynamoEndpoint: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: DynamoDB Local and s3rver on loopback, behind the same adapters that run in
 * Lambda. Fresh and in memory, or kept in `dataDir` across runs.
 */
export const startEmbedded = async (dataDir?: string): Promise<Embedded> => {
  if (dataDir) await Promise.all([mkdir(join(dataDir, 'dynamodb'), { recursive: true }), mkdir(join(dataDir, 's3'), { recursive: true })]);
  // Each service is made ready (table, bucket) as soon as it answers: s3rver's bucket while the JVM still starts.
  const dynamoClient = (endpoint: string) => createAwsClients({ region: 'local', dynamoEndpoint: endpoint, dynamoCredentials: LOCAL_CREDENTIALS });
  const s3Client = (endpoint: string) => createAwsClients({ region: 'local', s3Endpoint: endpoint, s3Credentials: S3RVER_CREDENTIALS });
  const started = await Promise.allSettled([
    startDynamoLocal(dataDir && join(dataDir, 'dynamodb')).then(async (service) => ready(service, dynamoClient, (c) => ensureTable(c.raw, LOCAL_TABLE))),
    startS3Local(dataDir && join(dataDir, 's3')).then(async (service) => ready(service, s3Client, (c) => ensureBucket(c.s3, LOCAL_BUCKET))),
  ] as const);
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failure.reason;
  }
  const [dynamo, s3] = started.map((s) => (s as PromiseFulfilledResult<Ready>).value) as [Ready, Ready];
  return {
    store: new DynamoSubmissionStore(dynamo.clients.dynamo, LOCAL_TABLE),
    blobs: new S3BlobStore(s3.clients.s3, LOCAL_BUCKET),
    ledger: new DynamoPeriodLedger(dynamo.clients.dynamo, LOCAL_TABLE),
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    stop: async () => {
      await Promise.all([dynamo.stop(), s3.stop()]);
    },
  };
};

interface Ready extends LocalService {
  clients: AwsClients;
}

/** A started service with its clients and what it must hold (table, bucket); stopped again when that fails. */
const ready = async (service: LocalService, clientsFor: (endpoint: string) => AwsClients, prepare: (c: AwsClients) => Promise<void>): Promise<Ready> => {
  const clients = clientsFor(service.endpoint);
  const stop = async () => {
    clients.destroy();
    await service.stop();
  };
  try {
    await prepare(clients);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint: service.endpoint, clients, stop };
};
