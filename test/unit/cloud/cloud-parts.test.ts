import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presignPost, signingKey } from '#shared/cloud/aws/presigned-post.js';
import { uploadedObjects } from '#shared/cloud/aws/s3-event.js';
import { createLogger } from '#shared/cloud/log.js';
import { parseRecomputeRequest } from '#shared/cloud/recompute-request.js';
import { parseUploadKey, uploadIdOf, uploadPrefix } from '#shared/cloud/uploads.js';
import { localDate } from '#shared/cloud/use-cases/fan-out.js';
import { parseToken } from '#shared/store/credential-token.js';

const s3Body = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'ap-southeast-1',
        eventTime: '2025-11-18T02:00:00.123Z',
        eventName: 'ObjectCreated:Post',
        s3: { bucket: { name: 'uploads-bucket' }, object: { key, size: 1234, versionId: 'v1', sequencer: '0A1' } },
        ...extra,
      },
    ],
  });

describe('S3 events', () => {
  it('decodes keys as S3 sends them (URL-encoded, spaces as +)', () => {
    const [o] = uploadedObjects(s3Body('uploads/ntb-tn/2025/Y/STP-KHA/B%E1%BA%A3ng+%C4%91i%E1%BB%83m+(1).xlsx'));
    expect(o).toMatchObject({ bucket: 'uploads-bucket', key: 'uploads/ntb-tn/2025/Y/STP-KHA/Bảng điểm (1).xlsx', versionId: 'v1', size: 1234 });
    expect(o!.eventTime.toISOString()).toBe('2025-11-18T02:00:00.123Z');
  });

  it('ignores the test event and non-create records; refuses what is not an S3 notification', () => {
    expect(uploadedObjects(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' }))).toEqual([]);
    expect(uploadedObjects(s3Body('uploads/a', { eventName: 'ObjectRemoved:Delete' }))).toEqual([]);
    expect(() => uploadedObjects('not json')).toThrow(/not JSON/);
    expect(() => uploadedObjects('{"bloc":"x"}')).toThrow(/not an S3 event/);
  });

  it('reads the upload layout uploads/<bloc>/<year>/<period>/<unit>/<file>', () => {
    expect(parseUploadKey('uploads/ntb-tn/2025/Y/STP-KHA/a.xlsx')).toEqual({ bloc: 'ntb-tn', year: 2025, period: 'Y', unit: 'STP-KHA', file: 'a.xlsx' });
    expect(uploadPrefix({ bloc: 'ntb-tn', year: 2025, period: 'Y', unit: 'STP-KHA' })).toBe('uploads/ntb-tn/2025/Y/STP-KHA/');
    for (const bad of ['raw/ntb-tn/2025/Y/STP-KHA/a.xlsx', 'uploads/ntb-tn/2025/Y/STP-KHA/', 'uploads/ntb-tn/25/Y/STP-KHA/a.xlsx', 'uploads/ntb tn/2025/Y/U/a'])
      expect(parseUploadKey(bad), bad).toBeUndefined();
  });

  it('upload ids: the same for every delivery of one version, ordered by event time', () => {
    const o = { bucket: 'b', key: 'uploads/x/2025/Y/U/a.xlsx', versionId: 'v1', eventTime: new Date('2025-11-18T02:00:00.123Z') };
    expect(uploadIdOf(o)).toBe(uploadIdOf({ ...o }));
    expect(uploadIdOf(o)).toMatch(/^20251118T020000123Z-[0-9a-f]{16}$/);
    expect(uploadIdOf({ ...o, versionId: 'v2' })).not.toBe(uploadIdOf(o));
    const later = uploadIdOf({ ...o, versionId: 'v0', eventTime: new Date('2025-11-18T02:00:01Z') });
    expect(later > uploadIdOf(o)).toBe(true);
  });
});

describe('presigned POST (SigV4)', () => {
  it('derives the signing key as AWS documents it', () => {
    // docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html
    expect(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex')).toBe(
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });

  it('signs a policy limited to the unit prefix and 10 MB, for 15 minutes', () => {
    const now = new Date('2025-11-18T02:00:00Z');
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token+/=' };
    const post = presignPost({
      bucket: 'uploads-bucket',
      region: 'ap-southeast-1',
      credentials,
      key: 'uploads/ntb-tn/2025/Y/STP-KHA/${filename}',
      keyPrefix: 'uploads/ntb-tn/2025/Y/STP-KHA/',
      maxBytes: 10 * 1024 * 1024,
      expiresInSeconds: 900,
      now,
    });
    expect(post.url).toBe('https://uploads-bucket.s3.ap-southeast-1.amazonaws.com/');
    expect(post.expiresAt).toBe('2025-11-18T02:15:00.000Z');
    expect(post.fields).toMatchObject({
      key: 'uploads/ntb-tn/2025/Y/STP-KHA/${filename}',
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': 'AKIDEXAMPLE/20251118/ap-southeast-1/s3/aws4_request',
      'x-amz-date': '20251118T020000Z',
      'x-amz-security-token': 'token+/=',
    });
    const policy = JSON.parse(Buffer.from(post.fields['policy']!, 'base64').toString('utf8'));
    expect(policy).toEqual({
      expiration: '2025-11-18T02:15:00.000Z',
      conditions: [
        { bucket: 'uploads-bucket' },
        ['starts-with', '$key', 'uploads/ntb-tn/2025/Y/STP-KHA/'],
        ['content-length-range', 1, 10485760],
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-credential': 'AKIDEXAMPLE/20251118/ap-southeast-1/s3/aws4_request' },
        { 'x-amz-date': '20251118T020000Z' },
        { 'x-amz-security-token': 'token+/=' },
      ],
    });
    const expected = createHmac('sha256', signingKey('secret', '20251118', 'ap-southeast-1', 's3'))
      .update(post.fields['policy']!)
      .digest('hex');
    expect(post.fields['x-amz-signature']).toBe(expected);
  });

  it('refuses a key outside its own prefix', () => {
    expect(() =>
      presignPost({
        bucket: 'b',
        region: 'r',
        credentials: { accessKeyId: 'a', secretAccessKey: 's' },
        key: 'uploads/x/2025/Y/OTHER/f',
        keyPrefix: 'uploads/x/2025/Y/MINE/',
        maxBytes: 1,
        expiresInSeconds: 1,
        now: new Date(),
      }),
    ).toThrow();
  });
});

describe('small parts', () => {
  it('logger: one JSON line per event with level, message and requestId; below the level nothing', () => {
    const lines: string[] = [];
    const log = createLogger({ service: 'test' }, { sink: (l) => lines.push(l), level: 'info', now: () => new Date(0) }).with({ requestId: 'req-1' });
    log.debug('hidden');
    log.info('ingested', { unit: 'STP-KHA' });
    log.error('failed', { error: new Error('boom') });
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'info', message: 'ingested', service: 'test', requestId: 'req-1', unit: 'STP-KHA' });
    expect(b.level).toBe('error');
    expect(b.error).toMatchObject({ name: 'Error', message: 'boom' });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('recompute requests: {bloc, period} validated', () => {
    expect(parseRecomputeRequest('{"bloc":"ntb-tn","period":"Y","reason":"nightly","at":"x"}')).toEqual({
      bloc: 'ntb-tn',
      period: 'Y',
      reason: 'nightly',
      at: 'x',
    });
    expect(() => parseRecomputeRequest('{"bloc":"../x","period":"Y"}')).toThrow(/not a recompute request/);
    expect(() => parseRecomputeRequest('nope')).toThrow(/not JSON/);
  });

  it('credential tokens: <bloc>.<id>.<secret>, anything else refused', () => {
    const secret = 'A'.repeat(43);
    expect(parseToken(`ntb-tn.0123456789ab.${secret}`)).toEqual({ bloc: 'ntb-tn', id: '0123456789ab', secret });
    for (const bad of ['', 'x', `ntb-tn.0123456789ab.${secret}.x`, `ntb-tn.short.${secret}`, `ntb tn.0123456789ab.${secret}`])
      expect(parseToken(bad)).toBeUndefined();
  });

  it('dates in the bloc time zone: 00:30 in Vietnam is still the previous day in UTC', () => {
    expect(localDate(new Date('2025-07-09T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2025-07-10');
  });
});
