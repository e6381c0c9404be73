import { credentialActive, type Credential, type CredentialRequest, type CredentialStore, type Role } from './credential-port.js';
import { isCredentialId, newCredential, parseToken, secretMatches } from './credential-token.js';

/** The credential port in memory (the same answers as DynamoCredentialStore, see the store contract). */
export class MemoryCredentialStore implements CredentialStore {
  private readonly items = new Map<string, { credential: Credential; secretHash: string }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async issue(c: CredentialRequest): Promise<{ credential: Credential; token: string }> {
    const { credential, token, secretHash } = newCredential(c, this.now());
    const id = `${c.bloc}.${credential.id}`;
    if (this.items.has(id)) throw new Error(`credential ${id} exists`);
    this.items.set(id, { credential: structuredClone(credential), secretHash });
    return { credential, token };
  }

  async authenticate(token: string | undefined): Promise<Credential | undefined> {
    const parsed = token ? parseToken(token) : undefined;
    const item = parsed && this.items.get(`${parsed.bloc}.${parsed.id}`);
    if (!parsed || !item || !credentialActive(item.credential, this.now()) || !secretMatches(item.secretHash, parsed.secret)) return undefined;
    return structuredClone(item.credential);
  }

  async find(bloc: string, id: string): Promise<Credential | undefined> {
    const item = isCredentialId(id) ? this.items.get(`${bloc}.${id}`) : undefined;
    return item && structuredClone(item.credential);
  }

  async list(bloc: string): Promise<Credential[]> {
    return [...this.items.values()]
      .map((i) => structuredClone(i.credential))
      .filter((c) => c.bloc === bloc)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async revoke(bloc: string, id: string, by: string, role?: Role): Promise<Credential | undefined> {
    const item = isCredentialId(id) ? this.items.get(`${bloc}.${id}`) : undefined;
    if (!item || (role && item.credential.role !== role)) return undefined;
    item.credential.revokedAt ??= this.now().toISOString();
    item.credential.revokedBy ??= by;
    return structuredClone(item.credential);
  }
}
