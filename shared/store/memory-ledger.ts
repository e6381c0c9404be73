import type { AuditEntry, DecisionRecord, HeadRecord, PeriodLedger, PublicationRecord, ReviewVersionRecord } from './ledger-port.js';
import type { MemorySubmissionStore } from './memory-store.js';
import type { PeriodKey } from './ports.js';

/**
 * The ledger port in memory: the same answers as the DynamoDB adapter (test/support/ledger-contract.ts).
 * It belongs to a store: its writes count as changes of the period's inputs on the store's head, and
 * the publication state lives there, as both DynamoDB adapters share the `HEAD` item.
 */
interface Partition {
  reviews: Map<string, ReviewVersionRecord>;
  decisions: Map<string, DecisionRecord>;
  publications: Map<number, PublicationRecord>;
  log: Map<string, AuditEntry>;
}

const sorted = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => structuredClone(v));

export class MemoryPeriodLedger implements PeriodLedger {
  private readonly partitions = new Map<string, Partition>();

  constructor(private readonly store: MemorySubmissionStore) {}

  private at(k: PeriodKey): Partition {
    const id = `${k.bloc}#${k.year}#${k.period}`;
    let p = this.partitions.get(id);
    if (!p) this.partitions.set(id, (p = { reviews: new Map(), decisions: new Map(), publications: new Map(), log: new Map() }));
    return p;
  }

  async putReviewVersion(key: PeriodKey, r: ReviewVersionRecord): Promise<boolean> {
    const p = this.at(key);
    if (p.reviews.has(r.uploadId)) return false;
    p.reviews.set(r.uploadId, structuredClone(r));
    this.store.countChange(key);
    return true;
  }

  async reviewVersions(key: PeriodKey): Promise<ReviewVersionRecord[]> {
    return sorted(this.at(key).reviews);
  }

  async putDecision(key: PeriodKey, d: DecisionRecord): Promise<boolean> {
    const p = this.at(key);
    if (p.decisions.has(d.id)) return false;
    p.decisions.set(d.id, structuredClone(d));
    this.store.countChange(key);
    return true;
  }

  async decisions(key: PeriodKey): Promise<DecisionRecord[]> {
    return sorted(this.at(key).decisions);
  }

  async head(key: PeriodKey): Promise<HeadRecord> {
    return this.store.publication(key);
  }

  async publish(key: PeriodKey, pub: PublicationRecord): Promise<boolean> {
    const p = this.at(key);
    const head = this.store.publication(key);
    if (head.state !== 'open' || head.publication !== pub.n - 1 || p.publications.has(pub.n)) return false;
    p.publications.set(pub.n, structuredClone(pub));
    this.store.setPublication(key, { state: 'published', publication: pub.n, at: pub.publishedAt, actor: pub.actor });
    return true;
  }

  async reopen(key: PeriodKey, n: number, change: { at: string; actor: string; reason: string }): Promise<boolean> {
    const head = this.store.publication(key);
    if (head.state !== 'published' || head.publication !== n) return false;
    this.store.setPublication(key, { state: 'open', publication: n, ...change });
    return true;
  }

  async publications(key: PeriodKey): Promise<PublicationRecord[]> {
    return [...this.at(key).publications.values()].sort((a, b) => a.n - b.n).map((x) => structuredClone(x));
  }

  async append(key: PeriodKey, e: AuditEntry): Promise<boolean> {
    const p = this.at(key);
    if (p.log.has(e.id)) return false;
    p.log.set(e.id, structuredClone(e));
    return true;
  }

  async log(key: PeriodKey): Promise<AuditEntry[]> {
    return sorted(this.at(key).log);
  }
}
