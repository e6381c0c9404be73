import type { BlobStore, CurrentRecord, PeriodKey, PeriodState, RunRecord, SubmissionStore, VersionRecord } from './ports.js';

/**
 * The store ports in memory, for fast tests: the same answers as the DynamoDB and S3 adapters
 * (test/support/store-contract.ts runs against both), copies in and out as a database would.
 */
interface Partition {
  versions: Map<string, VersionRecord>;
  current: Map<string, CurrentRecord>;
  rejected: Set<string>;
  runs: Map<string, RunRecord>;
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
// Sorted as the DynamoDB sort keys `M#<unit>#CUR` / `M#<unit>#REJ` are.
const unitOrder = (unit: string) => `${unit}#`;

export class MemorySubmissionStore implements SubmissionStore {
  private readonly partitions = new Map<string, Partition>();

  private at(k: PeriodKey): Partition {
    const id = `${k.bloc}#${k.year}#${k.period}`;
    let p = this.partitions.get(id);
    if (!p) this.partitions.set(id, (p = { versions: new Map(), current: new Map(), rejected: new Set(), runs: new Map() }));
    return p;
  }

  async putVersion(key: PeriodKey, v: VersionRecord): Promise<boolean> {
    const p = this.at(key);
    if (p.versions.has(v.uploadId)) return false;
    p.versions.set(v.uploadId, structuredClone(v));
    return true;
  }

  async getVersion(key: PeriodKey, uploadId: string): Promise<VersionRecord | undefined> {
    const v = this.at(key).versions.get(uploadId);
    return v && structuredClone(v);
  }

  async promote(key: PeriodKey, c: CurrentRecord): Promise<boolean> {
    const p = this.at(key);
    const before = p.current.get(c.unit);
    if (before && !(before.uploadId < c.uploadId)) return false;
    p.current.set(c.unit, structuredClone(c));
    return true;
  }

  async markRejected(key: PeriodKey, unit: string): Promise<void> {
    this.at(key).rejected.add(unit);
  }

  async state(key: PeriodKey): Promise<PeriodState> {
    const p = this.at(key);
    return {
      current: structuredClone([...p.current.values()].sort(byKey((c) => unitOrder(c.unit)))),
      rejected: [...p.rejected].sort(byKey(unitOrder)),
    };
  }

  async versions(key: PeriodKey): Promise<VersionRecord[]> {
    return structuredClone([...this.at(key).versions.values()].sort(byKey((v) => v.uploadId)));
  }

  async putRun(key: PeriodKey, run: RunRecord): Promise<void> {
    this.at(key).runs.set(run.runId, structuredClone(run));
  }

  async latestRun(key: PeriodKey): Promise<RunRecord | undefined> {
    const [latest] = [...this.at(key).runs.values()].sort(byKey((r) => r.runId)).reverse();
    return latest && structuredClone(latest);
  }

  async runs(key: PeriodKey): Promise<RunRecord[]> {
    return structuredClone([...this.at(key).runs.values()].sort(byKey((r) => r.runId)));
  }
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, { body: Uint8Array; contentType: string }>();

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    if (this.blobs.has(key)) return;
    this.blobs.set(key, { body: typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body), contentType });
  }

  async get(key: string): Promise<Uint8Array> {
    const blob = this.blobs.get(key);
    if (!blob) throw Object.assign(new Error(`no blob under ${key}`), { name: 'NoSuchKey' });
    return new Uint8Array(blob.body);
  }

  /** Every key, sorted (S3 lists in this order). */
  keys(prefix = ''): string[] {
    return [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
