import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { loadBloc, type ConfigReader } from '../../config/load.js';
import { loadSheetsConfig, SHEETS_CONFIG_FILE, type SheetRegistration } from '../../config/sheets.js';
import type { Bloc } from '../../model/bloc.js';
import { isKeySegment } from '../../store/keys.js';
import type { BlocCatalog } from '../ports.js';

/**
 * Configurations live in the data bucket, one folder per bloc, as deployed by the CDK stack:
 *   config/<bloc>/bloc.json   and its rubric files beside it (paths relative to bloc.json), sheets.json.
 */
export const CONFIG_ROOT = 'config/';
export const configFolder = (blocId: string) => `${CONFIG_ROOT}${blocId}/`;
export const configKey = (blocId: string) => `${configFolder(blocId)}bloc.json`;

const status = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Reads configuration text from S3 for `loadBloc`. A missing object (404, or 403 when the role may
 * not list the bucket) is reported as ENOENT, so the problem reads "không tìm thấy tệp".
 */
export const s3ConfigReader =
  (s3: S3Client, bucket: string): ConfigReader =>
  async (key) => {
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await out.Body!.transformToString('utf8');
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NoSuchKey' || status(e) === 404 || status(e) === 403)
        throw Object.assign(new Error(`s3://${bucket}/${key} not found`), { code: 'ENOENT', cause: e });
      throw e;
    }
  };

export interface BlocCatalogOptions {
  /** How long a loaded configuration is reused in a warm container (default 5 minutes). */
  ttlMs?: number;
  now?: () => number;
}

/** The blocs deployed into a bucket, loaded and validated with `loadBloc`, cached per container. */
export class S3BlocCatalog implements BlocCatalog {
  private readonly cache = new Map<string, { at: number; bloc: Promise<Bloc> }>();
  private readonly read: ConfigReader;
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    opts: BlocCatalogOptions = {},
  ) {
    this.read = s3ConfigReader(s3, bucket);
    this.ttl = opts.ttlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  load(blocId: string): Promise<Bloc> {
    if (!isKeySegment(blocId)) return Promise.reject(new Error(`not a bloc id: ${JSON.stringify(blocId)}`));
    const hit = this.cache.get(blocId);
    if (hit && this.now() - hit.at < this.ttl) return hit.bloc;
    const bloc = loadBloc(configKey(blocId), this.read).then((l) => {
      if (l.bloc.id !== blocId) throw new Error(`${configKey(blocId)} declares bloc "${l.bloc.id}", not "${blocId}"`);
      return l.bloc;
    });
    this.cache.set(blocId, { at: this.now(), bloc });
    bloc.catch(() => this.cache.delete(blocId));
    return bloc;
  }

  /** Read at every call: registrations change more often than a container lives. */
  sheets(bloc: Bloc): Promise<SheetRegistration[]> {
    return loadSheetsConfig(`${configFolder(bloc.id)}${SHEETS_CONFIG_FILE}`, bloc, { read: this.read, missingOk: true });
  }

  /** Every bloc id with a folder under config/. */
  async list(): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: CONFIG_ROOT, Delimiter: '/', ContinuationToken: token }));
      for (const p of page.CommonPrefixes ?? []) {
        const id = p.Prefix?.slice(CONFIG_ROOT.length, -1);
        if (id && isKeySegment(id)) ids.push(id);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return ids.sort();
  }
}
