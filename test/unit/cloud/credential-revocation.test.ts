import { beforeAll, describe, expect, it } from 'vitest';
import { presignPost } from '#shared/cloud/aws/presigned-post.js';
import { linksApi } from '#shared/cloud/links-api.js';
import { MemoryCredentialStore } from '#shared/store/memory-credentials.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import { defaultCredentialExpiry } from '#shared/cloud/use-cases/links.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { workbook } from '../../support/cloud-events.js';
import { memoryWorld, type MemoryWorld } from '../../support/memory-cloud.js';

/** S4: upload links are short and name their credential; ingest refuses uploads whose credential was revoked; credentials expire. */
let clock = Date.parse('2025-11-18T02:00:00.000Z');
let w: MemoryWorld;
let lead: string;

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await linksApi(
    () => w.rt,
    w.log,
  )({ method, path, headers: { authorization: `Bearer ${token}` }, query: {}, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: JSON.parse(res.body) };
};
/** What S3 does with a presigned POST: the object under the link's key, with the link's x-amz-meta-* fields as user metadata. */
const postWith = (link: { key: string; fields: Record<string, string> }, bytes: Uint8Array, eventTime: string) =>
  w.rt.uploads.put(
    link.key.replace('${filename}', 'bao-cao.xlsx'),
    bytes,
    new Date(eventTime),
    'uploads',
    Object.fromEntries(
      Object.entries(link.fields)
        .filter(([k]) => k.startsWith('x-amz-meta-'))
        .map(([k, v]) => [k.slice('x-amz-meta-'.length), v]),
    ),
  );

beforeAll(async () => {
  w = await memoryWorld({ now: () => new Date(clock) });
  ({ token: lead } = await w.rt.credentials.issue({ bloc: 'ntb-tn', role: 'lead', unit: w.bloc.lead, issuedBy: 'deployer' }));
});

