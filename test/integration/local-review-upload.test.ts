import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#shared/api/local-server.js';
import { createLogger } from '#shared/cloud/log.js';
import { cycleBloc } from '../support/audit-cycle.js';
import { workbook } from '../support/cloud-events.js';
import { fillReviewWorkbook } from '../support/review-fill.js';

let server: LocalServer | undefined;
afterAll(async () => server?.stop());

describe('bloc serve: review uploads through POST /api/upload', () => {
  it('a reviewer link uploads its filled review workbook and reads its report; a member link cannot send one', async () => {
    // Uploads arrive now, after the sample's deadline: they count (latePolicy "count") so that there is something to review.
    const cycle = await cycleBloc();
    const bloc = { ...cycle, periods: cycle.periods.map((p) => (p.id === 'Y' ? { ...p, latePolicy: 'count' as const } : p)) };
    server = await startLocalServer({ bloc, webDir: await mkdtemp(join(tmpdir(), 'web-')), log: createLogger({}, { sink: () => undefined }) });
    const api = async (token: string, method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server!.url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    const send = async (token: string, name: string, bytes: Uint8Array) => {
      const link = (await api(token, 'POST', '/upload-link', { period: 'Y' })).body;
      const form = new FormData();
      for (const [k, v] of Object.entries(link.fields as Record<string, string>)) form.append(k, v);
      form.append('file', new Blob([bytes]), name);
      const r = await fetch(`${server!.url}${link.url}`, { method: 'POST', body: form });
      expect(r.status).toBe(204);
      return r.headers.get('x-upload-id')!;
    };
    const lead = server.leadToken;
    const member = (await api(lead, 'POST', '/credentials', { unit: 'STP-KHA' })).body.token as string;
    const reviewer = (await api(lead, 'POST', '/credentials', { unit: 'STP-QNG', role: 'reviewer', note: 'Chị Lan' })).body.token as string;
    await send(member, 'STP-KHA.xlsx', await workbook(bloc, 'STP-KHA'));
    const t = await api(reviewer, 'GET', '/review-template?period=Y');
    expect(t.status).toBe(200);
    const filled = await fillReviewWorkbook(Buffer.from(t.body.base64, 'base64'), { 'STP-KHA': { 'I.2': { points: 5, reason: 'Thiếu minh chứng' } } });
    const id = await send(reviewer, 'tham-dinh.xlsx', filled);
    expect((await api(reviewer, 'GET', '/history?period=Y')).body.versions).toEqual([
      expect.objectContaining({ uploadId: id, status: 'accepted', kind: 'review' }),
    ]);
    expect((await api(reviewer, 'GET', `/report?period=Y&upload=${id}`)).body.report).toMatchObject({ reviewer: 'STP-QNG', units: ['STP-KHA'] });
    const wrong = await send(member, 'nham.xlsx', filled);
    const mine = (await api(member, 'GET', '/history?period=Y')).body.versions;
    expect(mine[0]).toMatchObject({ uploadId: wrong, status: 'rejected', kind: 'submission' });
    const log = (await api(lead, 'GET', '/log?period=Y')).body.entries as { kind: string; actor: string }[];
    expect(log.find((e) => e.kind === 'review')?.actor).toMatch(/^reviewer:[a-z0-9]{12} \(Chị Lan\)$/);
  });
});
