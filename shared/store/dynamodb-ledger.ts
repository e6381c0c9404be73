import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPrefix } from './dynamodb-query.js';
import { partitionKey } from './dynamodb-store.js';
import {
  OPEN_HEAD,
  publicationSortKey,
  type AuditEntry,
  type DecisionRecord,
  type HeadRecord,
  type PeriodLedger,
  type PublicationRecord,
  type ReviewVersionRecord,
} from './ledger-port.js';
import type { PeriodKey } from './ports.js';

/** See ledger-port.ts for the items: `RV#`, `D#`, `HEAD`, `PUB#`, `A#`, in the period's partition; `item` names the item's type (a decision has its own `kind`). */
const refused = (e: unknown): boolean => {
  const name = (e as { name?: string }).name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
};

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, item: _item, ...rest } = item;
  return rest as T;
};

export class DynamoPeriodLedger implements PeriodLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async once(key: PeriodKey, sk: string, kind: string, value: object): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...value, PK: partitionKey(key), SK: sk, item: kind },
          ConditionExpression: 'attribute_not_exists(SK)',
        }),
      );
      return true;
    } catch (e) {
      if (refused(e)) return false;
      throw e;
    }
  }

  private async items<T>(key: PeriodKey, prefix: string): Promise<T[]> {
    return (await queryPrefix(this.client, this.table, partitionKey(key), prefix)).map((i) => strip<T>(i));
  }

  putReviewVersion(key: PeriodKey, r: ReviewVersionRecord): Promise<boolean> {
    return this.once(key, `RV#${r.uploadId}`, 'review-version', r);
  }

  reviewVersions(key: PeriodKey): Promise<ReviewVersionRecord[]> {
    return this.items(key, 'RV#');
  }

  putDecision(key: PeriodKey, d: DecisionRecord): Promise<boolean> {
    return this.once(key, `D#${d.id}`, 'decision', d);
  }

  decisions(key: PeriodKey): Promise<DecisionRecord[]> {
    return this.items(key, 'D#');
  }

  async head(key: PeriodKey): Promise<HeadRecord> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: partitionKey(key), SK: 'HEAD' }, ConsistentRead: true }));
    return out.Item ? strip<HeadRecord>(out.Item) : { ...OPEN_HEAD };
  }

  async publish(key: PeriodKey, p: PublicationRecord): Promise<boolean> {
    const head: HeadRecord = { state: 'published', publication: p.n, at: p.publishedAt, actor: p.actor };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...head, PK: partitionKey(key), SK: 'HEAD', item: 'head' },
                ConditionExpression: p.n === 1 ? 'attribute_not_exists(SK) OR (#state = :open AND #pub = :prev)' : '#state = :open AND #pub = :prev',
                ExpressionAttributeNames: { '#state': 'state', '#pub': 'publication' },
                ExpressionAttributeValues: { ':open': 'open', ':prev': p.n - 1 },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...p, PK: partitionKey(key), SK: publicationSortKey(p.n), item: 'publication' },
                ConditionExpression: 'attribute_not_exists(SK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (refused(e)) return false;
      throw e;
    }
  }

  async reopen(key: PeriodKey, n: number, change: { at: string; actor: string; reason: string }): Promise<boolean> {
    const head: HeadRecord = { state: 'open', publication: n, ...change };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...head, PK: partitionKey(key), SK: 'HEAD', item: 'head' },
          ConditionExpression: '#state = :published AND #pub = :n',
          ExpressionAttributeNames: { '#state': 'state', '#pub': 'publication' },
          ExpressionAttributeValues: { ':published': 'published', ':n': n },
        }),
      );
      return true;
    } catch (e) {
      if (refused(e)) return false;
      throw e;
    }
  }

  publications(key: PeriodKey): Promise<PublicationRecord[]> {
    return this.items(key, 'PUB#');
  }

  append(key: PeriodKey, e: AuditEntry): Promise<boolean> {
    return this.once(key, `A#${e.id}`, 'audit', e);
  }

  log(key: PeriodKey): Promise<AuditEntry[]> {
    return this.items(key, 'A#');
  }
}
