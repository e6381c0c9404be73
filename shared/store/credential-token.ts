import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credential, CredentialRequest } from './credential-port.js';
import { isKeySegment } from './keys.js';

/** The bearer token `<bloc>.<id>.<secret>`, shared by every credential store. */
export const isCredentialId = (id: string): boolean => /^[a-z0-9]{12}$/.test(id);

export const parseToken = (token: string): { bloc: string; id: string; secret: string } | undefined => {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  const [bloc, id, secret] = parts as [string, string, string];
  if (!isKeySegment(bloc) || !isCredentialId(id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { bloc, id, secret };
};

export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const secretMatches = (storedHash: string, secret: string): boolean => {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(secretHash(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

/** A new credential with its one-time token and the hash to store. */
export const newCredential = (c: CredentialRequest, issuedAt: Date): { credential: Credential; token: string; secretHash: string } => {
  if (!isKeySegment(c.bloc)) throw new Error(`not a bloc id: ${c.bloc}`);
  const id = randomBytes(8).toString('hex').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const credential: Credential = {
    bloc: c.bloc,
    id,
    role: c.role,
    unit: c.unit,
    issuedAt: issuedAt.toISOString(),
    issuedBy: c.issuedBy,
    ...(c.expiresAt && { expiresAt: c.expiresAt }),
    ...(c.note && { note: c.note }),
  };
  return { credential, token: `${c.bloc}.${id}.${secret}`, secretHash: secretHash(secret) };
};
