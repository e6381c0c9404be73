import type { Logger } from '../cloud/log.js';
import type { RecomputeQueue } from '../cloud/ports.js';
import type { RecomputeRequest } from '../cloud/recompute-request.js';
import { recomputeBatch, type RecomputeDeps } from '../cloud/use-cases/recompute-batch.js';

/**
 * The recompute queue of `bloc serve`: requests run in-process, one batch after another, through the
 * same use case the recompute function runs (requests that arrive while a batch runs wait and are
 * collapsed into the next batch, as SQS batches collapse them).
 */
export class LocalRecomputeQueue implements RecomputeQueue {
  private pending: RecomputeRequest[] = [];
  private running: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly deps: () => RecomputeDeps,
    private readonly log: Logger,
  ) {}

  async send(requests: RecomputeRequest[]): Promise<void> {
    this.pending.push(...requests);
    this.running = this.running.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    const batch = this.pending.splice(0);
    if (!batch.length) return;
    const messages = batch.map((r) => ({ id: String(++this.seq), body: JSON.stringify(r) }));
    await recomputeBatch(this.deps(), messages, this.log).catch((error) => this.log.error('local recompute failed', { error }));
  }

  /** Resolves when every request sent so far has been handled. */
  idle(): Promise<void> {
    return this.running;
  }
}
