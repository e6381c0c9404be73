import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface QueryOptions {
  newestFirst?: boolean;
  limit?: number;
  /** A strongly consistent read: sees every write acknowledged before it. */
  consistent?: boolean;
}

/** Items of a partition whose sort key begins with `prefix` (every item when `prefix` is empty): every page, or the first `limit` items. */
export const queryPrefix = async (
  client: DynamoDBDocumentClient,
  table: string,
  pk: string,
  prefix: string,
  opts: QueryOptions = {},
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(prefix && { ':prefix': prefix }) },
        ScanIndexForward: !opts.newestFirst,
        ExclusiveStartKey: start,
        ...(opts.limit && { Limit: opts.limit }),
        ...(opts.consistent && { ConsistentRead: true }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = opts.limit ? undefined : page.LastEvaluatedKey;
  } while (start);
  return items;
};
