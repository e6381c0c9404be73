import { DynamoPeriodLedger } from '#shared/store/dynamodb-ledger.js';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import { localAws } from '../support/local-aws.js';
import { ledgerContract } from '../support/ledger-contract.js';

ledgerContract('DynamoDB Local', async () => {
  const aws = await localAws();
  return { ledger: new DynamoPeriodLedger(aws.dynamo, aws.table), store: new DynamoSubmissionStore(aws.dynamo, aws.table), destroy: () => aws.destroy() };
});