describe('revocation reaches uploads already linked', () => {
  it('an upload made with a link whose credential is revoked before ingest is refused: no version, a report, a warning', async () => {
    const issued = await call('POST', '/credentials', lead, { unit: 'STP-KHA' });
    const member = issued.body.token as string;
    const good = await call('POST', '/upload-link', member, { period: 'Y' });
    const early = postWith(good.body, await workbook(w.bloc, 'STP-KHA'), '2025-11-18T02:01:00.000Z');
    expect(await ingestUpload(w.rt, early, w.log)).toMatchObject({ kind: 'ingested', outcome: { report: { status: 'accepted' } } });
    const stateBefore = await w.state();

    const link = await call('POST', '/upload-link', member, { period: 'Y' });
    expect(link.body.fields['x-amz-meta-credential']).toBe(issued.body.credential.id);
    const late = postWith(link.body, await workbook(w.bloc, 'STP-KHA', { 'I.2': '1' }), '2025-11-18T02:03:00.000Z');
    expect((await call('DELETE', `/credentials/${issued.body.credential.id}`, lead)).status).toBe(200);
    w.rt.queue.sent.length = 0;

    const result = await ingestUpload(w.rt, late, w.log);
    expect(result).toMatchObject({
      kind: 'refused',
      report: { unit: 'STP-KHA', status: 'refused', reason: 'CREDENTIAL_REVOKED', credential: issued.body.credential.id },
    });
    expect(await w.state()).toEqual(stateBefore);
    expect((await w.rt.store.versions(periodKey(w.bloc, 'Y'))).map((v) => v.uploadId)).toEqual([stateBefore.current[0]!.uploadId]);
    expect(w.rt.queue.sent).toEqual([]);
    const report = await w.json(`reports/ntb-tn/2025/Y/refused/${result.kind === 'refused' ? result.uploadId : ''}.json`);
    expect(report.message).toMatch(/^Tệp không được tiếp nhận: thông tin xác thực đã cấp liên kết tải lên đã bị thu hồi/);
    expect(w.logs().some((l) => l['level'] === 'warn' && l['reason'] === 'CREDENTIAL_REVOKED')).toBe(true);
  });

  it('a link naming an unknown credential is refused too; an object put without a link (an administrator) is ingested', async () => {
    const forged = w.rt.uploads.put(
      'uploads/ntb-tn/2025/Y/STP-QNG/x.xlsx',
      await workbook(w.bloc, 'STP-QNG'),
      new Date('2025-11-18T02:04:00.000Z'),
      'uploads',
      { credential: 'aaaaaaaaaaaa' },
    );
    expect(await ingestUpload(w.rt, forged, w.log)).toMatchObject({ kind: 'refused', report: { reason: 'CREDENTIAL_UNKNOWN' } });
    const admin = w.upload('STP-QNG', await workbook(w.bloc, 'STP-QNG'), { eventTime: '2025-11-18T02:05:00.000Z' });
    expect(await ingestUpload(w.rt, admin, w.log)).toMatchObject({ kind: 'ingested', outcome: { report: { status: 'accepted' } } });
  });

  it('the presigned POST policy requires exactly that credential id as x-amz-meta-credential', () => {
    const post = presignPost({
      bucket: 'b',
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      key: 'uploads/ntb-tn/2025/Y/STP-KHA/${filename}',
      keyPrefix: 'uploads/ntb-tn/2025/Y/STP-KHA/',
      maxBytes: 10,
      expiresInSeconds: 300,
      now: new Date('2025-11-18T02:00:00.000Z'),
      metadata: { credential: 'abcdef123456' },
    });
    expect(post.fields['x-amz-meta-credential']).toBe('abcdef123456');
    const policy = JSON.parse(Buffer.from(post.fields['policy']!, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual({ 'x-amz-meta-credential': 'abcdef123456' });
    expect(policy.expiration).toBe('2025-11-18T02:05:00.000Z');
  });
});

describe('credentials expire', () => {
  it('by default at the end of the bloc year (Vietnam time), shown in the list', async () => {
    expect(defaultCredentialExpiry(w.bloc, new Date(clock)).toISOString()).toBe('2025-12-31T17:00:00.000Z');
    // Issued once the bloc year is over: 30 days.
    expect(defaultCredentialExpiry(w.bloc, new Date('2026-02-01T00:00:00.000Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    const issued = await call('POST', '/credentials', lead, { unit: 'STP-BDI' });
    expect(issued.body.credential.expiresAt).toBe('2025-12-31T17:00:00.000Z');
    const list = await call('GET', '/credentials', lead);
    expect(list.body.credentials.find((c: { id: string }) => c.id === issued.body.credential.id).expiresAt).toBe('2025-12-31T17:00:00.000Z');
  });

  it('the lead sets the expiry; a past or malformed one is refused; after it the credential is refused', async () => {
    expect((await call('POST', '/credentials', lead, { unit: 'STP-GLA', expiresAt: '2025-11-01T00:00:00+07:00' })).status).toBe(400);
    expect((await call('POST', '/credentials', lead, { unit: 'STP-GLA', expiresAt: 'tuần sau' })).status).toBe(400);
    const issued = await call('POST', '/credentials', lead, { unit: 'STP-GLA', expiresAt: '2025-11-18T12:00:00+07:00' });
    expect(issued.body.credential.expiresAt).toBe('2025-11-18T05:00:00.000Z');
    const token = issued.body.token as string;
    expect((await call('POST', '/upload-link', token, { period: 'Y' })).status).toBe(200);
    const link = await call('POST', '/upload-link', token, { period: 'Y' });
    clock = Date.parse('2025-11-18T05:00:00.000Z');
    expect((await call('POST', '/upload-link', token, { period: 'Y' })).status).toBe(401);
    // An upload that arrives after the expiry is refused even with a link issued before it.
    const o = postWith(link.body, await workbook(w.bloc, 'STP-GLA'), '2025-11-18T05:00:30.000Z');
    expect(await ingestUpload(w.rt, o, w.log)).toMatchObject({ kind: 'refused', report: { reason: 'CREDENTIAL_EXPIRED' } });
  });

  it('the in-memory store finds a credential by id, revoked ones included', async () => {
    const store = new MemoryCredentialStore(() => new Date('2025-11-18T00:00:00Z'));
    const { credential } = await store.issue({ bloc: 'ntb-tn', role: 'member', unit: 'STP-KHA', issuedBy: 'x', expiresAt: '2026-01-01T00:00:00.000Z' });
    await store.revoke('ntb-tn', credential.id, 'lead:y');
    expect(await store.find('ntb-tn', credential.id)).toMatchObject({ id: credential.id, revokedBy: 'lead:y', expiresAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.find('khac', credential.id)).toBeUndefined();
  });
});
