import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, PeriodLedger, PublicationRecord, ReviewVersionRecord } from '#shared/store/ledger-port.js';
import type { PeriodKey, SubmissionStore } from '#shared/store/ports.js';

/**
 * What every adapter of the ledger port (review versions, decisions, publications, audit log) must
 * answer alike: run against the in-memory adapter (test/unit/store) and DynamoDB Local (test/integration).
 */
let periods = 0;
const freshKey = (): PeriodKey => ({ bloc: 'ledger', year: 2025, period: `L${++periods}` });

const reviewVersion = (uploadId: string, o: Partial<ReviewVersionRecord> = {}): ReviewVersionRecord => ({
  uploadId,
  reviewer: 'THADS-KHA',
  file: 'tham-dinh.json',
  receivedAt: '2025-11-22T02:00:00.000Z',
  status: 'accepted',
  errors: 0,
  warnings: 1,
  rawKey: `raw/${uploadId}`,
  reportKey: `reports/${uploadId}`,
  reviews: [
    {
      unit: 'STP-KHA',
      reviewer: 'THADS-KHA',
      at: uploadId,
      version: 'v1',
      entries: { 'I.2': { points: '3.5' }, 'II.1': { achieved: '7', base: '10' } },
      reasons: { 'I.2': 'Thiếu minh chứng', 'II.1': 'Số liệu sai' },
    },
  ],
  ...o,
});

const publication = (n: number, o: Partial<PublicationRecord> = {}): PublicationRecord => ({
  n,
  publishedAt: `2025-11-2${n}T00:00:00.000Z`,
  actor: 'lead',
  runId: `run-${n}`,
  inputsHash: `h${n}`,
  rankingsKey: `published/x/${n}/rankings.json`,
  summaryKey: `published/x/${n}/summary.xlsx`,
  ...o,
});

const entry = (id: string, o: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: '2025-11-22T00:00:00.000Z',
  actor: 'lead',
  action: 'version',
  text: `mục ${id}`,
  ...o,
});

