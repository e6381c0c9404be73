import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { credentialPartition } from '../../store/keys.js';
import type { PullThrottle } from '../ports.js';

/**
 * The throttle in the one table, beside the bloc's credentials (the links function's partition):
 * PK `CREDS#<bloc>`, SK `T#<key>`, `at` in ms. A claim is a conditional put (absent, or older than
 * the interval), so two claims at once cannot both win.
 */
export class DynamoPullThrottle implements PullThrottle {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(bloc: string, key: string, at: Date, intervalMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: credentialPartition(bloc), SK: `T#${key}`, kind: 'throttle', at: at.getTime() },
          ConditionExpression: 'attribute_not_exists(SK) OR #at <= :cutoff',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':cutoff': at.getTime() - intervalMs },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }
}
