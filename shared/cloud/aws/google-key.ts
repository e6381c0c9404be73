/**
 * The Google service-account key in the cloud: the text of the Secrets Manager secret named by
 * `BLOC_GOOGLE_KEY_SECRET` (the stack creates it; the operator puts the key in it), else a key file
 * named by `BLOC_GOOGLE_KEY_FILE`. The JWT client (and its access token) is kept per container; a key
 * that cannot be read is tried again at the next invocation, and meanwhile every pull fails with
 * SHEET_AUTH_FAILED — reported and logged, never a rejected version.
 *
 * The Google client libraries are loaded on the first pull, not at start-up: a recompute without
 * registered sheets never pays their load.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ServiceAccountKey } from '../../source/sheets-auth.js';
import { CredentialsError } from '../../source/sheets-errors.js';
import type { SheetsFactory } from '../ports.js';
import { KEY_SECRET_ENV } from './google-key-env.js';

export type SecretReader = (secretId: string) => Promise<string>;

export const secretsManagerReader =
  (client: () => SecretsManagerClient): SecretReader =>
  async (secretId) => {
    const out = await client().send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!out.SecretString) throw new CredentialsError(`secret ${secretId} holds no text: put the service-account key JSON in it`);
    return out.SecretString;
  };

const google = () => Promise.all([import('../../source/sheets-api.js'), import('../../source/sheets-auth.js')] as const);
type GoogleKeys = Awaited<ReturnType<typeof google>>[1];

/** The cloud's readers, from the environment; `readSecret` replaces Secrets Manager in tests. */
export const cloudSheets = (env: NodeJS.ProcessEnv = process.env, o: { readSecret?: SecretReader } = {}): SheetsFactory => {
  const secretId = env[KEY_SECRET_ENV];
  let client: SecretsManagerClient | undefined;
  const readSecret = o.readSecret ?? secretsManagerReader(() => (client ??= new SecretsManagerClient({})));
  const loadKey = async ({ keyFromFile, KEY_FILE_ENV, parseServiceAccountKey }: GoogleKeys): Promise<ServiceAccountKey> => {
    const keyFile = env[KEY_FILE_ENV];
    if (secretId) {
      try {
        return parseServiceAccountKey(await readSecret(secretId), `secret ${secretId}`);
      } catch (e) {
        if (e instanceof CredentialsError) throw e;
        throw new CredentialsError(`cannot read secret ${secretId}: ${(e as Error)?.name ?? ''} ${(e as Error)?.message ?? String(e)}`.trim());
      }
    }
    if (keyFile) return keyFromFile(keyFile);
    throw new CredentialsError(`no Google service-account key: set ${KEY_SECRET_ENV} (or ${KEY_FILE_ENV})`);
  };
  let auth: Promise<{ key: ServiceAccountKey; client: ReturnType<GoogleKeys['serviceAccountClient']> }> | undefined;
  return async (deadline) => {
    const [api, keys] = await google();
    const rootUrl = env[api.ROOT_URL_ENV];
    auth ??= loadKey(keys).then((key) => ({ key, client: keys.serviceAccountClient(key) }));
    try {
      const { key, client: jwt } = await auth;
      return api.sheetsReader({ client: jwt, serviceAccount: key.client_email, ...(rootUrl && { rootUrl }), deadline: () => deadline });
    } catch (e) {
      auth = undefined;
      return api.unavailableReader(e);
    }
  };
};
