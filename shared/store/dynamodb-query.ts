import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Items of a partition whose sort key begins with `prefix`: every page, or the first `limit` items. */
export const queryPrefix = async (
  client: DynamoDBDocumentClient,
  table: string,
  pk: string,
  prefix: string,
  opts: { newestFirst?: boolean; limit?: number } = {},
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ScanIndexForward: !opts.newestFirst,
        ExclusiveStartKey: start,
        ...(opts.limit && { Limit: opts.limit }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = opts.limit ? undefined : page.LastEvaluatedKey;
  } while (start);
  return items;
};
