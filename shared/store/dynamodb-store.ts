import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { claimRun, countChange, headKey, headOf, transact } from './dynamodb-head.js';
import { ledgerItems } from './dynamodb-ledger.js';
import { queryPrefix } from './dynamodb-query.js';
import { periodPartition } from './keys.js';
import type { CurrentRecord, PeriodContents, PeriodHead, PeriodKey, PeriodState, RunClaim, RunRecord, SubmissionStore, VersionRecord } from './ports.js';

/**
 * One table, one partition per bloc period (PK `BP#bloc#year#period`), so every read is a Query:
 * `V#<uploadId>` versions, `M#<unit>#CUR` the current accepted version, `M#<unit>#REJ` a unit that
 * sent only invalid versions, `R#<runId>` recomputations, `HEAD` the change count and last run
 * (dynamodb-head.ts). Every write that changes a run's inputs counts itself on `HEAD` in one transaction.
 */
export const partitionKey = (k: PeriodKey): string => periodPartition(k);

const isConditionFailure = (e: unknown): boolean =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException';

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as T;
};

const stateOf = (items: Record<string, unknown>[]): PeriodState => ({
  current: items.filter((i) => i['kind'] === 'current').map((i) => strip<CurrentRecord>(i)),
  rejected: items.filter((i) => i['kind'] === 'rejected').map((i) => i['unit'] as string),
});

const startsWith = (prefix: string) => (i: Record<string, unknown>) => (i['SK'] as string).startsWith(prefix);

export class DynamoSubmissionStore implements SubmissionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Puts an item where `condition` holds and counts the change on the head, together. */
  private putCounted(key: PeriodKey, item: Record<string, unknown>, condition?: string, values?: Record<string, unknown>) {
    return transact(this.client, [
      {
        Put: {
          TableName: this.table,
          Item: { PK: partitionKey(key), ...item },
          ...(condition && { ConditionExpression: condition }),
          ...(values && { ExpressionAttributeValues: values, ExpressionAttributeNames: { '#upload': 'uploadId' } }),
        },
      },
      countChange(this.table, key),
    ]);
  }

  private query(key: PeriodKey, prefix: string, newestFirst = false, limit?: number) {
    return queryPrefix(this.client, this.table, partitionKey(key), prefix, { newestFirst, ...(limit && { limit }) });
  }

  putVersion(key: PeriodKey, v: VersionRecord): Promise<boolean> {
    return this.putCounted(key, { SK: `V#${v.uploadId}`, kind: 'version', ...v }, 'attribute_not_exists(SK)');
  }

  async getVersion(key: PeriodKey, uploadId: string): Promise<VersionRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: partitionKey(key), SK: `V#${uploadId}` } }));
    return out.Item ? strip<VersionRecord>(out.Item) : undefined;
  }

  promote(key: PeriodKey, c: CurrentRecord): Promise<boolean> {
    return this.putCounted(key, { SK: `M#${c.unit}#CUR`, kind: 'current', ...c }, 'attribute_not_exists(SK) OR #upload < :upload', {
      ':upload': c.uploadId,
    });
  }

  async markRejected(key: PeriodKey, unit: string): Promise<void> {
    await this.putCounted(key, { SK: `M#${unit}#REJ`, kind: 'rejected', unit });
  }

  async state(key: PeriodKey): Promise<PeriodState> {
    return stateOf(await this.query(key, 'M#'));
  }

  async versions(key: PeriodKey): Promise<VersionRecord[]> {
    return (await this.query(key, 'V#')).map((i) => strip<VersionRecord>(i));
  }

  async putRun(key: PeriodKey, run: RunRecord, claim?: Omit<RunClaim, 'run'>): Promise<void> {
    const put = { TableName: this.table, Item: { PK: partitionKey(key), SK: `R#${run.runId}`, kind: 'run', ...run } };
    if (!claim) await this.client.send(new PutCommand(put));
    else if (!(await transact(this.client, [{ Put: put }, claimRun(this.table, key, { ...claim, run })]))) throw new Error(`run ${run.runId} not recorded`);
  }

  async latestRun(key: PeriodKey): Promise<RunRecord | undefined> {
    const [item] = await this.query(key, 'R#', true, 1);
    return item ? strip<RunRecord>(item) : undefined;
  }

  async runs(key: PeriodKey): Promise<RunRecord[]> {
    return (await this.query(key, 'R#')).map((i) => strip<RunRecord>(i));
  }

  async head(key: PeriodKey): Promise<PeriodHead> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: headKey(key), ConsistentRead: true }));
    return headOf(out.Item);
  }

  async confirmRun(key: PeriodKey, claim: RunClaim): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: headKey(key),
          UpdateExpression: 'SET #run = :claim',
          // Never back over a claim that saw more changes.
          ConditionExpression: 'attribute_not_exists(#run) OR #run.#changes <= :changes',
          ExpressionAttributeNames: { '#run': 'lastRun', '#changes': 'changes' },
          ExpressionAttributeValues: { ':claim': claim, ':changes': claim.changes },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  /** One consistent Query of the whole partition: submissions, runs and the ledger's items together. */
  async contents(key: PeriodKey): Promise<PeriodContents> {
    const items = await queryPrefix(this.client, this.table, partitionKey(key), '', { consistent: true });
    const run = items.filter(startsWith('R#')).at(-1);
    return {
      state: stateOf(items.filter(startsWith('M#'))),
      versions: items.filter(startsWith('V#')).map((i) => strip<VersionRecord>(i)),
      ...(run && { latestRun: strip<RunRecord>(run) }),
      ledger: ledgerItems(items),
    };
  }
}
