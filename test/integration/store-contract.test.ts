import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCredentialStore } from '#shared/store/dynamodb-credentials.js';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import { S3BlobStore } from '#shared/store/s3-blobs.js';
import { localAws, type LocalAws } from '../support/local-aws.js';
import { storeContract } from '../support/store-contract.js';

storeContract(
  'DynamoDB Local and s3rver',
  async (now) => {
    const aws = await localAws();
    return {
      store: new DynamoSubmissionStore(aws.dynamo, aws.table),
      blobs: new S3BlobStore(aws.s3, aws.bucket),
      credentials: new DynamoCredentialStore(aws.dynamo, aws.table, now),
      destroy: () => aws.destroy(),
    };
  },
  { overwriteUnobservable: 's3rver ignores If-None-Match on PUT; the request is checked below instead' },
);

/** Real S3 answers 412 to a PUT with `If-None-Match: *` on an existing key; s3rver does not, so the 412 is played here. */
describe('S3 blob store: a put never overwrites on S3', () => {
  let aws: LocalAws;
  const sent: Array<string | undefined> = [];
  let answer: number | undefined;
  beforeAll(async () => {
    aws = await localAws();
    aws.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutObjectCommand') return next(args);
        sent.push((args.request as { headers: Record<string, string> }).headers['if-none-match']);
        if (answer) throw Object.assign(new Error(`status ${answer}`), { name: 'PreconditionFailed', $metadata: { httpStatusCode: answer } });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'playS3Answer' },
    );
  });
  afterAll(() => aws?.destroy());

  it('every put is conditional; a 412 (already written) is success and leaves the first content', async () => {
    const blobs = new S3BlobStore(aws.s3, aws.bucket);
    await blobs.put('raw/x/1/a.json', 'first', 'application/json');
    answer = 412;
    await blobs.put('raw/x/1/a.json', 'second', 'application/json');
    answer = undefined;
    expect(sent).toEqual(['*', '*']);
    expect(new TextDecoder().decode(await blobs.get('raw/x/1/a.json'))).toBe('first');
  });

  it('any other refusal is an error', async () => {
    answer = 503;
    await expect(new S3BlobStore(aws.s3, aws.bucket).put('raw/x/2/b.json', 'x', 'application/json')).rejects.toThrow('status 503');
    answer = undefined;
  });
});