/** The ledger and the submission store it shares the period's head with. */
export const ledgerContract = (name: string, make: () => Promise<{ ledger: PeriodLedger; store: SubmissionStore; destroy?(): void }>) =>
  describe(`ledger contract: ${name}`, () => {
    let ledger: PeriodLedger;
    let store: SubmissionStore;
    let destroy: (() => void) | undefined;
    beforeAll(async () => {
      ({ ledger, store, destroy } = await make());
    });
    afterAll(() => destroy?.());

    it('a review version is written once, reads back whole, in upload id order', async () => {
      const key = freshKey();
      expect(await ledger.putReviewVersion(key, reviewVersion('20251122T020000000Z-b'))).toBe(true);
      expect(await ledger.putReviewVersion(key, reviewVersion('20251122T020000000Z-b', { file: 'other.json' }))).toBe(false);
      expect(await ledger.putReviewVersion(key, reviewVersion('20251122T010000000Z-a', { status: 'rejected', reviews: [], reviewer: null }))).toBe(true);
      const read = await ledger.reviewVersions(key);
      expect(read.map((r) => r.uploadId)).toEqual(['20251122T010000000Z-a', '20251122T020000000Z-b']);
      expect(read[1]).toEqual(reviewVersion('20251122T020000000Z-b'));
      expect(await ledger.reviewVersions({ ...key, period: `${key.period}x` })).toEqual([]);
    });

    it('decisions are written once and come in id order', async () => {
      const key = freshKey();
      const vote = {
        id: '20251123T000000000Z-v',
        at: '2025-11-23T00:00:00.000Z',
        actor: 'lead',
        reason: 'Biên bản họp',
        kind: 'vote' as const,
        award: 'CO_CP',
        winners: ['STP-KHA'],
      };
      const late = {
        id: '20251122T000000000Z-l',
        at: '2025-11-22T00:00:00.000Z',
        actor: 'lead',
        reason: 'Lý do chính đáng',
        kind: 'accept-late' as const,
        uploadId: 'u1',
        unit: 'STP-QNG',
      };
      expect(await ledger.putDecision(key, vote)).toBe(true);
      expect(await ledger.putDecision(key, late)).toBe(true);
      expect(await ledger.putDecision(key, { ...late, reason: 'khác' })).toBe(false);
      expect(await ledger.decisions(key)).toEqual([late, vote]);
    });

    it('publish: open head first; the next number only; reopen only the one in force; old publications stay', async () => {
      const key = freshKey();
      expect(await ledger.head(key)).toEqual({ state: 'open', publication: 0 });
      expect(await ledger.publish(key, publication(2))).toBe(false);
      expect(await ledger.publish(key, publication(1))).toBe(true);
      expect(await ledger.head(key)).toEqual({ state: 'published', publication: 1, at: publication(1).publishedAt, actor: 'lead' });
      expect(await ledger.publish(key, publication(2))).toBe(false);
      expect(await ledger.reopen(key, 2, { at: 'x', actor: 'lead', reason: 'r' })).toBe(false);
      expect(await ledger.reopen(key, 1, { at: '2025-11-25T00:00:00.000Z', actor: 'lead2', reason: 'Sửa điểm' })).toBe(true);
      expect(await ledger.reopen(key, 1, { at: 'x', actor: 'lead', reason: 'r' })).toBe(false);
      expect(await ledger.head(key)).toEqual({ state: 'open', publication: 1, at: '2025-11-25T00:00:00.000Z', actor: 'lead2', reason: 'Sửa điểm' });
      expect(await ledger.publish(key, publication(1, { runId: 'again' }))).toBe(false);
      expect(await ledger.publish(key, publication(2))).toBe(true);
      expect(await ledger.publications(key)).toEqual([publication(1), publication(2)]);
    });

    it('two publishes at once: exactly one wins', async () => {
      const key = freshKey();
      const won = await Promise.all([ledger.publish(key, publication(1, { runId: 'a' })), ledger.publish(key, publication(1, { runId: 'b' }))]);
      expect(won.filter(Boolean)).toHaveLength(1);
      const pubs = await ledger.publications(key);
      expect(pubs.map((p) => p.runId)).toEqual([won[0] ? 'a' : 'b']);
    });

    it("reviews, decisions, publications and reopenings count as changes on the store's head; refusals and the audit log do not", async () => {
      const key = freshKey();
      const changes = async () => (await store.head(key)).changes;
      await ledger.putReviewVersion(key, reviewVersion('20251122T020000000Z-b'));
      await ledger.putReviewVersion(key, reviewVersion('20251122T020000000Z-b'));
      expect(await changes()).toBe(1);
      const late = { id: 'd1', at: 'x', actor: 'lead', reason: 'r', kind: 'accept-late' as const, uploadId: 'u1', unit: 'STP-QNG' };
      await ledger.putDecision(key, late);
      await ledger.putDecision(key, late);
      await ledger.append(key, entry('20251123T000000000Z-a'));
      expect(await changes()).toBe(2);
      await ledger.publish(key, publication(1));
      await ledger.publish(key, publication(1));
      expect(await changes()).toBe(3);
      expect((await store.head(key)).publication).toEqual(await ledger.head(key));
      await ledger.reopen(key, 1, { at: 'y', actor: 'lead', reason: 'Sửa' });
      await ledger.reopen(key, 1, { at: 'y', actor: 'lead', reason: 'Sửa' });
      expect(await changes()).toBe(4);
      expect(await ledger.head(key)).toEqual({ state: 'open', publication: 1, at: 'y', actor: 'lead', reason: 'Sửa' });
      await ledger.publish(key, publication(2));
      expect(await ledger.head(key)).toEqual({ state: 'published', publication: 2, at: publication(2).publishedAt, actor: 'lead' });
    });

    it('the audit log is append-only and in id order, every field kept', async () => {
      const key = freshKey();
      const review = entry('20251122T000000000Z-r', {
        action: 'review',
        reviewer: 'STP-QNG',
        changes: [{ unit: 'STP-KHA', criterion: 'I.2', old: '5', new: '3.5', reason: 'Thiếu minh chứng' }],
      });
      expect(await ledger.append(key, entry('20251123T000000000Z-b', { unit: null, status: 'rejected' }))).toBe(true);
      expect(await ledger.append(key, review)).toBe(true);
      expect(await ledger.append(key, entry('20251122T000000000Z-r', { text: 'ghi đè' }))).toBe(false);
      expect(await ledger.log(key)).toEqual([review, entry('20251123T000000000Z-b', { unit: null, status: 'rejected' })]);
    });
  });
