import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeIngest } from '../../../functions/ingest/handler.js';
import { makeHandler } from '../../../functions/links/handler.js';
import { makeHandler as makeRecompute } from '../../../functions/recompute/handler.js';
import { cloudWorld, s3Notification, sqsEvent, sqsRecord, workbook, type CloudWorld } from '../../support/cloud.js';

let w: CloudWorld;
let handler: ReturnType<typeof makeHandler>;
let leadToken: string;
let memberToken: string;
let memberId: string;

/** A Lambda function URL request (payload format 2.0), as curl would send it. */
const request = (method: string, path: string, o: { token?: string; body?: unknown; query?: Record<string, string> } = {}): LambdaFunctionURLEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: new URLSearchParams(o.query ?? {}).toString(),
  headers: {
    host: 'abcdefghij.lambda-url.ap-southeast-1.on.aws',
    'user-agent': 'curl/8.5.0',
    ...(o.token && { authorization: `Bearer ${o.token}` }),
    ...(o.body !== undefined && { 'content-type': 'application/json' }),
  },
  ...(o.query && { queryStringParameters: o.query }),
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abcdefghij',
    domainName: 'abcdefghij.lambda-url.ap-southeast-1.on.aws',
    domainPrefix: 'abcdefghij',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
    requestId: randomUUID(),
    routeKey: '$default',
    stage: '$default',
    time: '18/Nov/2025:02:00:00 +0000',
    timeEpoch: 1763431200000,
  },
  ...(o.body !== undefined && { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
  isBase64Encoded: false,
});

const call = async (method: string, path: string, o: Parameters<typeof request>[2] = {}) => {
  const res = await handler(request(method, path, o), w.context);
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

/** What a member's curl does with an upload link: a multipart POST of the fields and the file. */
const postForm = async (link: { url: string; fields: Record<string, string> }, bytes: Uint8Array, name: string) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(link.fields)) form.append(k, v);
  form.append('file', new Blob([bytes]), name);
  return fetch(link.url, { method: 'POST', body: form });
};

beforeAll(async () => {
  w = await cloudWorld();
  handler = makeHandler(() => w.rt, w.log);
  // The deployer issues the lead credential (infra/tools/credential.ts does this against AWS).
  ({ token: leadToken } = await w.rt.credentials.issue({ bloc: 'ntb-tn', role: 'lead', unit: w.bloc.lead, issuedBy: 'deployer' }));
});
afterAll(() => w.destroy());

