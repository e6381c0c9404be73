import { beforeAll, describe, expect, it } from 'vitest';
import { linksApi } from '#shared/cloud/links-api.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import { recomputeBatch } from '#shared/cloud/use-cases/recompute-batch.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import type { RankingsJson } from '#shared/scoring/rankings-json.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

/** D7: a file that cannot be read, uploaded with a member's own link, is that member's. */
let w: MemoryWorld;
let member: string;

beforeAll(async () => {
  w = await memoryWorld({ now: () => new Date('2025-11-18T10:00:00.000Z') });
  ({ token: member } = await w.rt.credentials.issue({ bloc: 'ntb-tn', role: 'member', unit: 'STP-KHA', issuedBy: 'lead:x' }));
});

describe('an unreadable upload is attributed to the unit of its upload path', () => {
  it('a PDF sent with STP-KHA\'s link: version and report are STP-KHA\'s, the member is "rejected", not "missing"', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    const result = await ingestUpload(w.rt, w.upload('STP-KHA', pdf, { file: 'bao-cao.xlsx', eventTime: '2025-11-18T02:00:00.000Z' }), w.log);
    expect(result).toMatchObject({ kind: 'ingested', outcome: { report: { unit: 'STP-KHA', status: 'rejected', errors: [{ code: 'FILE_NOT_XLSX' }] } } });
    const [v] = await w.rt.store.versions(periodKey(w.bloc, 'Y'));
    expect(v).toMatchObject({ unit: 'STP-KHA', status: 'rejected', file: 'bao-cao.xlsx' });
    expect(await w.json(v!.reportKey)).toMatchObject({ unit: 'STP-KHA', status: 'rejected' });
    expect((await w.state()).rejected).toEqual(['STP-KHA']);
    // A recompute is requested (the period's state changed) and ranks the member as rejected.
    expect(w.rt.queue.sent.map((r) => r.uploadId)).toEqual([v!.uploadId]);
    await recomputeBatch(w.rt, [{ id: 'm1', body: JSON.stringify(w.rt.queue.sent[0]) }], w.log);
    const rankings: RankingsJson = await w.json((await w.rt.store.latestRun(periodKey(w.bloc, 'Y')))!.rankingsKey);
    const kha = rankings.groups.flatMap((g) => g.members).find((m) => m.unit === 'STP-KHA');
    expect(kha).toMatchObject({ status: 'rejected' });
  });

  it('GET /reports of that member lists the rejected upload', async () => {
    const res = await linksApi(() => w.rt, w.log)({ method: 'GET', path: '/reports', headers: { authorization: `Bearer ${member}` }, query: { period: 'Y' } });
    const body = JSON.parse(res.body);
    expect(res.status).toBe(200);
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0]).toMatchObject({ file: 'bao-cao.xlsx', status: 'rejected', errors: 1 });
  });
});
