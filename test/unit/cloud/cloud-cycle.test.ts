import { describe, it } from 'vitest';
import { memoryRuntime } from '#shared/cloud/memory.js';
import { cycleBloc } from '../../support/audit-cycle.js';
import { expectCloudStory, runCloudCycle } from '../../support/cloud-cycle.js';

describe('the review cycle through the links API (in memory)', () => {
  it('tells the story in order, with the credential holders as actors', async () => {
    const bloc = await cycleBloc();
    const rt = memoryRuntime({ blocs: [bloc] });
    const out = await runCloudCycle({
      rt,
      bloc,
      land: async (key, bytes, metadata, eventTime) => rt.uploads.put(key, bytes, eventTime, 'uploads', metadata),
    });
    expectCloudStory(out);
  });
});
