import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isKeySegment } from './s3-config.js';
import { queryPrefix } from '../store/dynamodb-query.js';

/**
 * Credentials for the links API. The lead (trưởng khối) holds a `lead` credential (issued by whoever
 * deploys the stack, see infra/tools/credential.ts); it issues and revokes one `member` credential
 * per unit and hands it to that unit's staff. A credential is a bearer token
 * `<bloc>.<id>.<secret>`: only sha256(secret) is stored, in the one table, under
 * PK `CREDS#<bloc>`, SK `C#<id>`. Revoking keeps the item (an audit trail) with `revokedAt`.
 */
export type Role = 'lead' | 'member';

export interface Credential {
  bloc: string;
  id: string;
  role: Role;
  /** The member the credential speaks for (the lead's own unit for a lead credential). */
  unit: string;
  issuedAt: string;
  issuedBy: string;
  revokedAt?: string;
  revokedBy?: string;
  note?: string;
}

interface Stored extends Credential {
  secretHash: string;
}

const pk = (bloc: string) => `CREDS#${bloc}`;
const sk = (id: string) => `C#${id}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const parseToken = (token: string): { bloc: string; id: string; secret: string } | undefined => {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  const [bloc, id, secret] = parts as [string, string, string];
  if (!isKeySegment(bloc) || !/^[a-z0-9]{12}$/.test(id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { bloc, id, secret };
};

const publicView = (item: Record<string, unknown>): Credential => {
  const { PK: _pk, SK: _sk, kind: _kind, secretHash: _hash, ...rest } = item;
  return rest as unknown as Credential;
};

export class CredentialStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Issues a credential; the token is returned once and never stored. */
  async issue(c: { bloc: string; role: Role; unit: string; issuedBy: string; note?: string }): Promise<{ credential: Credential; token: string }> {
    if (!isKeySegment(c.bloc)) throw new Error(`not a bloc id: ${c.bloc}`);
    const id = randomBytes(8).toString('hex').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const credential: Credential = {
      bloc: c.bloc,
      id,
      role: c.role,
      unit: c.unit,
      issuedAt: this.now().toISOString(),
      issuedBy: c.issuedBy,
      ...(c.note && { note: c.note }),
    };
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { PK: pk(c.bloc), SK: sk(id), kind: 'credential', ...credential, secretHash: sha256(secret) },
        ConditionExpression: 'attribute_not_exists(SK)',
      }),
    );
    return { credential, token: `${c.bloc}.${id}.${secret}` };
  }

  /** The credential a bearer token stands for, unless unknown, malformed or revoked. */
  async authenticate(token: string | undefined): Promise<Credential | undefined> {
    const parsed = token ? parseToken(token) : undefined;
    if (!parsed) return undefined;
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: pk(parsed.bloc), SK: sk(parsed.id) }, ConsistentRead: true }));
    const item = out.Item as Stored | undefined;
    if (!item || item.revokedAt) return undefined;
    const expected = Buffer.from(item.secretHash, 'hex');
    const actual = Buffer.from(sha256(parsed.secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    return publicView(item as unknown as Record<string, unknown>);
  }

  async list(bloc: string): Promise<Credential[]> {
    return (await queryPrefix(this.client, this.table, pk(bloc), 'C#')).map(publicView);
  }

  /** Revokes a credential of the bloc (of the given role only, when `role` is set); undefined when there is none. */
  async revoke(bloc: string, id: string, by: string, role?: Role): Promise<Credential | undefined> {
    if (!/^[a-z0-9]{12}$/.test(id)) return undefined;
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: pk(bloc), SK: sk(id) },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now), revokedBy = if_not_exists(revokedBy, :by)',
          ConditionExpression: role ? 'attribute_exists(SK) AND #role = :role' : 'attribute_exists(SK)',
          ExpressionAttributeValues: { ':now': this.now().toISOString(), ':by': by, ...(role && { ':role': role }) },
          ...(role && { ExpressionAttributeNames: { '#role': 'role' } }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return publicView(out.Attributes ?? {});
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw e;
    }
  }
}
