import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Creates the table on a local emulator (in AWS the CDK stack owns it). Same key schema as infra/. */
export const ensureTable = async (client: DynamoDBClient, table: string): Promise<void> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException) && (e as { name?: string }).name !== 'ResourceInUseException') throw e;
  }
  await client.send(new DescribeTableCommand({ TableName: table }));
};
