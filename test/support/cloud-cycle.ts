import { expect } from 'vitest';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { recomputeBatch } from '#shared/cloud/use-cases/recompute-batch.js';
import type { UploadedObject } from '#shared/cloud/uploads.js';
import { createLogger } from '#shared/cloud/log.js';
import type { Bloc } from '#shared/model/bloc.js';
import { apiClient, ingestQuietly } from './cloud-api.js';
import { workbook } from './cloud-events.js';
import { fillReviewWorkbook } from './review-fill.js';

/** The world a cloud cycle runs in: the runtime (its `now` set by the cycle), and how an upload through a link lands in the uploads bucket. */
export interface CycleWorld {
  rt: CloudRuntime;
  bloc: Bloc;
  /** Stores `bytes` under the link's key with its metadata (what S3 does with a presigned POST), announced at `eventTime`. */
  land(key: string, bytes: Uint8Array, metadata: Record<string, string>, eventTime: Date): Promise<UploadedObject>;
}

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));
const quiet = createLogger({}, { sink: () => undefined });

/**
 * SPEC §10 through the links API and the ingest and recompute use cases, on any adapters: members
 * upload; the reviewer's link downloads its review workbook and uploads it filled; the lead accepts a
 * held late file and publishes; a member's upload and the lead's decision after publishing change
 * nothing published, nightly either; reopen; publish again. Returns the API's log of the period.
 * The period needs latePolicy "hold" and STP-QNG assigned to review STP-KHA.
 */
export const runCloudCycle = async (w: CycleWorld) => {
  const { rt, bloc } = w;
  let clock = at(17);
  rt.now = () => clock;
  const call = apiClient(() => rt);
  const far = '2030-01-01T00:00:00Z';
  const lead = await rt.credentials.issue({ bloc: bloc.id, role: 'lead', unit: bloc.lead, issuedBy: 'deployer', note: 'Trưởng khối', expiresAt: far });
  const issue = async (unit: string, role: 'member' | 'reviewer', note?: string) => {
    const r = await call(lead.token, 'POST', '/credentials', { body: { unit, role, expiresAt: far, ...(note && { note }) } });
    expect(r.status).toBe(201);
    return { token: r.body.token as string, id: r.body.credential.id as string };
  };
  const send = async (who: { token: string }, file: string, bytes: Uint8Array, when: Date) => {
    const link = await call(who.token, 'POST', '/upload-link', { body: { period: 'Y', file } });
    expect(link.status).toBe(200);
    const metadata = { credential: link.body.fields['x-amz-meta-credential'] as string };
    const out = await ingestQuietly(rt, await w.land(link.body.key, bytes, metadata, when));
    if (out.kind === 'ignored') throw new Error(out.reason);
    return out;
  };
  const drain = async () => {
    const sent = (rt.queue as { sent?: unknown[] }).sent;
    const messages = (sent?.splice(0) ?? []).map((r, i) => ({ id: String(i), body: JSON.stringify(r) }));
    return recomputeBatch(rt, messages, quiet);
  };
  const board = async () => (await call(lead.token, 'GET', '/board', { query: { period: 'Y' } })).body;
  const member = (b: { members: { unit: string }[] }, unit: string) => b.members.find((m) => m.unit === unit) as Record<string, unknown>;

  const units = { kha: await issue('STP-KHA', 'member'), dno: await issue('STP-DNO', 'member'), qng: await issue('STP-QNG', 'member') };
  const reviewer = await issue('STP-QNG', 'reviewer', 'Chị Lan');
  const bdi = await issue('STP-BDI', 'member');

  // 18/11: two members submit; 21/11, after the deadline: STP-QNG's file is held.
  clock = at(18);
  expect((await send(units.kha, 'STP-KHA.xlsx', await workbook(bloc, 'STP-KHA'), at(18))).kind).toBe('ingested');
  expect((await send(units.dno, 'STP-DNO.xlsx', await workbook(bloc, 'STP-DNO'), at(18, 10))).kind).toBe('ingested');
  const late = await send(units.qng, 'STP-QNG.xlsx', await workbook(bloc, 'STP-QNG'), at(21));
  await drain();
  expect(member(await board(), 'STP-QNG')).toMatchObject({ status: 'held', held: { uploadId: late.uploadId } });

  // 22/11: the reviewer downloads its review workbook, fills it in Excel and uploads it.
  clock = at(22);
  const t = await call(reviewer.token, 'GET', '/review-template', { query: { period: 'Y' } });
  expect(t.status).toBe(200);
  const filled = await fillReviewWorkbook(Buffer.from(t.body.base64, 'base64'), { 'STP-KHA': { 'I.2': { points: 5, reason: 'Thiếu minh chứng' } } });
  const review = await send(reviewer, 'tham-dinh.xlsx', filled, at(22));
  expect(review.kind === 'review' && review.outcome.report).toMatchObject({ reviewer: 'STP-QNG', status: 'accepted', units: ['STP-KHA'] });
  expect((await call(reviewer.token, 'GET', '/history', { query: { period: 'Y' } }).then((h) => h.body.versions)).length).toBe(1);

  // 23/11: the held file is accepted; 25/11: published.
  clock = at(23);
  expect((await call(lead.token, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: late.uploadId, reason: 'Công văn số 12' } })).status).toBe(
    200,
  );
  await drain();
  const before = await board();
  expect(member(before, 'STP-KHA')).toMatchObject({ reviewed: true, stale: false, total: expect.any(String) });
  expect(member(before, 'STP-QNG')).toMatchObject({ status: 'accepted', held: null });
  clock = at(25);
  const first = await call(lead.token, 'POST', '/publish', { body: { period: 'Y' } });
  expect(first.status).toBe(200);
  expect((await call(lead.token, 'POST', '/publish', { body: { period: 'Y' } })).status).toBe(409);
  const published = await board();
  expect(published.published).toEqual(first.body.publication);
  const frozen = published.members.map((m: Record<string, unknown>) => [m['unit'], m['rank'], m['award']]);

  // 26/11: a late upload after publishing, accepted by the lead, and the nightly recompute change nothing published.
  clock = at(26);
  const after = await send(bdi, 'STP-BDI.xlsx', await workbook(bloc, 'STP-BDI'), at(26));
  expect((await call(lead.token, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: after.uploadId, reason: 'Bổ sung' } })).status).toBe(200);
  clock = at(27, 0);
  rt.queue.send([{ bloc: bloc.id, period: 'Y', reason: 'nightly', at: clock.toISOString() }]);
  const nightly = await drain();
  expect(nightly.runs.every((r) => r.outcome?.skipped)).toBe(true);
  const still = await board();
  expect(still.published).toEqual(first.body.publication);
  expect(still.run.runId).toBe(first.body.publication.runId);
  expect(still.members.map((m: Record<string, unknown>) => [m['unit'], m['rank'], m['award']])).toEqual(frozen);

  // 27/11: reopened, the period counts STP-BDI; 28/11: published again.
  clock = at(27);
  expect((await call(lead.token, 'POST', '/reopen', { body: { period: 'Y', reason: 'STP-BDI bổ sung hợp lệ' } })).status).toBe(200);
  await drain();
  expect(member(await board(), 'STP-BDI')).toMatchObject({ status: 'accepted', rank: expect.any(Number) });
  clock = at(28);
  const second = await call(lead.token, 'POST', '/publish', { body: { period: 'Y' } });
  expect(second.body.publication).toMatchObject({ version: 2, by: expect.stringMatching(/^lead:/) });

  const log = await call(lead.token, 'GET', '/log', { query: { period: 'Y' } });
  return { log: log.body as { period: string; entries: { at: string; actor: string; kind: string; text: string }[] }, lead, units, reviewer, bdi };
};

