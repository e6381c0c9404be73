import { describe, expect, it } from 'vitest';
import { submissionLog } from '#shared/pipeline/recompute.js';
import type { VersionRecord } from '#shared/store/ports.js';

const v = (uploadId: string, unit: string | null, status: VersionRecord['status']): VersionRecord => ({
  uploadId,
  unit,
  file: `${uploadId}.xlsx`,
  receivedAt: '2025-11-20T01:00:00.000Z',
  status,
  errors: status === 'rejected' ? 1 : 0,
  warnings: 0,
  late: false,
  contentHash: uploadId,
  size: 1,
  rawKey: `raw/${uploadId}`,
  reportKey: `reports/${uploadId}`,
});

describe('the submission log', () => {
  it('marks an accepted version that another version of its unit keeps from counting', () => {
    const log = submissionLog(
      [v('2', 'STP-HUE', 'accepted'), v('1', 'STP-HUE', 'accepted'), v('3', 'STP-KHA', 'rejected'), v('4', null, 'rejected')],
      new Set(),
      new Set(['2']),
    );
    expect(log.map((e) => [e.unit, e.version, e.status, e.superseded ?? false])).toEqual([
      ['STP-HUE', 1, 'accepted', true],
      ['STP-HUE', 2, 'accepted', false],
      ['STP-KHA', 1, 'rejected', false],
      [null, 1, 'rejected', false],
    ]);
  });

  it('marks nothing when it is not told which versions are in force', () => {
    expect(submissionLog([v('1', 'STP-HUE', 'accepted'), v('2', 'STP-HUE', 'accepted')]).some((e) => e.superseded)).toBe(false);
  });
});
