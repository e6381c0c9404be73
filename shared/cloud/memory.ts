import type { SheetRegistration } from '../config/sheets.js';
import type { Bloc } from '../model/bloc.js';
import { MemoryCredentialStore } from '../store/memory-credentials.js';
import { MemoryBlobStore, MemorySubmissionStore } from '../store/memory-store.js';
import { MemoryPeriodLedger } from '../store/memory-ledger.js';
import type { BlocCatalog, CloudRuntime, LinkSigner, PresignedPost, PullThrottle, RecomputeQueue, UploadBody, UploadReader } from './ports.js';
import type { RecomputeRequest } from './recompute-request.js';
import type { UploadedObject } from './uploads.js';

/** The cloud's ports in memory: for tests, and for running the use cases without AWS. */
export class MemoryRecomputeQueue implements RecomputeQueue {
  readonly sent: RecomputeRequest[] = [];
  async send(requests: RecomputeRequest[]): Promise<void> {
    this.sent.push(...requests);
  }
}

export class MemoryPullThrottle implements PullThrottle {
  private readonly last = new Map<string, number>();
  async claim(bloc: string, key: string, at: Date, intervalMs: number): Promise<boolean> {
    const id = `${bloc}\n${key}`;
    const before = this.last.get(id);
    if (before !== undefined && at.getTime() - before < intervalMs) return false;
    this.last.set(id, at.getTime());
    return true;
  }
}

export class MemoryBlocCatalog implements BlocCatalog {
  constructor(
    private readonly blocs: Bloc[],
    private readonly registrations: Record<string, SheetRegistration[]> = {},
  ) {}

  async load(blocId: string): Promise<Bloc> {
    const bloc = this.blocs.find((b) => b.id === blocId);
    if (!bloc) throw Object.assign(new Error(`no configuration for bloc ${JSON.stringify(blocId)}`), { code: 'ENOENT' });
    return bloc;
  }

  async list(): Promise<string[]> {
    return this.blocs.map((b) => b.id).sort();
  }

  async sheets(bloc: Bloc): Promise<SheetRegistration[]> {
    return this.registrations[bloc.id] ?? [];
  }
}

/** Uploaded objects kept by bucket, key and version. */
export class MemoryUploads implements UploadReader {
  private readonly objects = new Map<string, { bytes: Uint8Array; metadata: Record<string, string> }>();
  private versions = 0;

  put(key: string, bytes: Uint8Array, eventTime: Date, bucket = 'uploads', metadata: Record<string, string> = {}): UploadedObject {
    const versionId = `v${++this.versions}`;
    this.objects.set(`${bucket}/${key}#${versionId}`, { bytes: new Uint8Array(bytes), metadata: { ...metadata } });
    return { bucket, key, versionId, size: bytes.length, eventTime, eventName: 'ObjectCreated:Post' };
  }

  async read(o: UploadedObject, limit: number): Promise<UploadBody> {
    const object = this.objects.get(`${o.bucket}/${o.key}#${o.versionId ?? ''}`);
    if (!object) throw Object.assign(new Error(`no object ${o.bucket}/${o.key}`), { name: 'NoSuchKey' });
    return { bytes: object.bytes.slice(0, o.size > limit ? limit + 1 : object.bytes.length), metadata: { ...object.metadata } };
  }
}

/** Links of the form memory://<bucket>/<key>, carrying what a presigned link would. */
export class MemoryLinkSigner implements LinkSigner {
  async uploadForm(p: Parameters<LinkSigner['uploadForm']>[0]): Promise<PresignedPost> {
    const expiresAt = new Date(p.now.getTime() + p.expiresInSeconds * 1000).toISOString();
    const metadata = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v]));
    return { url: 'memory://uploads', fields: { key: p.key, keyPrefix: p.keyPrefix, maxBytes: String(p.maxBytes), ...metadata }, expiresAt };
  }

  async downloadUrl(key: string, o: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    const url = new URL(`memory://data/${key}`);
    url.searchParams.set('expires', String(o.expiresInSeconds));
    if (o.fileName) url.searchParams.set('filename', o.fileName);
    return url.href;
  }
}

export interface MemoryRuntime extends CloudRuntime {
  store: MemorySubmissionStore;
  blobs: MemoryBlobStore;
  catalog: MemoryBlocCatalog;
  credentials: MemoryCredentialStore;
  queue: MemoryRecomputeQueue;
  uploads: MemoryUploads;
  ledger: MemoryPeriodLedger;
  throttle: MemoryPullThrottle;
}

export const memoryRuntime = (o: { blocs: Bloc[]; sheets?: Record<string, SheetRegistration[]>; now?: () => Date }): MemoryRuntime => {
  const store = new MemorySubmissionStore();
  return {
    store,
    blobs: new MemoryBlobStore(),
    catalog: new MemoryBlocCatalog(o.blocs, o.sheets),
    credentials: new MemoryCredentialStore(o.now),
    queue: new MemoryRecomputeQueue(),
    uploads: new MemoryUploads(),
    links: new MemoryLinkSigner(),
    ledger: new MemoryPeriodLedger(store),
    throttle: new MemoryPullThrottle(),
    ...(o.now && { now: o.now }),
  };
};
