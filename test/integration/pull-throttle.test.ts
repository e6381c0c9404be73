import { afterAll, describe, expect, it } from 'vitest';
import { DynamoPullThrottle } from '#shared/cloud/aws/dynamodb-throttle.js';
import { DynamoCredentialStore } from '#shared/store/dynamodb-credentials.js';
import { localAws, type LocalAws } from '../support/local-aws.js';

let aws: LocalAws | undefined;
afterAll(() => aws?.destroy());

describe('the pull throttle on DynamoDB Local', () => {
  it('grants one claim per key per interval, two claims at once included, beside the credentials without showing among them', async () => {
    aws = await localAws();
    const t = new DynamoPullThrottle(aws.dynamo, aws.table);
    const at = new Date('2025-11-20T02:00:00Z');
    const later = (ms: number) => new Date(at.getTime() + ms);
    expect(await Promise.all([t.claim('b1', 'pull#Y#U1', at, 120_000), t.claim('b1', 'pull#Y#U1', at, 120_000)])).toEqual(
      expect.arrayContaining([true, false]),
    );
    expect(await t.claim('b1', 'pull#Y#U1', later(119_999), 120_000)).toBe(false);
    expect(await t.claim('b1', 'pull#Y#U2', later(1), 120_000)).toBe(true);
    expect(await t.claim('b2', 'pull#Y#U1', later(1), 120_000)).toBe(true);
    expect(await t.claim('b1', 'pull#Y#U1', later(120_000), 120_000)).toBe(true);
    expect(await new DynamoCredentialStore(aws.dynamo, aws.table).list('b1')).toEqual([]);
  });
});
