import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import { ledgerContract } from '../../support/ledger-contract.js';

ledgerContract('in memory', async () => ({ ledger: new MemoryPeriodLedger() }));
