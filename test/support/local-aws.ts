import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS } from '#shared/local/dynamodb-local.js';
import { S3RVER_CREDENTIALS } from '#shared/local/s3-local.js';
import { createAwsClients, type AwsClients } from '#shared/store/aws-clients.js';
import { ensureTable } from '#shared/store/dynamodb-table.js';
import { ensureBucket } from '#shared/store/s3-blobs.js';

/** Counts requests by operation name, through the SDK's middleware stack. */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  get(op: string): number {
    return this.counts.get(op) ?? 0;
  }
  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  reset(): void {
    this.counts.clear();
  }
  attach(client: { middlewareStack: { add: (...args: any[]) => unknown } }, service: string): void {
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        const op = `${service}.${(context.commandName ?? '?').replace(/Command$/, '')}`;
        this.counts.set(op, this.get(op) + 1);
        return next(args);
      },
      { step: 'initialize', name: `count-${service}` },
    );
  }
}

export interface LocalAws extends AwsClients {
  table: string;
  bucket: string;
  counter: RequestCounter;
}

/** Clients on the run's DynamoDB Local and s3rver, with a fresh table and bucket. */
export const localAws = async (): Promise<LocalAws> => {
  const clients = createAwsClients({
    region: 'local',
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
    dynamoCredentials: LOCAL_CREDENTIALS,
    s3Credentials: S3RVER_CREDENTIALS,
  });
  const id = randomUUID().slice(0, 8);
  const table = `bloc-test-${id}`;
  const bucket = `bloc-test-${id}`;
  await ensureTable(clients.raw, table);
  await ensureBucket(clients.s3, bucket);
  const counter = new RequestCounter();
  counter.attach(clients.raw, 'dynamodb');
  counter.attach(clients.s3, 's3');
  return { ...clients, table, bucket, counter };
};
