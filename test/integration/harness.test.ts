import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAws, type LocalAws } from '../support/local-aws.js';

describe('local services started once per run', () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await localAws();
  });
  afterAll(() => aws.destroy());

  it('DynamoDB Local stores and returns an item', async () => {
    await aws.dynamo.send(new PutCommand({ TableName: aws.table, Item: { PK: 'p', SK: 's', name: 'Sở Tư pháp tỉnh Đắk Lắk' } }));
    const out = await aws.dynamo.send(new GetCommand({ TableName: aws.table, Key: { PK: 'p', SK: 's' } }));
    expect(out.Item?.['name']).toBe('Sở Tư pháp tỉnh Đắk Lắk');
  });

  it('s3rver returns the exact bytes it was given (no aws-chunked framing)', async () => {
    const body = Buffer.from('PK\u0003\u0004 bảng điểm '.repeat(1000));
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'a/b.xlsx', Body: body }));
    const out = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'a/b.xlsx' }));
    expect(Buffer.from(await out.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(aws.counter.get('s3.PutObject')).toBe(1);
  });
});
