import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '#shared/local/dynamodb-local.js';
import { startS3Local } from '#shared/local/s3-local.js';

/** DynamoDB Local and s3rver, started once per test run on loopback ports. */
export default async function setup(project: TestProject) {
  const [dynamo, s3] = await Promise.all([startDynamoLocal(), startS3Local()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}
