import { describe, expect, it } from 'vitest';
import { pickRuns } from '../../../cli/explain.js';
import { UsageError } from '../../../cli/errors.js';
import type { RunRecord } from '#shared/store/ports.js';

const run = (runId: string): RunRecord => ({
  runId,
  generatedAt: '2025-11-20T00:00:00.000Z',
  inputsHash: 'h',
  rankingsKey: `r/${runId}`,
  summaryKey: `s/${runId}`,
});
const runs = ['20251120-a', '20251121-b', '20251122-c'].map(run);

describe('bloc explain: which runs', () => {
  it('defaults to the latest run against the one before it', () => {
    expect(pickRuns(runs, {})).toEqual({ from: runs[1], to: runs[2] });
  });
  it('--to alone compares that run with the one before it; --from and --to compare any two', () => {
    expect(pickRuns(runs, { to: '20251121-b' })).toEqual({ from: runs[0], to: runs[1] });
    expect(pickRuns(runs, { from: '20251120-a', to: '20251122-c' })).toEqual({ from: runs[0], to: runs[2] });
  });
  it('nothing to compare before a second run; an unknown run id is a usage error', () => {
    expect(pickRuns([], {})).toBeNull();
    expect(pickRuns(runs.slice(0, 1), {})).toBeNull();
    expect(() => pickRuns(runs, { from: 'x' })).toThrow(UsageError);
  });
});
