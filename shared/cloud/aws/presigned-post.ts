import { createHmac } from 'node:crypto';
import type { PresignedPost } from '../ports.js';

/**
 * A presigned S3 POST (browser-based upload, Signature Version 4): the member's client sends a
 * multipart form with these fields and the file; S3 checks the signed policy — the key prefix, the
 * size range, the expiry — before storing anything. Built with node:crypto so that no other SDK
 * package is needed.
 */
export interface PostCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PresignPostInput {
  bucket: string;
  region: string;
  credentials: PostCredentials;
  /** The key field; may end with `${filename}` (S3 puts the uploaded file's name there). */
  key: string;
  /** Every key the policy allows starts with this. */
  keyPrefix: string;
  /** User metadata the upload must carry exactly (`x-amz-meta-<name>` fields, each an exact policy condition). */
  metadata?: Record<string, string>;
  minBytes?: number;
  maxBytes: number;
  expiresInSeconds: number;
  now: Date;
  /** A custom endpoint (path-style, e.g. a local S3 emulator); by default the bucket's virtual host. */
  endpoint?: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The SigV4 signing key: HMAC chain of date, region, service and "aws4_request". */
export const signingKey = (secretAccessKey: string, date: string, region: string, service: string): Buffer =>
  hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');

const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export const presignPost = (p: PresignPostInput): PresignedPost => {
  if (!p.key.startsWith(p.keyPrefix)) throw new Error('the key must start with the allowed prefix');
  const date = amzDate(p.now);
  const day = date.slice(0, 8);
  const credential = `${p.credentials.accessKeyId}/${day}/${p.region}/s3/aws4_request`;
  const expiresAt = new Date(p.now.getTime() + p.expiresInSeconds * 1000).toISOString();
  const signed: Record<string, string> = {
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': date,
    ...(p.credentials.sessionToken && { 'x-amz-security-token': p.credentials.sessionToken }),
  };
  const metadata = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k.toLowerCase()}`, v]));
  const policy = {
    expiration: expiresAt,
    conditions: [
      { bucket: p.bucket },
      ['starts-with', '$key', p.keyPrefix],
      ['content-length-range', p.minBytes ?? 1, p.maxBytes],
      ...Object.entries(signed).map(([k, v]) => ({ [k]: v })),
      ...Object.entries(metadata).map(([k, v]) => ({ [k]: v })),
    ],
  };
  const encoded = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
  const signature = hmac(signingKey(p.credentials.secretAccessKey, day, p.region, 's3'), encoded).toString('hex');
  const url = p.endpoint ? `${p.endpoint.replace(/\/$/, '')}/${p.bucket}` : `https://${p.bucket}.s3.${p.region}.amazonaws.com/`;
  return { url, fields: { key: p.key, ...metadata, ...signed, policy: encoded, 'x-amz-signature': signature }, expiresAt };
};
