import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { periodPartition } from './keys.js';
import { OPEN_HEAD, type HeadRecord } from './ledger-port.js';
import type { PeriodHead, PeriodKey, RunClaim } from './ports.js';

/**
 * The period's `HEAD` item, shared by the submission store and the ledger: `changes` (a count bumped
 * in the same transaction as every write that changes a run's inputs), `lastRun` (the last run's
 * claim) and the publication state (`state`, `publication`, `at`, `actor`, `reason`).
 */
export const HEAD_SK = 'HEAD';
export const headKey = (key: PeriodKey) => ({ PK: periodPartition(key), SK: HEAD_SK });

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The transaction item that counts one change of the period's inputs. */
export const countChange = (table: string, key: PeriodKey): TransactItem => ({
  Update: {
    TableName: table,
    Key: headKey(key),
    UpdateExpression: 'ADD #changes :one',
    ExpressionAttributeNames: { '#changes': 'changes' },
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/** The transaction item that makes the head claim a run. */
export const claimRun = (table: string, key: PeriodKey, claim: RunClaim): TransactItem => ({
  Update: {
    TableName: table,
    Key: headKey(key),
    UpdateExpression: 'SET #run = :claim',
    ExpressionAttributeNames: { '#run': 'lastRun' },
    ExpressionAttributeValues: { ':claim': claim },
  },
});

export const publicationOf = (item: Record<string, unknown> | undefined): HeadRecord => {
  if (!item?.['state']) return { ...OPEN_HEAD };
  const head: HeadRecord = { state: item['state'] as HeadRecord['state'], publication: Number(item['publication'] ?? 0) };
  for (const k of ['at', 'actor', 'reason'] as const) if (typeof item[k] === 'string') head[k] = item[k];
  return head;
};

export const headOf = (item: Record<string, unknown> | undefined): PeriodHead => ({
  changes: Number(item?.['changes'] ?? 0),
  ...(item?.['lastRun'] ? { run: item['lastRun'] as RunClaim } : {}),
  publication: publicationOf(item),
});

const reasons = (e: unknown): string[] => ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');

/**
 * Writes `items` together or not at all. False when a condition refused them; a conflict with
 * another transaction on the same head is tried again.
 */
export const transact = async (client: DynamoDBDocumentClient, items: TransactItem[]): Promise<boolean> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name !== 'TransactionCanceledException') throw e;
      const codes = reasons(e);
      if (codes.includes('ConditionalCheckFailed') || !codes.length) return false;
      if (!codes.includes('TransactionConflict') || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    }
  }
};
