/**
 * Service-account credentials for the Sheets API (google-auth-library's JWT client: it signs an
 * RS256 assertion with the key and exchanges it for an access token, cached until it expires).
 *
 * The key is the JSON file Google Cloud gives for a service account. Locally it is a file named by
 * `BLOC_GOOGLE_KEY_FILE`; in AWS it is the text of a Secrets Manager secret (cloud/aws/google-key.ts).
 * The key's `token_uri` is honoured (gtoken always posts to Google's default endpoint otherwise): the
 * tests point it at a local fake, so the real exchange runs end to end.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { JWT } from 'google-auth-library';
import * as z from 'zod';
import { CredentialsError } from './sheets-errors.js';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const KEY_FILE_ENV = 'BLOC_GOOGLE_KEY_FILE';

const keySchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().email(),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
  token_uri: z.string().url().optional(),
});
export type ServiceAccountKey = z.infer<typeof keySchema>;

/** Checks a key's JSON text; the error never repeats the key. */
export const parseServiceAccountKey = (text: string, where: string): ServiceAccountKey => {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CredentialsError(`${where} is not JSON: expected a Google service-account key file`);
  }
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success)
    throw new CredentialsError(
      `${where} is not a service-account key (${parsed.error.issues.map((i) => `${i.path.join('.') || '$'}: ${i.message}`).join('; ')})`,
    );
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw new CredentialsError(`${where}: private_key is not a PEM private key`);
  }
  return parsed.data;
};

export const keyFromFile = async (path: string): Promise<ServiceAccountKey> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CredentialsError(`cannot read the key file ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseServiceAccountKey(text, path);
};

/**
 * A JWT client for the key with the read-only Sheets scope. Its token requests go to the key's
 * `token_uri`, time out after `timeoutMs` and are not retried by the client itself: the caller
 * retries the whole call (sheets-api.ts), within its own budget.
 */
export const serviceAccountClient = (key: ServiceAccountKey, timeoutMs = 20_000): JWT => {
  const client = new JWT({
    email: key.client_email,
    key: key.private_key,
    ...(key.private_key_id && { keyId: key.private_key_id }),
    scopes: [SHEETS_SCOPE],
    transporterOptions: { timeout: timeoutMs },
  });
  const tokenUri = key.token_uri ?? GOOGLE_TOKEN_URI;
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url) === GOOGLE_TOKEN_URI) {
        config.url = new URL(tokenUri);
        config.retryConfig = { ...config.retryConfig, retry: 0 };
      }
      return config;
    },
  });
  return client;
};
