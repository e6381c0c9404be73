import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import { MemorySubmissionStore } from '#shared/store/memory-store.js';
import { ledgerContract } from '../../support/ledger-contract.js';

ledgerContract('in memory', async () => {
  const store = new MemorySubmissionStore();
  return { ledger: new MemoryPeriodLedger(store), store };
});
