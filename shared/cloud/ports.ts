import type { SheetRegistration } from '../config/sheets.js';
import type { Bloc } from '../model/bloc.js';
import type { IngestDeps } from '../pipeline/ingest.js';
import type { SheetsReader } from '../source/sheets-api.js';
import type { CredentialStore } from '../store/credential-port.js';
import type { RecomputeRequest } from './recompute-request.js';
import type { UploadedObject } from './uploads.js';

/** The blocs deployed, each configuration loaded and validated (ConfigError, every problem listed, otherwise). */
export interface BlocCatalog {
  load(blocId: string): Promise<Bloc>;
  /** Every deployed bloc id, sorted. */
  list(): Promise<string[]>;
  /** The Google Sheets registered for the bloc (its sheets.json); none when it has none. */
  sheets(bloc: Bloc): Promise<SheetRegistration[]>;
}

export interface RecomputeQueue {
  send(requests: RecomputeRequest[]): Promise<void>;
}

/** An uploaded object's content and its user metadata (`x-amz-meta-*`, names in lower case without the prefix). */
export interface UploadBody {
  bytes: Uint8Array;
  metadata: Record<string, string>;
}

export interface UploadReader {
  /** The object's bytes; of a larger one only the first `limit + 1`, enough to judge it too large. */
  read(o: UploadedObject, limit: number): Promise<UploadBody>;
}

/** A form upload: the client posts `fields` and the file to `url`. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/** Short-lived links instead of bucket access. */
export interface LinkSigner {
  /**
   * An upload of at most `maxBytes` to `key`, allowed only under `keyPrefix` (`key` may end with
   * `${filename}`), carrying exactly `metadata` as the object's user metadata (enforced by the link).
   */
  uploadForm(p: {
    key: string;
    keyPrefix: string;
    maxBytes: number;
    expiresInSeconds: number;
    now: Date;
    metadata?: Record<string, string>;
  }): Promise<PresignedPost>;
  /** A download of an output (report, summary); `fileName` names the saved file. */
  downloadUrl(key: string, o: { expiresInSeconds: number; fileName?: string }): Promise<string>;
}

/** Requests that cost work (a pull of Google Sheets now) at most once per key per interval. */
export interface PullThrottle {
  /** Claims `key` of the bloc at `at` unless it was claimed less than `intervalMs` before (then false, nothing changed). */
  claim(bloc: string, key: string, at: Date, intervalMs: number): Promise<boolean>;
}

/** A Sheets reader whose retries end by `deadline` (ms since the epoch). */
export type SheetsFactory = (deadline: number) => Promise<SheetsReader>;

/** What the functions work with, as ports: AWS adapters in aws/runtime.ts, in-memory ones in memory.ts. */
export interface CloudRuntime extends IngestDeps {
  catalog: BlocCatalog;
  credentials: CredentialStore;
  queue: RecomputeQueue;
  uploads: UploadReader;
  links: LinkSigner;
  throttle?: PullThrottle;
  now?: () => Date;
}
