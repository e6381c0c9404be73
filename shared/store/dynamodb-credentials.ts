import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { credentialActive, type Credential, type CredentialRequest, type CredentialStore, type Role } from './credential-port.js';
import { isCredentialId, newCredential, parseToken, secretMatches } from './credential-token.js';
import { queryPrefix } from './dynamodb-query.js';
import { credentialPartition } from './keys.js';

/** Credentials in the one table: PK `CREDS#<bloc>`, SK `C#<id>`, with the secret's hash. */
const pk = credentialPartition;
const sk = (id: string) => `C#${id}`;

const publicView = (item: Record<string, unknown>): Credential => {
  const { PK: _pk, SK: _sk, kind: _kind, secretHash: _hash, ...rest } = item;
  return rest as unknown as Credential;
};

export class DynamoCredentialStore implements CredentialStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(c: CredentialRequest): Promise<{ credential: Credential; token: string }> {
    const { credential, token, secretHash } = newCredential(c, this.now());
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { PK: pk(c.bloc), SK: sk(credential.id), kind: 'credential', ...credential, secretHash },
        ConditionExpression: 'attribute_not_exists(SK)',
      }),
    );
    return { credential, token };
  }

  async authenticate(token: string | undefined): Promise<Credential | undefined> {
    const parsed = token ? parseToken(token) : undefined;
    if (!parsed) return undefined;
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: pk(parsed.bloc), SK: sk(parsed.id) }, ConsistentRead: true }));
    const item = out.Item as (Credential & { secretHash: string }) | undefined;
    if (!item || !credentialActive(item, this.now()) || !secretMatches(item.secretHash, parsed.secret)) return undefined;
    return publicView(item as unknown as Record<string, unknown>);
  }

  async find(bloc: string, id: string): Promise<Credential | undefined> {
    if (!isCredentialId(id)) return undefined;
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { PK: pk(bloc), SK: sk(id) }, ConsistentRead: true }));
    return out.Item ? publicView(out.Item) : undefined;
  }

  async list(bloc: string): Promise<Credential[]> {
    return (await queryPrefix(this.client, this.table, pk(bloc), 'C#')).map(publicView);
  }

  async revoke(bloc: string, id: string, by: string, role?: Role): Promise<Credential | undefined> {
    if (!isCredentialId(id)) return undefined;
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