describe('links handler (function URL, bearer credentials)', () => {
  it('the lead issues a member credential; only its hash is stored', async () => {
    const res = await call('POST', '/credentials', { token: leadToken, body: { unit: 'STP-KHA', note: 'Văn phòng Sở' } });
    expect(res.status).toBe(201);
    expect(res.body.credential).toMatchObject({ bloc: 'ntb-tn', role: 'member', unit: 'STP-KHA' });
    memberToken = res.body.token;
    memberId = res.body.credential.id;
    expect(memberToken).toMatch(/^ntb-tn\.[a-z0-9]{12}\.[A-Za-z0-9_-]{43}$/);
    const list = await call('GET', '/credentials', { token: leadToken });
    expect(list.body.credentials).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain('secretHash');
    expect(JSON.stringify(list.body)).not.toContain(memberToken.split('.')[2]);
  });

  it('a member gets an upload link under its own unit prefix; the POST lands there and is ingested', async () => {
    const res = await call('POST', '/upload-link', { token: memberToken, body: { period: 'Y', file: 'STP-KHA tổng kết.xlsx' } });
    expect(res.status).toBe(200);
    const link = res.body;
    expect(link.key).toBe('uploads/ntb-tn/2025/Y/STP-KHA/STP-KHA tổng kết.xlsx');
    expect(link.maxBytes).toBe(10 * 1024 * 1024);
    const policy = JSON.parse(Buffer.from(link.fields.policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['starts-with', '$key', 'uploads/ntb-tn/2025/Y/STP-KHA/']);
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10485760]);
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const bytes = await workbook(w.bloc, 'STP-KHA');
    const posted = await postForm(link, bytes, 'STP-KHA.xlsx');
    expect(posted.status).toBe(204);
    const head = await w.aws.s3.send(new HeadObjectCommand({ Bucket: w.uploadsBucket, Key: link.key }));
    expect(head.ContentLength).toBe(bytes.length);

    // S3 then notifies the ingest queue (s3rver does not, so the test delivers the notification).
    const event = sqsEvent(
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: link.key, size: bytes.length, eventTime: new Date().toISOString(), versionId: 'v1' })),
    );
    expect(await makeIngest(() => w.rt, w.log)(event, w.context)).toEqual({ batchItemFailures: [] });
    expect((await w.rt.store.state({ bloc: 'ntb-tn', year: 2025, period: 'Y' })).current.map((c) => c.unit)).toEqual(['STP-KHA']);
  });

  it('a link without a file name lets S3 use the uploaded file name; a path in the name stays in the prefix', async () => {
    const open = await call('POST', '/upload-link', { token: memberToken, body: { period: 'H1' } });
    expect(open.body.key).toBe('uploads/ntb-tn/2025/H1/STP-KHA/${filename}');
    const sneaky = await call('POST', '/upload-link', { token: memberToken, body: { period: 'Y', file: '../STP-QNG/STP-QNG.xlsx' } });
    expect(sneaky.body.key).toBe('uploads/ntb-tn/2025/Y/STP-KHA/STP-QNG.xlsx');
  });

  it('the member reads its own reports through links', async () => {
    const res = await call('GET', '/reports', { token: memberToken, query: { period: 'Y' } });
    expect(res.status).toBe(200);
    expect(res.body.reports).toHaveLength(1);
    const report = await (await fetch(res.body.reports[0].report)).json();
    expect(report).toMatchObject({ unit: 'STP-KHA', status: 'accepted' });
  });

  it('the lead downloads the latest summary through short-lived links (404 before the first run)', async () => {
    expect((await call('GET', '/summary-link', { token: leadToken, query: { period: 'Y' } })).status).toBe(404);
    await makeRecompute(() => w.rt, w.log)(sqsEvent(sqsRecord(JSON.stringify({ bloc: 'ntb-tn', period: 'Y' }))), w.context);
    const res = await call('GET', '/summary-link', { token: leadToken, query: { period: 'Y' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bloc: 'ntb-tn', year: 2025, period: 'Y' });
    expect(new URL(res.body.summary).searchParams.get('X-Amz-Expires')).toBe('900');
    const download = await fetch(res.body.summary);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('tong-hop-ntb-tn-2025-Y.xlsx');
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const rankings = await (await fetch(res.body.rankings)).json();
    expect(rankings).toMatchObject({ bloc: 'ntb-tn', year: 2025, period: 'Y' });
  });

  it('roles: a member can neither download summaries nor manage credentials', async () => {
    expect((await call('GET', '/summary-link', { token: memberToken, query: { period: 'Y' } })).status).toBe(403);
    expect((await call('POST', '/credentials', { token: memberToken, body: { unit: 'STP-QNG' } })).status).toBe(403);
    expect((await call('GET', '/credentials', { token: memberToken })).status).toBe(403);
  });

  it('bad requests: unknown period or unit, not JSON, unknown route', async () => {
    expect((await call('POST', '/upload-link', { token: memberToken, body: { period: 'Q3' } })).status).toBe(400);
    expect((await call('POST', '/credentials', { token: leadToken, body: { unit: 'KHONG-CO' } })).status).toBe(400);
    expect((await call('POST', '/upload-link', { token: memberToken, body: 'period=Y' })).status).toBe(400);
    expect((await call('GET', '/khac', { token: memberToken })).status).toBe(404);
  });

  it('no or a forged credential: 401', async () => {
    expect((await call('POST', '/upload-link', { body: { period: 'Y' } })).status).toBe(401);
    const [bloc, id] = memberToken.split('.');
    expect((await call('POST', '/upload-link', { token: `${bloc}.${id}.${'x'.repeat(43)}`, body: { period: 'Y' } })).status).toBe(401);
    expect((await call('POST', '/upload-link', { token: 'hello', body: { period: 'Y' } })).status).toBe(401);
  });

  it('the lead revokes a member credential: it stops working at once; the lead credential cannot be revoked this way', async () => {
    const revoked = await call('DELETE', `/credentials/${memberId}`, { token: leadToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeDefined();
    expect((await call('POST', '/upload-link', { token: memberToken, body: { period: 'Y' } })).status).toBe(401);
    const leadId = leadToken.split('.')[1]!;
    expect((await call('DELETE', `/credentials/${leadId}`, { token: leadToken })).status).toBe(404);
    expect((await call('GET', '/credentials', { token: leadToken })).status).toBe(200);
  });

  it('an upload made with a link before its credential was revoked is refused at ingest (DynamoDB Local, s3rver)', async () => {
    const issued = await call('POST', '/credentials', { token: leadToken, body: { unit: 'STP-QNG' } });
    expect(issued.body.credential.expiresAt).toEqual(expect.any(String));
    const link = (await call('POST', '/upload-link', { token: issued.body.token, body: { period: 'Y', file: 'STP-QNG.xlsx' } })).body;
    const policy = JSON.parse(Buffer.from(link.fields.policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual({ 'x-amz-meta-credential': issued.body.credential.id });
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const bytes = await workbook(w.bloc, 'STP-QNG');
    expect((await postForm(link, bytes, 'STP-QNG.xlsx')).status).toBe(204);
    const head = await w.aws.s3.send(new HeadObjectCommand({ Bucket: w.uploadsBucket, Key: link.key }));
    expect(head.Metadata).toMatchObject({ credential: issued.body.credential.id });

    expect((await call('DELETE', `/credentials/${issued.body.credential.id}`, { token: leadToken })).status).toBe(200);
    const before = await w.rt.store.state({ bloc: 'ntb-tn', year: 2025, period: 'Y' });
    const event = sqsEvent(
      sqsRecord(s3Notification({ bucket: w.uploadsBucket, key: link.key, size: bytes.length, eventTime: new Date().toISOString(), versionId: 'v1' })),
    );
    expect(await makeIngest(() => w.rt, w.log)(event, w.context)).toEqual({ batchItemFailures: [] });
    expect(await w.rt.store.state({ bloc: 'ntb-tn', year: 2025, period: 'Y' })).toEqual(before);
    expect((await w.rt.store.versions({ bloc: 'ntb-tn', year: 2025, period: 'Y' })).filter((v) => v.unit === 'STP-QNG')).toEqual([]);
  });
});
