/**
 * Review workbooks through the pipeline on the in-memory store (SPEC §10), on the synthetic bloc:
 * judged against the version they reviewed, the lead's typed value over a cross-reviewer's, the same
 * bytes received twice, and PUBLISHED_FROZEN on every upload, review and decision while published.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { acceptLate, publish, recordVote, reopen, type LedgerDeps } from '#shared/pipeline/decisions.js';
import { ingestNew } from '#shared/pipeline/ingest.js';
import { ingestJsonReviews, ingestReviewWorkbook, isReviewFile, sameReviewFile } from '#shared/pipeline/ingest-reviews.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { decodeValues } from '#shared/store/codec.js';
import { timeSortableId } from '#shared/store/keys.js';
import { MemoryPeriodLedger } from '#shared/store/memory-ledger.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { buildReviewWorkbook, type ReviewFillEntry } from '#shared/workbooks/review/review-workbook.js';
import { CB_B4, SO_A3_V2, SYN_INPUTS, syntheticWorkbook, writeSyntheticBloc } from '../../support/synthetic-bloc.js';

const KEY = { bloc: 'mien-tay-thu', year: 2026, period: 'Q2' };
/** Bangkok wall-clock time on a day of July 2026. */
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 6, day, hour - 7));

let bloc: Bloc;
let deps: LedgerDeps;
let n = 0;

const submit = async (unit: string, input: (typeof SYN_INPUTS)[string], when = at(1)) =>
  ingestNew(deps, bloc, 'Q2', {
    file: `${unit}.xlsx`,
    bytes: await syntheticWorkbook(bloc, unit, input),
    uploadId: timeSortableId(when, `t-${n++}`),
    receivedAt: when,
    judgeLateness: true,
  });

/** `reviewer`'s workbook of the versions given (upload ids), filled as the reviewer would. */
const reviewWorkbook = async (reviewer: string, uploadIds: string[], fill: Record<string, Record<string, ReviewFillEntry>>) => {
  const versions = await Promise.all(uploadIds.map((id) => deps.store.getVersion(KEY, id)));
  const reviewed = versions.map((v) => ({ unit: v!.unit!, uploadId: v!.uploadId, values: decodeValues(v!.values!) }));
  return buildReviewWorkbook(bloc, 'Q2', reviewer, reviewed, { fill });
};

const receive = (bytes: Uint8Array, when: Date, file = 'tham-dinh.xlsx') =>
  ingestReviewWorkbook(deps, bloc, 'Q2', { file, uploadId: timeSortableId(when, `r-${n++}`), receivedAt: when, bytes });

const totals = async (when: Date) => {
  const out = await recompute(deps, bloc, 'Q2', { now: when, force: true });
  return Object.fromEntries(out.rankings!.groups.flatMap((g) => g.members.map((m) => [m.unit, m.status === 'accepted' ? m.total : m.status])));
};

beforeEach(async () => {
  bloc = (await loadBloc(await writeSyntheticBloc())).bloc;
  const store = new MemorySubmissionStore();
  deps = { store, blobs: new MemoryBlobStore(), ledger: new MemoryPeriodLedger(store), actor: 'truong.cum' };
});

describe('a review workbook judged against the version it reviewed', () => {
  it('a stale review: its unchanged value needs no reason and its empty base half is the reviewed version’s', async () => {
    const v1 = await submit('SO-A3', SYN_INPUTS['SO-A3']!); // P1.a 13, P2.a 18/20
    const wb = await reviewWorkbook('SO-A2', [v1.version.uploadId], {
      'SO-A3': { 'P1.a': { points: 13 }, 'P2.a': { achieved: 17, reason: 'Hồ sơ chưa đủ' } },
    });
    // v2: P1.a 13.75, P2.a 24/25 = 0.96 → 15.
    await submit('SO-A3', { ...SO_A3_V2, 'P2.a': { achieved: '24', base: '25' } }, at(2));
    const out = await receive(wb, at(3));
    expect(out.report).toMatchObject({ reviewer: 'SO-A2', status: 'accepted', units: ['SO-A3'], errors: [] });
    expect(out.report.warnings.map((w) => w.code)).toEqual(['REVIEW_STALE']);
    // P1.a 13 (the review of v1) + 9.33 + P2.a 17/20 = 0.85 → 9 + 2 = 33.33 (17/25 would be 0.68 → 0).
    expect((await totals(at(3, 12)))['SO-A3']).toBe('33.33');
    expect(out.version.reviews[0]!.entries).toEqual({ 'P1.a': { points: '13' }, 'P2.a': { achieved: '17', base: '20' } });
  });

  it("the lead's value equal to the unit's own, typed without a reason, still wins over a cross-reviewer's", async () => {
    const v = await submit('SO-A3', SYN_INPUTS['SO-A3']!);
    await receive(await reviewWorkbook('SO-A2', [v.version.uploadId], { 'SO-A3': { 'P1.a': { points: 11, reason: 'Chấm lại' } } }), at(2));
    expect((await totals(at(2, 12)))['SO-A3']).toBe('31.33'); // 11 + 9.33 + 9 + 2
    const lead = await receive(await reviewWorkbook('SO-A1', [v.version.uploadId], { 'SO-A3': { 'P1.a': { points: 13 } } }), at(3));
    expect(lead.report).toMatchObject({ status: 'accepted', errors: [], warnings: [] });
    expect((await totals(at(3, 12)))['SO-A3']).toBe('33.33');
    const entry = (await deps.ledger.log(KEY)).findLast((e) => e.action === 'review')!;
    expect(entry.changes).toEqual([{ unit: 'SO-A3', criterion: 'P1.a', old: '11', new: '13', reason: '' }]);
  });

  it('the same bytes again are found (nothing needs storing twice); a submission is not a review file', async () => {
    const v = await submit('SO-A5', SYN_INPUTS['SO-A5']!);
    const wb = await reviewWorkbook('SO-A3', [v.version.uploadId], { 'SO-A5': { 'TH.1': { points: 1, reason: 'Chưa công nhận' } } });
    expect(await isReviewFile(wb)).toBe(true);
    expect(await isReviewFile(await syntheticWorkbook(bloc, 'SO-A5', SYN_INPUTS['SO-A5']!))).toBe(false);
    expect(await isReviewFile(new TextEncoder().encode('%PDF-1.7'))).toBe(false);
    expect(await sameReviewFile(deps, bloc, 'Q2', wb)).toBeUndefined();
    const first = await receive(wb, at(2));
    expect((await sameReviewFile(deps, bloc, 'Q2', wb))?.uploadId).toBe(first.version.uploadId);
  });
});

