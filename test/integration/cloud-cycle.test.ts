import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, it } from 'vitest';
import { inject } from 'vitest';
import { createRuntime } from '#shared/cloud/aws/runtime.js';
import { MemoryRecomputeQueue } from '#shared/cloud/memory.js';
import { ensureBucket } from '#shared/store/s3-blobs.js';
import { cycleBloc } from '../support/audit-cycle.js';
import { deployConfig } from '../support/cloud.js';
import { expectCloudStory, runCloudCycle } from '../support/cloud-cycle.js';
import { localAws, type LocalAws } from '../support/local-aws.js';

let aws: LocalAws | undefined;
afterAll(() => aws?.destroy());

describe('the review cycle through the links API on DynamoDB Local and s3rver', () => {
  it('members upload, a reviewer reviews, the lead decides, publishes, reopens and publishes again; GET /log tells it in order', async () => {
    aws = await localAws();
    const uploads = `${aws.bucket}-up`;
    await ensureBucket(aws.s3, uploads);
    const bloc = await cycleBloc();
    // The deployed configuration: the sample region with the cycle's period settings.
    await deployConfig(aws, aws.bucket, bloc.id, (b) => {
      b['periods'] = (b['periods'] as { id: string }[]).map((p) => (p.id === 'Y' ? { ...p, latePolicy: 'hold', reviewers: { 'STP-QNG': ['STP-KHA'] } } : p));
    });
    const rt = createRuntime(
      { region: 'local', tableName: aws.table, dataBucket: aws.bucket, uploadsBucket: uploads, s3Endpoint: inject('s3Endpoint') },
      { clients: aws, queue: new MemoryRecomputeQueue() },
    );
    const s3 = aws.s3;
    const out = await runCloudCycle({
      rt,
      bloc,
      land: async (key, bytes, metadata, eventTime) => {
        await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: bytes, Metadata: metadata }));
        return { bucket: uploads, key, size: bytes.length, eventTime, eventName: 'ObjectCreated:Post' };
      },
    });
    expectCloudStory(out);
  });
});
