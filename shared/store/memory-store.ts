import { OPEN_HEAD, type HeadRecord } from './ledger-port.js';
import type {
  BlobStore,
  CurrentRecord,
  PeriodContents,
  PeriodHead,
  PeriodKey,
  PeriodState,
  RunClaim,
  RunRecord,
  SubmissionStore,
  VersionRecord,
} from './ports.js';

/**
 * The store ports in memory, for fast tests: the same answers as the DynamoDB and S3 adapters
 * (test/support/store-contract.ts runs against both), copies in and out as a database would.
 */
interface Partition {
  versions: Map<string, VersionRecord>;
  current: Map<string, CurrentRecord>;
  rejected: Set<string>;
  runs: Map<string, RunRecord>;
  head: PeriodHead;
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
    if (!p)
      this.partitions.set(
        id,
        (p = { versions: new Map(), current: new Map(), rejected: new Set(), runs: new Map(), head: { changes: 0, publication: { ...OPEN_HEAD } } }),
      );
    return p;
  }

  /** Counts a change of the period's inputs (the ledger in memory counts its own writes here too). */
  countChange(key: PeriodKey): void {
    this.at(key).head.changes += 1;
  }

  /** The head's publication state, kept here for the ledger in memory (as the DynamoDB adapters share one item). */
  publication(key: PeriodKey): HeadRecord {
    return structuredClone(this.at(key).head.publication);
  }

  setPublication(key: PeriodKey, h: HeadRecord): void {
    this.at(key).head.publication = structuredClone(h);
    this.countChange(key);
  }

  async putVersion(key: PeriodKey, v: VersionRecord): Promise<boolean> {
    const p = this.at(key);
    if (p.versions.has(v.uploadId)) return false;
    p.versions.set(v.uploadId, structuredClone(v));
    this.countChange(key);
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
    this.countChange(key);
    return true;
  }

  async markRejected(key: PeriodKey, unit: string): Promise<void> {
    this.at(key).rejected.add(unit);
    this.countChange(key);
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

  async putRun(key: PeriodKey, run: RunRecord, claim?: Omit<RunClaim, 'run'>): Promise<void> {
    const p = this.at(key);
    p.runs.set(run.runId, structuredClone(run));
    if (claim) p.head.run = structuredClone({ ...claim, run });
  }

  async head(key: PeriodKey): Promise<PeriodHead> {
    return structuredClone(this.at(key).head);
  }

  async confirmRun(key: PeriodKey, claim: RunClaim): Promise<void> {
    const head = this.at(key).head;
    if (!head.run || head.run.changes <= claim.changes) head.run = structuredClone(claim);
  }

  async contents(key: PeriodKey): Promise<PeriodContents> {
    const [state, versions, latestRun] = await Promise.all([this.state(key), this.versions(key), this.latestRun(key)]);
    return { state, versions, ...(latestRun && { latestRun }) };
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
