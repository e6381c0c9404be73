import { expect } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import { noteConfiguration } from '#shared/pipeline/audit.js';
import { acceptLate, DecisionRefused, publish, recordVote, reopen, type LedgerDeps } from '#shared/pipeline/decisions.js';
import { ingestNew } from '#shared/pipeline/ingest.js';
import { ingestJsonReviews } from '#shared/pipeline/ingest-reviews.js';
import { recompute } from '#shared/pipeline/recompute.js';
import { timeSortableId } from '#shared/store/keys.js';
import { auditLines } from '#shared/workbooks/summary/audit-log.js';
import { filledWorkbook, goldenInputs, sampleBloc } from './sample.js';

/**
 * A whole SPEC §10 cycle on the sample region, on any adapters of the ports: submissions; the lead
 * and a cross-reviewer review STP-KHA; a late file held then accepted; a three-way tie for BK_BO
 * voted; publish; an upload after publishing changes nothing published; reopen; recompute; publish
 * again — and the audit log tells exactly that, in order. The region's own settings are changed
 * here (latePolicy "hold", one cross-reviewer), never in the code.
 */
export const cycleBloc = async (): Promise<Bloc> => {
  const bloc = await sampleBloc();
  return { ...bloc, periods: bloc.periods.map((p) => (p.id === 'Y' ? { ...p, latePolicy: 'hold' as const, reviewers: { 'STP-QNG': ['STP-KHA'] } } : p)) };
};

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));

