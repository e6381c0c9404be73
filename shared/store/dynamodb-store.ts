import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPrefix } from './dynamodb-query.js';
import { periodPartition } from './keys.js';
import type { CurrentRecord, PeriodKey, PeriodState, RunRecord, SubmissionStore, VersionRecord } from './ports.js';

/**
 * One table, one partition per bloc period (PK `BP#bloc#year#period`), so every read is a Query:
 * `V#<uploadId>` versions, `M#<unit>#CUR` the current accepted version, `M#<unit>#REJ` a unit that
 * sent only invalid versions, `R#<runId>` recomputations.
 */
export const partitionKey = (k: PeriodKey): string => periodPartition(k);

const isConditionFailure = (e: unknown): boolean =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException';

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as T;
};

export class DynamoSubmissionStore implements SubmissionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async putIf(item: Record<string, unknown>, condition: string, values?: Record<string, unknown>) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ...(values && { ExpressionAttributeValues: values, ExpressionAttributeNames: { '#upload': 'uploadId' } }),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  private query(key: PeriodKey, prefix: string, newestFirst = false, limit?: number) {
    return queryPrefix(this.client, this.table, partitionKey(key), prefix, { newestFirst, ...(limit && { limit }) });
  }

  putVersion(key: PeriodKey, v: VersionRecord): Promise<boolean> {
    return this.putIf({ PK: partitionKey(key), SK: `V#${v.uploadId}`, kind: 'version', ...v }, 'attribute_not_exists(SK)');
  }

  async getVersion(key: PeriodKey, uploadId: string): Promise<VersionRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: partitionKey(key), SK: `V#${uploadId}` } }));
    return out.Item ? strip<VersionRecord>(out.Item) : undefined;
  }

  promote(key: PeriodKey, c: CurrentRecord): Promise<boolean> {
    return this.putIf({ PK: partitionKey(key), SK: `M#${c.unit}#CUR`, kind: 'current', ...c }, 'attribute_not_exists(SK) OR #upload < :upload', {
      ':upload': c.uploadId,
    });
  }

  async markRejected(key: PeriodKey, unit: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { PK: partitionKey(key), SK: `M#${unit}#REJ`, kind: 'rejected', unit } }));
  }

  async state(key: PeriodKey): Promise<PeriodState> {
    const items = await this.query(key, 'M#');
    return {
      current: items.filter((i) => i['kind'] === 'current').map((i) => strip<CurrentRecord>(i)),
      rejected: items.filter((i) => i['kind'] === 'rejected').map((i) => i['unit'] as string),
    };
  }

  async versions(key: PeriodKey): Promise<VersionRecord[]> {
    return (await this.query(key, 'V#')).map((i) => strip<VersionRecord>(i));
  }

  async putRun(key: PeriodKey, run: RunRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { PK: partitionKey(key), SK: `R#${run.runId}`, kind: 'run', ...run } }));
  }

  async latestRun(key: PeriodKey): Promise<RunRecord | undefined> {
    const [item] = await this.query(key, 'R#', true, 1);
    return item ? strip<RunRecord>(item) : undefined;
  }

  async runs(key: PeriodKey): Promise<RunRecord[]> {
    return (await this.query(key, 'R#')).map((i) => strip<RunRecord>(i));
  }
}
