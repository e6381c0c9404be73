import { describe, expect, it } from 'vitest';
import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { expectCycleStory, runCycle } from '../../support/audit-cycle.js';

describe('SPEC §10 cycle on the in-memory store', () => {
  it('submit, review, hold and accept a late file, vote a tie, publish, upload after, reopen, publish again; the log tells it', async () => {
    const store = new MemorySubmissionStore();
    const { lines } = await runCycle({
      store,
      blobs: new MemoryBlobStore(),
      ledger: new MemoryPeriodLedger(store),
      actor: 'truong.khoi',
    });
    expectCycleStory(lines);
    expect(lines.length).toBeGreaterThan(18);
  });
});