export const runCycle = async (deps: LedgerDeps) => {
  const bloc = await cycleBloc();
  const inputs = await goldenInputs();
  const key = { bloc: bloc.id, year: bloc.year, period: 'Y' };
  const upload = async (unit: string, from: string, when: Date, n: number) =>
    ingestNew(deps, bloc, 'Y', {
      file: `${unit}.xlsx`,
      bytes: await filledWorkbook(bloc, unit, { [unit]: inputs[from]! }),
      uploadId: timeSortableId(when, `t-${n}`),
      receivedAt: when,
      judgeLateness: true,
    });
  const step = (day: number, actor = 'truong.khoi') => ({ actor, now: at(day) });

  await noteConfiguration(deps.ledger, key, bloc, 'truong.khoi', at(17));
  // 18/11: four units submit; DNO, PYE and GLA send the same values: a three-way tie at rank 1.
  for (const [i, [unit, from]] of [
    ['STP-KHA', 'STP-KHA'],
    ['STP-DNO', 'STP-DNO'],
    ['STP-PYE', 'STP-DNO'],
    ['STP-GLA', 'STP-DNO'],
  ].entries())
    expect((await upload(unit!, from!, at(18), i)).report.status).toBe('accepted');
  // 21/11, after the deadline of 20/11: held.
  const late = await upload('STP-QNG', 'STP-QNG', at(21), 9);
  expect(late.report.status).toBe('late');
  expect(late.current).toBe(false);
  expect(late.report.warnings.map((w) => w.code)).toEqual(['LATE']);
  expect((await deps.store.state(key)).current.map((c) => c.unit)).not.toContain('STP-QNG');

  // 22/11: the lead, then the cross-reviewer, review STP-KHA.
  const review = async (who: string, code: string, value: string, reason: string, when: Date) =>
    ingestJsonReviews(deps, bloc, 'Y', {
      file: `${who}.json`,
      uploadId: timeSortableId(when, `review-${who}`),
      receivedAt: when,
      bytes: new TextEncoder().encode(JSON.stringify({ 'STP-KHA': { [code]: { value, reviewer: who, reason } } })),
    });
  expect((await review('THADS-KHA', 'I.2', '5', 'Thiếu minh chứng', at(22))).report).toMatchObject({ status: 'accepted', units: ['STP-KHA'], errors: [] });
  expect((await review('STP-QNG', 'I.3', '5.5', 'Số liệu chưa khớp', at(22, 10))).report).toMatchObject({ status: 'accepted', units: ['STP-KHA'] });
  expect((await review('STP-PYE', 'I.3', '1', 'không được phân công', at(22, 11))).report.errors.map((e) => e.code)).toEqual(['REVIEWER_NOT_ALLOWED']);

  // 23/11: the late file is accepted and counts.
  await expect(acceptLate(deps, bloc, 'Y', { ...step(23), uploadId: late.version.uploadId, reason: '' })).rejects.toBeInstanceOf(DecisionRefused);
  expect((await acceptLate(deps, bloc, 'Y', { ...step(23), uploadId: late.version.uploadId, reason: 'Công văn giải trình số 12' })).current).toBe(true);
  await expect(acceptLate(deps, bloc, 'Y', { ...step(23), uploadId: late.version.uploadId, reason: 'lần nữa' })).rejects.toThrow('đã được tiếp nhận');

  const before = await recompute(deps, bloc, 'Y', { now: at(23, 12) });
  const stp = before.rankings!.groups[0]!.members.flatMap((m) => (m.status === 'accepted' ? [m] : []));
  const kha = stp.find((m) => m.unit === 'STP-KHA')!;
  expect(kha.total).toBe('82.87'); // 84.37 − 1 (I.2 6 → 5) − 0.5 (I.3 6 → 5.5)
  expect(
    stp
      .filter((m) => m.pendingVote === 'BK_BO')
      .map((m) => m.unit)
      .sort(),
  ).toEqual(['STP-DNO', 'STP-GLA', 'STP-PYE']);

  // 24/11: the vote; quota of BK_BO is 2 (30 % of 8): one winner is refused, two win.
  await expect(recordVote(deps, bloc, 'Y', { ...step(24), award: 'BK_BO', winners: ['STP-DNO'], reason: 'Biên bản họp' })).rejects.toThrow('phải chọn đúng 2');
  await expect(recordVote(deps, bloc, 'Y', { ...step(24), award: 'BK_BO', winners: ['STP-DNO', 'STP-KHA'], reason: 'Biên bản họp' })).rejects.toThrow(
    'không nằm trong',
  );
  await recordVote(deps, bloc, 'Y', { ...step(24), award: 'BK_BO', winners: ['STP-DNO', 'STP-GLA'], reason: 'Biên bản họp khối ngày 24/11' });

  // 25/11: publish; a second publish is refused while published.
  const first = await publish(deps, bloc, 'Y', step(25));
  expect(first).toMatchObject({ n: 1, rankingsKey: 'published/ntb-tn/2025/Y/1/rankings.json', summaryKey: 'published/ntb-tn/2025/Y/1/summary.xlsx' });
  await expect(publish(deps, bloc, 'Y', step(25))).rejects.toThrow('đã công bố');
  const published1 = Buffer.from(await deps.blobs.get(first.rankingsKey)).toString();
  const p1 = JSON.parse(published1);
  expect(
    p1.groups[0].members
      .filter((m: { award: string | null }) => m.award === 'BK_BO')
      .map((m: { unit: string }) => m.unit)
      .sort(),
  ).toEqual(['STP-DNO', 'STP-GLA']);

  // 26/11: an upload after publishing is stored and reported, and changes nothing published.
  // Their reports say so plainly (PUBLISHED_FROZEN).
  const afterPublish = [await upload('STP-KTU', 'STP-DNO', at(26), 10), await upload('STP-BDI', 'STP-BDI', at(19), 11)];
  expect(afterPublish.map((u) => [u.report.status, u.report.warnings.at(-1)?.code])).toEqual([
    ['late', 'PUBLISHED_FROZEN'],
    ['accepted', 'PUBLISHED_FROZEN'],
  ]);
  const nightly = await recompute(deps, bloc, 'Y', { now: at(27, 1) });
  expect(nightly).toMatchObject({ skipped: true, published: first });
  expect(JSON.stringify(nightly.rankings)).toBe(JSON.stringify(p1));
  expect(Buffer.from(await deps.blobs.get(first.rankingsKey)).toString()).toBe(published1);

  // 27/11: reopen; the recompute now counts STP-BDI; 28/11 publish again: version 2, version 1 kept.
  await expect(reopen(deps, bloc, 'Y', { ...step(27), reason: '' })).rejects.toBeInstanceOf(DecisionRefused);
  await reopen(deps, bloc, 'Y', { ...step(27), reason: 'STP-BDI gửi bổ sung hợp lệ' });
  const after = await recompute(deps, bloc, 'Y', { now: at(27, 12) });
  expect(after.skipped).toBe(false);
  expect(after.rankings!.groups[0]!.members.find((m) => m.unit === 'STP-BDI')!.status).toBe('accepted');
  const second = await publish(deps, bloc, 'Y', step(28, 'pho.truong.khoi'));
  expect(second.n).toBe(2);
  expect(Buffer.from(await deps.blobs.get(first.rankingsKey)).toString()).toBe(published1);
  expect(JSON.parse(Buffer.from(await deps.blobs.get(second.rankingsKey)).toString())).toEqual(after.rankings);

  const lines = auditLines(await deps.ledger.log(key), bloc.timezone);
  return { bloc, lines, first, second };
};

