/**
 * Google Sheets in the cloud. The nightly (or a manual) recompute of a bloc period first pulls the
 * sheets registered for it in `config/<bloc>/sheets.json` (deployed beside bloc.json), then ranks.
 *
 * Credentials: the service-account key is the text of the Secrets Manager secret named by
 * `BLOC_GOOGLE_KEY_SECRET` (the stack creates it; the operator puts the key in it), else a key file
 * named by `BLOC_GOOGLE_KEY_FILE`. The JWT client (and its access token) is kept per container; a key
 * that cannot be read is tried again at the next invocation, and meanwhile every pull fails with
 * SHEET_AUTH_FAILED — reported and logged, never a rejected version.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadSheetsConfig, SHEETS_CONFIG_FILE } from '../config/sheets.js';
import type { Bloc } from '../model/bloc.js';
import type { IngestDeps } from '../pipeline/ingest.js';
import { periodKey } from '../pipeline/period-key.js';
import { pullSheets, type SheetPull } from '../pipeline/pull-sheets.js';
import { ROOT_URL_ENV, sheetsReader, unavailableReader, type SheetsReader } from '../source/sheets-api.js';
import { keyFromFile, KEY_FILE_ENV, parseServiceAccountKey, serviceAccountClient, type ServiceAccountKey } from '../source/sheets-auth.js';
import { CredentialsError } from '../source/sheets-errors.js';
import { pullReportKey, timeSortableId } from '../store/keys.js';
import { jsonText } from '../text/json-text.js';
import { KEY_SECRET_ENV } from './google-key-env.js';
import type { Logger } from './log.js';
import { configFolder, s3ConfigReader } from './s3-config.js';


/** A reader whose retries end by `deadline` (ms since the epoch). */
export type SheetsFactory = (deadline: number) => Promise<SheetsReader>;

export type SecretReader = (secretId: string) => Promise<string>;

export const secretsManagerReader = (client: () => SecretsManagerClient): SecretReader => async (secretId) => {
  const out = await client().send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!out.SecretString) throw new CredentialsError(`secret ${secretId} holds no text: put the service-account key JSON in it`);
  return out.SecretString;
};

/** The cloud's readers, from the environment; `readSecret` replaces Secrets Manager in tests. */
export const cloudSheets = (env: NodeJS.ProcessEnv = process.env, o: { readSecret?: SecretReader } = {}): SheetsFactory => {
  const secretId = env[KEY_SECRET_ENV];
  const keyFile = env[KEY_FILE_ENV];
  const rootUrl = env[ROOT_URL_ENV];
  let client: SecretsManagerClient | undefined;
  const readSecret = o.readSecret ?? secretsManagerReader(() => (client ??= new SecretsManagerClient({})));
  const loadKey = async (): Promise<ServiceAccountKey> => {
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
  let auth: Promise<{ key: ServiceAccountKey; client: ReturnType<typeof serviceAccountClient> }> | undefined;
  return async (deadline) => {
    auth ??= loadKey().then((key) => ({ key, client: serviceAccountClient(key) }));
    try {
      const { key, client: jwt } = await auth;
      return sheetsReader({ client: jwt, serviceAccount: key.client_email, ...(rootUrl && { rootUrl }), deadline: () => deadline });
    } catch (e) {
      auth = undefined;
      return unavailableReader(e);
    }
  };
};

export interface CloudPullDeps extends IngestDeps {
  s3: S3Client;
  dataBucket: string;
  sheets: SheetsFactory;
  now?: () => Date;
}

export type PullSummary = Record<SheetPull['kind'], number>;

/**
 * Pulls the sheets registered for the period and logs each outcome; a failed pull's report is kept
 * under reports/<bloc>/<year>/<period>/pulls/. Throws only when sheets.json cannot be read.
 */
export const pullRegistered = async (d: CloudPullDeps, bloc: Bloc, period: string, log: Logger, deadline: number): Promise<PullSummary> => {
  const summary: PullSummary = { ingested: 0, unchanged: 0, failed: 0, error: 0 };
  const file = `${configFolder(bloc.id)}${SHEETS_CONFIG_FILE}`;
  const registrations = (await loadSheetsConfig(file, bloc, { read: s3ConfigReader(d.s3, d.dataBucket), missingOk: true })).filter((r) => r.period === period);
  if (!registrations.length) return summary;
  const now = d.now ?? (() => new Date());
  const pulls = await pullSheets({ ...d, sheets: await d.sheets(deadline) }, bloc, period, registrations, { now, judgeLateness: true });
  for (const p of pulls) {
    summary[p.kind] += 1;
    const ulog = log.with({ unit: p.registration.unit, spreadsheetId: p.registration.spreadsheetId });
    if (p.kind === 'ingested') {
      const r = p.outcome.report;
      ulog.info('sheet pulled and ingested', { uploadId: p.outcome.version.uploadId, status: r.status, current: p.outcome.current, errors: r.errors.length, warnings: r.warnings.length });
    } else if (p.kind === 'unchanged') ulog.info('sheet unchanged since its latest version: not ingested again', { uploadId: p.version.uploadId });
    else if (p.kind === 'failed') {
      const key = pullReportKey(periodKey(bloc, period), timeSortableId(now(), p.registration.spreadsheetId.slice(0, 12)), p.registration.unit);
      ulog.warn('sheet not pulled: nothing recorded', { code: p.failure.code, detail: p.failure.detail, attempts: p.failure.attempts, reportKey: key });
      await d.blobs.put(key, jsonText(p.report), 'application/json').catch((error) => ulog.error('failure report not kept', { error }));
    } else ulog.error('pulled sheet could not be ingested', { error: p.error });
  }
  log.info('registered sheets pulled', { registered: registrations.length, ...summary });
  return summary;
};