describe('PUBLISHED_FROZEN: while the period is published, what is received or decided is stored and says so', () => {
  it('an upload, a review workbook, REVIEWS.json, a late acceptance and a vote each carry it; none after reopening', async () => {
    for (const unit of ['SO-A3', 'CB-B1', 'CB-B3']) await submit(unit, SYN_INPUTS[unit]!);
    const late = await submit('CB-B4', CB_B4, at(8));
    expect(late.report.status).toBe('late');
    const first = await publish(deps, bloc, 'Q2', { actor: 'truong.cum', now: at(9) });
    const published = await totals(at(9, 12));
    const frozen = (ws: { code: string; message: string }[]) => ws.filter((w) => w.code === 'PUBLISHED_FROZEN').map((w) => w.message);

    const upload = await submit('SO-A2', SYN_INPUTS['SO-A2']!, at(3));
    expect(upload.report.status).toBe('accepted');
    expect(frozen(upload.report.warnings)).toEqual([
      'Kết quả đợt Q2 đã được công bố (lần 1). Tệp này được lưu nhưng không làm thay đổi kết quả đã công bố cho đến khi trưởng khối mở lại kết quả (bloc reopen).',
    ]);
    expect(upload.version.warnings).toBe(1);
    const a3 = (await deps.store.state(KEY)).current.find((c) => c.unit === 'SO-A3')!;
    const wb = await receive(await reviewWorkbook('SO-A1', [a3.uploadId], { 'SO-A3': { 'P1.a': { points: 5, reason: 'Sai' } } }), at(10));
    expect(frozen(wb.report.warnings)).toHaveLength(1);
    expect(wb.annotated).toBeUndefined(); // nothing wrong with the workbook itself
    // The CO tie of CB-B1 and CB-B3 is voted before a review breaks it.
    const vote = await recordVote(deps, bloc, 'Q2', { award: 'CO', winners: ['CB-B1'], reason: 'Biên bản', actor: 'truong.cum', now: at(10, 10) });
    expect(frozen(vote.warnings)).toHaveLength(1);
    const json = await ingestJsonReviews(deps, bloc, 'Q2', {
      file: 'tham-dinh.json',
      uploadId: timeSortableId(at(10), 'json'),
      receivedAt: at(10),
      bytes: new TextEncoder().encode(JSON.stringify({ 'CB-B3': { 'KTR.1': { value: '3', reviewer: 'SO-A1', reason: 'Vi phạm' } } })),
    });
    expect([json.report.status, json.report.warnings.map((w) => w.code)]).toEqual(['accepted', ['PUBLISHED_FROZEN']]);
    const accepted = await acceptLate(deps, bloc, 'Q2', { uploadId: late.version.uploadId, reason: 'Công văn số 5', actor: 'truong.cum', now: at(11) });
    expect(frozen(accepted.warnings)[0]).toMatch(/^Kết quả đợt Q2 đã được công bố \(lần 1\)\. Quyết định này được lưu/);
    // The published result stands; the log says each of those changed nothing published.
    expect(await totals(at(12))).toEqual(published);
    const notes = (await deps.ledger.log(KEY)).filter((e) => e.text.endsWith('Kết quả đã công bố không thay đổi (đợt đang công bố).'));
    expect(notes.map((e) => e.action).sort()).toEqual(['accept-late', 'version', 'version', 'version', 'vote']);

    await reopen(deps, bloc, 'Q2', { reason: 'Bổ sung', actor: 'truong.cum', now: at(13) });
    const after = await submit('SO-A4', SYN_INPUTS['SO-A4']!, at(4));
    expect(after.report.warnings).toEqual([]);
    const review = await ingestJsonReviews(deps, bloc, 'Q2', {
      file: 'tham-dinh-2.json',
      uploadId: timeSortableId(at(13), 'json'),
      receivedAt: at(13),
      bytes: new TextEncoder().encode(JSON.stringify({ 'SO-A4': { 'TR.1': { value: '2', reviewer: 'SO-A1', reason: 'Vi phạm' } } })),
    });
    expect([review.report.status, review.report.warnings]).toEqual(['accepted', []]);
    // Reopened: everything received meanwhile counts (SO-A3 P1.a 5: 5 + 9.33 + 9 + 2; CB-B3 27 + 10 + 2 − 3; CB-B4 accepted).
    expect(await totals(at(13, 12))).toMatchObject({ 'SO-A2': '27.83', 'SO-A3': '25.33', 'SO-A4': '34.50', 'CB-B3': '36.00', 'CB-B4': '10.00' });
    expect(first.n).toBe(1);
  });
});