/** The story `bloc log` prints for runCycle, line by line (the parts that do not depend on ids). */
export const expectCycleStory = (lines: string[]) => {
  const story = lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, '').replace(/ \(phiên bản [^)]*\)/g, ''));
  expect(story).toEqual([
    expect.stringMatching(/^17\/11\/2025 09:00:00 · truong\.khoi · Cấu hình · Cấu hình khối được nạp: mã băm [0-9a-f]{12}\.$/),
    '18/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-KHA.xlsx" của STP-KHA: tiếp nhận.',
    '18/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-DNO.xlsx" của STP-DNO: tiếp nhận.',
    '18/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-PYE.xlsx" của STP-PYE: tiếp nhận.',
    '18/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-GLA.xlsx" của STP-GLA: tiếp nhận.',
    // A version is logged at its receipt time (its upload id): STP-BDI's file, received on 19/11 and recorded after the publication, stands here.
    '19/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-BDI.xlsx" của STP-BDI: tiếp nhận (1 cảnh báo). Kết quả đã công bố không thay đổi (đợt đang công bố).',
    '21/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-QNG.xlsx" của STP-QNG: nộp muộn, chờ trưởng khối quyết định (1 cảnh báo).',
    '22/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp thẩm định "THADS-KHA.json" của THADS-KHA: tiếp nhận thẩm định STP-KHA.',
    '22/11/2025 09:00:00 · truong.khoi · Thẩm định · THADS-KHA thẩm định STP-KHA: 1 tiêu chí thay đổi.',
    '22/11/2025 10:00:00 · truong.khoi · Nhận tệp · Nhận tệp thẩm định "STP-QNG.json" của STP-QNG: tiếp nhận thẩm định STP-KHA.',
    '22/11/2025 10:00:00 · truong.khoi · Thẩm định · STP-QNG thẩm định STP-KHA: 1 tiêu chí thay đổi.',
    '22/11/2025 11:00:00 · truong.khoi · Nhận tệp · Nhận tệp thẩm định "STP-PYE.json" của STP-PYE: từ chối (1 lỗi).',
    '23/11/2025 09:00:00 · truong.khoi · Tiếp nhận tệp nộp muộn · Tiếp nhận tệp nộp muộn "STP-QNG.xlsx" của STP-QNG, lý do: Công văn giải trình số 12.',
    '24/11/2025 09:00:00 · truong.khoi · Biểu quyết · Ghi nhận kết quả biểu quyết danh hiệu Bằng khen của Bộ trưởng Bộ Tư pháp (BK_BO), Khối Sở Tư pháp: STP-DNO, STP-GLA; lý do: Biên bản họp khối ngày 24/11.',
    '25/11/2025 09:00:00 · truong.khoi · Công bố · Công bố kết quả lần 1.',
    '26/11/2025 09:00:00 · truong.khoi · Nhận tệp · Nhận tệp "STP-KTU.xlsx" của STP-KTU: nộp muộn, chờ trưởng khối quyết định (2 cảnh báo). Kết quả đã công bố không thay đổi (đợt đang công bố).',
    '27/11/2025 09:00:00 · truong.khoi · Mở lại · Mở lại kết quả đã công bố lần 1, lý do: STP-BDI gửi bổ sung hợp lệ.',
    '28/11/2025 09:00:00 · pho.truong.khoi · Công bố · Công bố kết quả lần 2.',
  ]);
  expect(lines).toContain('     STP-KHA I.2: 6 → 5 (Thiếu minh chứng)');
  expect(lines).toContain('     STP-KHA I.3: 6 → 5.5 (Số liệu chưa khớp)');
};
