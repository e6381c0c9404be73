import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from '#shared/cloud/http.js';
import { linksApi } from '#shared/cloud/links-api.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import type { LinksDeps } from '#shared/cloud/use-cases/links.js';
import { recomputeBatch } from '#shared/cloud/use-cases/recompute-batch.js';
import { makeHandler } from '../../../functions/links/handler.js';
import { workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

const NOW = new Date('2025-11-18T02:00:00.000Z');
let w: MemoryWorld;
let lead: string;
let member: string;
let memberId: string;

const call = async (
  method: string,
  path: string,
  o: { token?: string; body?: unknown; query?: Record<string, string> } = {},
  deps: () => LinksDeps = () => w.rt,
) => {
  const req: HttpRequest = {
    method,
    path,
    headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
    query: o.query ?? {},
    ...(o.body !== undefined && { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
  };
  const res = await linksApi(deps, w.log)(req);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return { status: res.status, body: JSON.parse(res.body) };
};

beforeAll(async () => {
  w = await memoryWorld({ now: () => NOW });
  ({ token: lead } = await w.rt.credentials.issue({ bloc: 'ntb-tn', role: 'lead', unit: w.bloc.lead, issuedBy: 'deployer' }));
});

describe('links API (plain requests, in memory)', () => {
  it('the lead issues a member credential, shown once; the list holds no secret', async () => {
    const res = await call('POST', '/credentials', { token: lead, body: { unit: 'STP-KHA', note: 'Văn phòng Sở' } });
    expect(res.status).toBe(201);
    expect(res.body.credential).toMatchObject({
      bloc: 'ntb-tn',
      role: 'member',
      unit: 'STP-KHA',
      issuedBy: expect.stringMatching(/^lead:/),
      note: 'Văn phòng Sở',
    });
    ({
      token: member,
      credential: { id: memberId },
    } = res.body);
    const list = await call('GET', '/credentials', { token: lead });
    expect(list.body.credentials.map((c: { role: string }) => c.role).sort()).toEqual(['lead', 'member']);
    expect(JSON.stringify(list.body)).not.toContain(member.split('.')[2]);
  });

  it("a member's upload link allows only its own unit's prefix, at most 10 MB, for 5 minutes, carrying its credential's id", async () => {
    const res = await call('POST', '/upload-link', { token: member, body: { period: 'Y', file: 'STP-KHA tổng kết.xlsx' } });
    expect(res).toMatchObject({ status: 200, body: { key: 'uploads/ntb-tn/2025/Y/STP-KHA/STP-KHA tổng kết.xlsx', maxBytes: 10 * 1024 * 1024 } });
    expect(res.body.fields.keyPrefix).toBe('uploads/ntb-tn/2025/Y/STP-KHA/');
    expect(res.body.expiresAt).toBe('2025-11-18T02:05:00.000Z');
    expect(res.body.fields['x-amz-meta-credential']).toBe(memberId);
    expect((await call('POST', '/upload-link', { token: member, body: { period: 'H1' } })).body.key).toBe('uploads/ntb-tn/2025/H1/STP-KHA/${filename}');
    expect((await call('POST', '/upload-link', { token: member, body: { period: 'Y', file: '../STP-QNG/x.xlsx' } })).body.key).toBe(
      'uploads/ntb-tn/2025/Y/STP-KHA/x.xlsx',
    );
  });

  it('a member reads links to its own reports only, newest first', async () => {
    for (const [unit, t] of [
      ['STP-KHA', '01'],
      ['STP-QNG', '02'],
      ['STP-KHA', '03'],
    ] as const)
      await ingestUpload(w.rt, w.upload(unit, await workbook(w.bloc, unit), { file: `${unit}-${t}.xlsx`, eventTime: `2025-11-18T${t}:00:00.000Z` }), w.log);
    const res = await call('GET', '/reports', { token: member, query: { period: 'Y' } });
    expect(res.body).toMatchObject({ unit: 'STP-KHA', period: 'Y', expiresAt: '2025-11-18T02:15:00.000Z' });
    expect(res.body.reports.map((r: { file: string }) => r.file)).toEqual(['STP-KHA-03.xlsx', 'STP-KHA-01.xlsx']);
    const link = new URL(res.body.reports[0].report);
    expect(link.pathname).toMatch(/^\/reports\/ntb-tn\/2025\/Y\/20251118T030000000Z-[0-9a-f]{16}\/report\.json$/);
    expect(link.searchParams.get('expires')).toBe('900');
  });

  it('the lead gets links to the latest summary (404 before the first run)', async () => {
    expect((await call('GET', '/summary-link', { token: lead, query: { period: 'Y' } })).status).toBe(404);
    await recomputeBatch(w.rt, [{ id: 'm', body: JSON.stringify({ bloc: 'ntb-tn', period: 'Y' }) }], w.log);
    const res = await call('GET', '/summary-link', { token: lead, query: { period: 'Y' } });
    expect(res).toMatchObject({ status: 200, body: { bloc: 'ntb-tn', year: 2025, period: 'Y', expiresAt: '2025-11-18T02:15:00.000Z' } });
    const summary = new URL(res.body.summary);
    expect(summary.searchParams.get('filename')).toBe('tong-hop-ntb-tn-2025-Y.xlsx');
    expect([...(await w.rt.blobs.get(summary.pathname.slice(1))).subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('roles: a member can neither download summaries nor manage credentials', async () => {
    expect((await call('GET', '/summary-link', { token: member, query: { period: 'Y' } })).status).toBe(403);
    expect((await call('POST', '/credentials', { token: member, body: { unit: 'STP-QNG' } })).status).toBe(403);
    expect((await call('GET', '/credentials', { token: member })).status).toBe(403);
    expect((await call('DELETE', `/credentials/${memberId}`, { token: member })).status).toBe(403);
  });

  it('bad requests: unknown period or unit, a body that is not a JSON object', async () => {
    const bad = [
      await call('POST', '/upload-link', { token: member, body: { period: 'Q3' } }),
      await call('POST', '/credentials', { token: lead, body: { unit: 'KHONG-CO' } }),
      await call('POST', '/upload-link', { token: member, body: 'period=Y' }),
      await call('POST', '/upload-link', { token: member, body: '[1]' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(bad[0]!.body.error).toContain('H1, Y');
  });

  it('an unknown route is 404 before any credential is checked or the runtime is made', async () => {
    const deps = vi.fn(() => w.rt);
    expect((await call('GET', '/khac', {}, deps)).status).toBe(404);
    expect((await call('GET', '/credentials/x/y', { token: lead }, deps)).status).toBe(404);
    expect((await call('PUT', '/upload-link', { token: member }, deps)).status).toBe(404);
    expect(deps).not.toHaveBeenCalled();
  });

  it('no credential or a forged one: 401; an unexpected failure: 500 without details', async () => {
    expect((await call('POST', '/upload-link', { body: { period: 'Y' } })).status).toBe(401);
    const [bloc, id] = member.split('.');
    expect((await call('POST', '/upload-link', { token: `${bloc}.${id}.${'x'.repeat(43)}`, body: { period: 'Y' } })).status).toBe(401);
    const broken = { ...w.rt, catalog: { load: async () => Promise.reject(new Error('S3 unavailable')), list: async () => [], sheets: async () => [] } };
    const res = await call('POST', '/upload-link', { token: member, body: { period: 'Y' } }, () => broken);
    expect(res).toEqual({ status: 500, body: { error: 'lỗi hệ thống, vui lòng thử lại sau' } });
  });

  it('the lead revokes a member credential: it stops working at once; the lead credential cannot be revoked this way', async () => {
    const revoked = await call('DELETE', `/credentials/${memberId}`, { token: lead });
    expect(revoked).toMatchObject({ status: 200, body: { id: memberId, revokedAt: NOW.toISOString() } });
    expect((await call('POST', '/upload-link', { token: member, body: { period: 'Y' } })).status).toBe(401);
    expect((await call('DELETE', `/credentials/${lead.split('.')[1]}`, { token: lead })).status).toBe(404);
  });

  it('behind a function URL: a base64 body and any header case reach the same API', async () => {
    const handler = makeHandler(() => w.rt, w.log);
    const event = {
      rawPath: '/upload-link',
      headers: { Authorization: `Bearer ${lead}` },
      requestContext: { http: { method: 'POST' } },
      body: Buffer.from(JSON.stringify({ period: 'Y' })).toString('base64'),
      isBase64Encoded: true,
    } as unknown as LambdaFunctionURLEvent;
    const res = await handler(event, { awsRequestId: 'r1' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).key).toBe(`uploads/ntb-tn/2025/Y/${w.bloc.lead}/\${filename}`);
    expect(w.logs().at(-1)).toMatchObject({ requestId: 'r1', method: 'POST', path: '/upload-link', message: 'link issued' });
  });
});
