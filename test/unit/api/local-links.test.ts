import { describe, expect, it } from 'vitest';
import { LocalLinkSigner } from '../../../shared/api/local-links.js';

describe("bloc serve's local links", () => {
  const now = new Date('2025-11-20T00:00:00Z');
  const form = (s: LocalLinkSigner) =>
    s.uploadForm({ key: 'uploads/b/2025/Y/U1/${filename}', keyPrefix: 'uploads/b/2025/Y/U1/', maxBytes: 10, expiresInSeconds: 60, now });

  it('accepts its own upload form until it expires, and nothing changed in it', async () => {
    const s = new LocalLinkSigner();
    const { fields, url } = await form(s);
    expect(url).toBe('/api/upload');
    expect(s.checkUpload(fields, now.getTime())).toEqual({ key: 'uploads/b/2025/Y/U1/${filename}', keyPrefix: 'uploads/b/2025/Y/U1/', maxBytes: 10 });
    expect(s.checkUpload(fields, now.getTime() + 61_000)).toBeUndefined();
    expect(s.checkUpload({ ...fields, keyPrefix: 'uploads/b/2025/Y/U2/', key: 'uploads/b/2025/Y/U2/x.xlsx' }, now.getTime())).toBeUndefined();
    expect(s.checkUpload({ ...fields, maxBytes: '99999999' }, now.getTime())).toBeUndefined();
    expect(new LocalLinkSigner().checkUpload(fields, now.getTime())).toBeUndefined(); // another server's key
  });

  it('signs downloads of one key, with its file name', async () => {
    const s = new LocalLinkSigner();
    const url = new URL(await s.downloadUrl('summaries/x.xlsx', { expiresInSeconds: 60, fileName: 'tong-hop.xlsx' }), 'http://local');
    expect(s.checkDownload(url.searchParams)).toEqual({ key: 'summaries/x.xlsx', name: 'tong-hop.xlsx' });
    url.searchParams.set('key', 'reports/other/report.json');
    expect(s.checkDownload(url.searchParams)).toBeUndefined();
  });
});

describe("bloc serve's upload links carry the issuing credential", () => {
  it('signs the metadata fields with the form, and gives them back as S3 keeps them', async () => {
    const now = new Date('2025-11-20T00:00:00Z');
    const s = new LocalLinkSigner();
    const { fields } = await s.uploadForm({
      key: 'uploads/b/2025/Y/U1/x.xlsx',
      keyPrefix: 'uploads/b/2025/Y/U1/',
      maxBytes: 10,
      expiresInSeconds: 60,
      now,
      metadata: { credential: 'abc123def456' },
    });
    expect(fields['x-amz-meta-credential']).toBe('abc123def456');
    expect(s.checkUpload(fields, now.getTime())).toMatchObject({ metadata: { credential: 'abc123def456' } });
    expect(s.checkUpload({ ...fields, 'x-amz-meta-credential': 'zzz123def456' }, now.getTime())).toBeUndefined();
    const { 'x-amz-meta-credential': _dropped, ...without } = fields;
    expect(s.checkUpload(without, now.getTime())).toBeUndefined();
  });
});
