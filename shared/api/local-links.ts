import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkSigner, PresignedPost } from '../cloud/ports.js';

/**
 * Presigned links of `bloc serve`: the same contract as S3's (a form POST that may only write under
 * one prefix, at most N bytes, until it expires; a GET of one object), signed with an HMAC whose key
 * lives only in the server's memory. Uploads go to the local server's `POST /api/upload`, which
 * checks the signature as S3 checks a POST policy, stores the file and runs ingest in-process
 * (s3rver accepts POST uploads but announces nothing, so nothing would ingest them).
 */
const META = 'x-amz-meta-';
const metaText = (meta: Record<string, string>): string => JSON.stringify(Object.entries(meta).sort(([a], [b]) => (a < b ? -1 : 1)));

export class LocalLinkSigner implements LinkSigner {
  private readonly secret = randomBytes(32);

  constructor(private readonly base = '/api') {}

  private sign(parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\n')).digest('base64url');
  }

  private matches(parts: string[], signature: string | undefined): boolean {
    if (!signature) return false;
    const want = Buffer.from(this.sign(parts));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  async uploadForm(p: Parameters<LinkSigner['uploadForm']>[0]): Promise<PresignedPost> {
    const expires = String(p.now.getTime() + p.expiresInSeconds * 1000);
    const meta = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [`${META}${k}`, v]));
    const fields = { key: p.key, keyPrefix: p.keyPrefix, maxBytes: String(p.maxBytes), expires, ...meta };
    return {
      url: `${this.base}/upload`,
      fields: { ...fields, signature: this.sign(['POST', fields.key, fields.keyPrefix, fields.maxBytes, expires, metaText(meta)]) },
      expiresAt: new Date(Number(expires)).toISOString(),
    };
  }

  /** The form's policy, when its signature holds and it has not expired; `metadata` (as S3 keeps it, without the prefix) when the link set any. */
  checkUpload(
    f: Record<string, string | undefined>,
    now = Date.now(),
  ): { key: string; keyPrefix: string; maxBytes: number; metadata?: Record<string, string> } | undefined {
    const { key, keyPrefix, maxBytes, expires, signature } = f;
    if (!key || !keyPrefix || !maxBytes || !expires) return undefined;
    const meta = Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[0].startsWith(META) && e[1] !== undefined));
    if (!this.matches(['POST', key, keyPrefix, maxBytes, expires, metaText(meta)], signature) || Number(expires) < now) return undefined;
    const metadata = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k.slice(META.length), v]));
    return { key, keyPrefix, maxBytes: Number(maxBytes), ...(Object.keys(metadata).length && { metadata }) };
  }

  async downloadUrl(key: string, o: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    const expires = String(Date.now() + o.expiresInSeconds * 1000);
    const q = new URLSearchParams({ key, expires, ...(o.fileName && { name: o.fileName }) });
    q.set('signature', this.sign(['GET', key, expires, o.fileName ?? '']));
    return `${this.base}/download?${q}`;
  }

  checkDownload(q: URLSearchParams, now = Date.now()): { key: string; name?: string } | undefined {
    const key = q.get('key');
    const expires = q.get('expires');
    const name = q.get('name') ?? undefined;
    if (!key || !expires || Number(expires) < now) return undefined;
    if (!this.matches(['GET', key, expires, name ?? ''], q.get('signature') ?? undefined)) return undefined;
    return { key, ...(name && { name }) };
  }
}