/** The story of runCloudCycle as GET /log tells it: kind, actor and the start of each line, in order. */
export const expectCloudStory = (out: Awaited<ReturnType<typeof runCloudCycle>>) => {
  const leadActor = `lead:${out.lead.credential.id} (Trưởng khối)`;
  const m = (u: { id: string }) => `member:${u.id}`;
  const story = out.log.entries.map((e) => [e.kind, e.actor, e.text.split('\n')[0]!.replace(/ \(phiên bản [^)]*\)/g, '')]);
  expect(story).toEqual([
    ['version', m(out.units.kha), 'Nhận tệp "STP-KHA.xlsx" của STP-KHA: tiếp nhận.'],
    ['version', m(out.units.dno), 'Nhận tệp "STP-DNO.xlsx" của STP-DNO: tiếp nhận.'],
    ['version', m(out.units.qng), 'Nhận tệp "STP-QNG.xlsx" của STP-QNG: nộp muộn, chờ trưởng khối quyết định (1 cảnh báo).'],
    ['version', `reviewer:${out.reviewer.id} (Chị Lan)`, 'Nhận tệp thẩm định "tham-dinh.xlsx" của STP-QNG: tiếp nhận thẩm định STP-KHA.'],
    ['review', `reviewer:${out.reviewer.id} (Chị Lan)`, 'STP-QNG thẩm định STP-KHA: 1 tiêu chí thay đổi.'],
    ['accept-late', leadActor, 'Tiếp nhận tệp nộp muộn "STP-QNG.xlsx" của STP-QNG, lý do: Công văn số 12.'],
    ['publish', leadActor, 'Công bố kết quả lần 1.'],
    ['version', m(out.bdi), expect.stringMatching(/^Nhận tệp "STP-BDI\.xlsx" của STP-BDI: nộp muộn, chờ trưởng khối quyết định/)],
    ['accept-late', leadActor, expect.stringMatching(/^Tiếp nhận tệp nộp muộn "STP-BDI\.xlsx" của STP-BDI, lý do: Bổ sung\./)],
    ['reopen', leadActor, 'Mở lại kết quả đã công bố lần 1, lý do: STP-BDI bổ sung hợp lệ.'],
    ['publish', leadActor, 'Công bố kết quả lần 2.'],
  ]);
  expect(out.log.entries.find((e) => e.kind === 'review')!.text).toContain('STP-KHA I.2: 6 → 5 (Thiếu minh chứng)');
};
