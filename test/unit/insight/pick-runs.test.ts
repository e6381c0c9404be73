import { describe, expect, it } from 'vitest';
import { pickRuns } from '../../../cli/explain.js';
import { UsageError } from '../../../cli/errors.js';
import { pairText } from '#shared/insight/runs.js';
import type { PublicationRecord } from '#shared/store/ledger-port.js';
import type { RunRecord } from '#shared/store/ports.js';

const run = (runId: string): RunRecord => ({
  runId,
  generatedAt: '2025-11-20T00:00:00.000Z',
  inputsHash: 'h',
  rankingsKey: `r/${runId}`,
  summaryKey: `s/${runId}`,
});
const runs = ['20251120-a', '20251121-b', '20251122-c', '20251123-d'].map(run);
const pub = (n: number, runId: string): PublicationRecord => ({
  n,
  runId,
  publishedAt: '2025-11-25T00:00:00.000Z',
  actor: 'lead',
  inputsHash: 'h',
  rankingsKey: 'p/r',
  summaryKey: 'p/s',
});

describe('bloc explain: which runs', () => {
  it('without a publication: the latest run against the one before it', () => {
    expect(pickRuns(runs, {})).toEqual({ from: runs[2], to: runs[3], basis: { kind: 'previous' } });
  });
  it('with publications: the latest against the run of the last publication', () => {
    const p = pickRuns(runs, {}, [pub(1, '20251120-a'), pub(2, '20251121-b')]);
    expect(p).toEqual({ from: runs[1], to: runs[3], basis: { kind: 'published', publication: 2 } });
    expect(pairText(p!, false)).toBe('So sánh lần tính 20251121-b (lần công bố gần nhất, lần 2) với lần tính 20251123-d (mới nhất).');
  });
  it('a publication of the latest run itself (or of a run after --to): the run before', () => {
    expect(pickRuns(runs, {}, [pub(1, '20251123-d')])).toEqual({ from: runs[2], to: runs[3], basis: { kind: 'previous' } });
    expect(pickRuns(runs, { to: '20251121-b' }, [pub(1, '20251122-c')])).toEqual({ from: runs[0], to: runs[1], basis: { kind: 'previous' } });
  });
  it('--to alone compares that run with its default; --from and --to compare any two', () => {
    expect(pickRuns(runs, { to: '20251121-b' })).toEqual({ from: runs[0], to: runs[1], basis: { kind: 'previous' } });
    const given = pickRuns(runs, { from: '20251120-a', to: '20251122-c' }, [pub(1, '20251121-b')]);
    expect(given).toEqual({ from: runs[0], to: runs[2], basis: { kind: 'given' } });
    expect(pairText(given!, true)).toBe('So sánh lần tính 20251120-a (chọn bằng --from) với lần tính 20251122-c (chọn bằng --to).');
  });
  it('nothing to compare before a second run; an unknown run id is a usage error', () => {
    expect(pickRuns([], {})).toBeNull();
    expect(pickRuns(runs.slice(0, 1), {})).toBeNull();
    expect(() => pickRuns(runs, { from: 'x' })).toThrow(UsageError);
  });
});
