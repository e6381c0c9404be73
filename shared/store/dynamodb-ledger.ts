import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countChange, HEAD_SK, headKey, publicationOf, transact } from './dynamodb-head.js';
import { queryPrefix } from './dynamodb-query.js';
import { periodPartition as partitionKey } from './keys.js';
import {
  publicationSortKey,
  type AuditEntry,
  type DecisionRecord,
  type HeadRecord,
  type LedgerState,
  type PeriodLedger,
  type PublicationRecord,
  type ReviewVersionRecord,
} from './ledger-port.js';
import type { PeriodKey } from './ports.js';

/** See ledger-port.ts for the items: `RV#`, `D#`, `HEAD`, `PUB#`, `A#`, in the period's partition; `item` names the item's type (a decision has its own `kind`). */
const refused = (e: unknown): boolean => (e as { name?: string }).name === 'ConditionalCheckFailedException';

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, item: _item, ...rest } = item;
  return rest as T;
};

const LEDGER_PREFIXES = { 'RV#': 'reviewVersions', 'D#': 'decisions', 'PUB#': 'publications', 'A#': 'log' } as const;

/** The ledger's items among a partition's items (in sort key order, as a Query returns them). */
export const ledgerItems = (items: Record<string, unknown>[]): LedgerState => {
  const l: LedgerState = { reviewVersions: [], decisions: [], head: publicationOf(undefined), publications: [], log: [] };
  for (const i of items) {
    const sk = i['SK'] as string;
    if (sk === HEAD_SK) l.head = publicationOf(i);
    const list = Object.entries(LEDGER_PREFIXES).find(([p]) => sk.startsWith(p))?.[1];
    if (list) (l[list] as unknown[]).push(strip(i));
  }
  return l;
};

export class DynamoPeriodLedger implements PeriodLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Writes an item once; a review or a decision also counts as a change of the period's inputs, in the same transaction. */
  private async once(key: PeriodKey, sk: string, kind: string, value: object, changesInputs = true): Promise<boolean> {
    const put = { TableName: this.table, Item: { ...value, PK: partitionKey(key), SK: sk, item: kind }, ConditionExpression: 'attribute_not_exists(SK)' };
    if (changesInputs) return transact(this.client, [{ Put: put }, countChange(this.table, key)]);
    try {
      await this.client.send(new PutCommand(put));
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
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: headKey(key), ConsistentRead: true }));
    return publicationOf(out.Item);
  }

  /** Sets the head's publication state (and counts a change of the inputs) where `condition` holds. */
  private setHead(key: PeriodKey, head: HeadRecord, condition: string, values: Record<string, unknown>) {
    return {
      TableName: this.table,
      Key: headKey(key),
      UpdateExpression: `SET #state = :state, #pub = :n, #at = :at, #actor = :actor, #item = :head${head.reason ? ', #reason = :reason' : ''} ADD #changes :one${head.reason ? '' : ' REMOVE #reason'}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: {
        '#state': 'state',
        '#pub': 'publication',
        '#at': 'at',
        '#actor': 'actor',
        '#reason': 'reason',
        '#item': 'item',
        '#changes': 'changes',
      },
      ExpressionAttributeValues: {
        ':state': head.state,
        ':n': head.publication,
        ':at': head.at,
        ':actor': head.actor,
        ':head': 'head',
        ':one': 1,
        ...(head.reason && { ':reason': head.reason }),
        ...values,
      },
    };
  }

  publish(key: PeriodKey, p: PublicationRecord): Promise<boolean> {
    const head: HeadRecord = { state: 'published', publication: p.n, at: p.publishedAt, actor: p.actor };
    const condition = p.n === 1 ? 'attribute_not_exists(#state) OR (#state = :open AND #pub = :prev)' : '#state = :open AND #pub = :prev';
    return transact(this.client, [
      { Update: this.setHead(key, head, condition, { ':open': 'open', ':prev': p.n - 1 }) },
      {
        Put: {
          TableName: this.table,
          Item: { ...p, PK: partitionKey(key), SK: publicationSortKey(p.n), item: 'publication' },
          ConditionExpression: 'attribute_not_exists(SK)',
        },
      },
    ]);
  }

  async reopen(key: PeriodKey, n: number, change: { at: string; actor: string; reason: string }): Promise<boolean> {
    const update = this.setHead(key, { state: 'open', publication: n, ...change }, '#state = :published AND #pub = :was', {
      ':published': 'published',
      ':was': n,
    });
    try {
      await this.client.send(new UpdateCommand(update));
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
    return this.once(key, `A#${e.id}`, 'audit', e, false);
  }

  log(key: PeriodKey): Promise<AuditEntry[]> {
    return this.items(key, 'A#');
  }
}
