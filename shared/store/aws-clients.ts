import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/** Where the store lives: AWS itself (no endpoints) or local emulators (endpoints and credentials). */
export interface AwsTarget {
  region: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  dynamoCredentials?: { accessKeyId: string; secretAccessKey: string };
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  raw: DynamoDBClient;
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  destroy(): void;
}

export const createAwsClients = (t: AwsTarget): AwsClients => {
  const raw = new DynamoDBClient({
    region: t.region,
    ...(t.dynamoEndpoint && { endpoint: t.dynamoEndpoint }),
    ...(t.dynamoCredentials && { credentials: t.dynamoCredentials }),
  });
  const dynamo = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({
    region: t.region,
    // s3rver stores aws-chunked framing inside objects unless checksums are only sent when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(t.s3Endpoint && { endpoint: t.s3Endpoint, forcePathStyle: true }),
    ...(t.s3Credentials && { credentials: t.s3Credentials }),
  });
  return { raw, dynamo, s3, destroy: () => (dynamo.destroy(), s3.destroy()) };
};
