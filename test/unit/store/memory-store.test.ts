import { MemoryCredentialStore } from '#shared/store/memory-credentials.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { storeContract } from '../../support/store-contract.js';

storeContract('in memory', async (now) => ({ store: new MemorySubmissionStore(), blobs: new MemoryBlobStore(), credentials: new MemoryCredentialStore(now) }));
