import { beforeEach, describe, expect, it } from 'vitest';
import { memoryRuntime, type MemoryRuntime } from '#shared/cloud/memory.js';
import type { Bloc } from '#shared/model/bloc.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { cycleBloc } from '../../support/audit-cycle.js';
import { apiClient, ingestQuietly } from '../../support/cloud-api.js';
import { workbook } from '../../support/cloud-events.js';
import { fillReviewWorkbook } from '../../support/review-fill.js';

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));

let bloc: Bloc;
let rt: MemoryRuntime;
let call: ReturnType<typeof apiClient>;
let lead: { token: string; id: string };
let kha: { token: string; id: string };
let qng: { token: string; id: string };

const credential = async (unit: string, role: 'member' | 'reviewer', note?: string) => {
  const r = (await call(lead.token, 'POST', '/credentials', { body: { unit, role, ...(note && { note }) } })).body;
  return { token: r.token as string, id: r.credential.id as string };
};

/** An upload through a link of `as`: under its unit's prefix, carrying its credential id. */
const upload = async (as: { id: string }, unit: string, file: string, bytes: Uint8Array, when: Date) => {
  const r = await ingestQuietly(rt, rt.uploads.put(`uploads/${bloc.id}/${bloc.year}/Y/${unit}/${file}`, bytes, when, 'uploads', { credential: as.id }));
  if (r.kind === 'ignored') throw new Error(r.reason);
  return r;
};

const template = async (token: string, query: Record<string, string> = {}) =>
  Buffer.from((await call(token, 'GET', '/review-template', { query: { period: 'Y', ...query } })).body.base64, 'base64');

const history = async (token: string) => (await call(token, 'GET', '/history', { query: { period: 'Y' } })).body.versions;
const report = async (token: string, upload: string) => (await call(token, 'GET', '/report', { query: { period: 'Y', upload } })).body.report;

beforeEach(async () => {
  bloc = await cycleBloc(); // STP-QNG reviews STP-KHA in Y
  rt = memoryRuntime({ blocs: [bloc], now: () => at(22) });
  call = apiClient(() => rt);
  const l = await rt.credentials.issue({ bloc: bloc.id, role: 'lead', unit: bloc.lead, issuedBy: 'test', note: 'Trưởng khối' });
  lead = { token: l.token, id: l.credential.id };
  kha = await credential('STP-KHA', 'member');
  qng = await credential('STP-QNG', 'reviewer', 'Chị Lan');
  await upload(kha, 'STP-KHA', 'STP-KHA.xlsx', await workbook(bloc, 'STP-KHA'), at(18));
  await upload(await credential('STP-DNO', 'member'), 'STP-DNO', 'STP-DNO.xlsx', await workbook(bloc, 'STP-DNO'), at(18));
});

describe('review uploads in the cloud', () => {
  it('a reviewer’s filled review workbook is ingested as its review, audited with the credential’s holder', async () => {
    const filled = await fillReviewWorkbook(await template(qng.token), { 'STP-KHA': { 'I.2': { points: 5, reason: 'Thiếu minh chứng' } } });
    const sent = rt.queue.sent.length;
    const r = await upload(qng, 'STP-QNG', 'tham-dinh.xlsx', filled, at(22));
    expect(r.kind).toBe('review');
    expect(r.kind === 'review' && r.outcome.report).toMatchObject({ reviewer: 'STP-QNG', status: 'accepted', units: ['STP-KHA'], errors: [] });
    expect(rt.queue.sent.slice(sent)).toEqual([expect.objectContaining({ period: 'Y', reason: 'upload', uploadId: r.uploadId })]);
    expect(await history(qng.token)).toEqual([
      { uploadId: r.uploadId, file: 'tham-dinh.xlsx', receivedAt: at(22).toISOString(), status: 'accepted', errors: 0, warnings: 0, kind: 'review' },
    ]);
    expect(await report(qng.token, r.uploadId)).toMatchObject({ reviewer: 'STP-QNG', status: 'accepted' });
    expect((await call(kha.token, 'GET', '/report', { query: { period: 'Y', upload: r.uploadId } })).status).toBe(404);
    const state = await rt.store.state(periodKey(bloc, 'Y'));
    expect(state.current.map((c) => c.unit)).not.toContain('STP-QNG'); // no submission of the reviewer's unit
    const log = (await call(lead.token, 'GET', '/log', { query: { period: 'Y' } })).body.entries;
    expect(log.filter((e: { kind: string }) => e.kind === 'review')).toEqual([
      expect.objectContaining({ actor: `reviewer:${qng.id} (Chị Lan)`, text: expect.stringContaining('STP-KHA I.2: 6 → 5 (Thiếu minh chứng)') }),
    ]);
    const board = (await call(lead.token, 'GET', '/board', { query: { period: 'Y' } })).body.members;
    expect(board.find((m: { unit: string }) => m.unit === 'STP-KHA')).toMatchObject({ reviewed: true, stale: false });
    await upload(kha, 'STP-KHA', 'STP-KHA-v2.xlsx', await workbook(bloc, 'STP-KHA'), at(19, 10)); // a newer version, before the deadline
    const after = (await call(lead.token, 'GET', '/board', { query: { period: 'Y' } })).body.members;
    expect(after.find((m: { unit: string }) => m.unit === 'STP-KHA')).toMatchObject({ reviewed: true, stale: true });
  });

  it('REVIEWER_NOT_ALLOWED rejects only the sheet of a unit the reviewer is not assigned', async () => {
    // The lead's workbook (STP-KHA and STP-DNO) renamed to STP-QNG's: STP-QNG may review STP-KHA only.
    const filled = await fillReviewWorkbook(
      await template(lead.token),
      { 'STP-KHA': { 'I.2': { points: 5, reason: 'Thiếu minh chứng' } }, 'STP-DNO': { 'I.2': { points: 5, reason: 'Thiếu minh chứng' } } },
      { reviewer: 'STP-QNG' },
    );
    const r = await upload(qng, 'STP-QNG', 'tham-dinh.xlsx', filled, at(22));
    const rep = r.kind === 'review' ? r.outcome.report : undefined;
    expect(rep).toMatchObject({ status: 'accepted', units: ['STP-KHA'] });
    expect(rep?.errors.map((e) => e.code)).toEqual(['REVIEWER_NOT_ALLOWED']);
    expect(rep?.errors[0]?.cell).toMatch(/^STP-DNO!|Thông tin!/);
  });

  it('refuses, with a report in the reviewer’s history, a submission workbook or another reviewer’s workbook sent through a reviewer link', async () => {
    const asSubmission = await upload(qng, 'STP-QNG', 'STP-QNG.xlsx', await workbook(bloc, 'STP-QNG'), at(22));
    const other = await fillReviewWorkbook(await template(lead.token), {}); // names the lead's unit
    const asOther = await upload(qng, 'STP-QNG', 'cua-truong-khoi.xlsx', other, at(22, 10));
    for (const r of [asSubmission, asOther])
      expect(r.kind === 'review' && r.outcome.report).toMatchObject({ reviewer: 'STP-QNG', status: 'rejected', units: [] });
    const h = await history(qng.token);
    expect(h.map((v: { file: string; status: string }) => [v.file, v.status])).toEqual([
      ['cua-truong-khoi.xlsx', 'rejected'],
      ['STP-QNG.xlsx', 'rejected'],
    ]);
    expect((await report(qng.token, asSubmission.uploadId)).errors).toEqual([
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining('không phải tệp thẩm định') }),
    ]);
    expect((await report(qng.token, asOther.uploadId)).errors).toEqual([
      expect.objectContaining({ code: 'REVIEWER_NOT_ALLOWED', message: expect.stringContaining(`là ${bloc.lead}`) }),
    ]);
    const versions = await rt.store.versions(periodKey(bloc, 'Y'));
    expect(versions.filter((v) => v.unit === 'STP-QNG')).toEqual([]); // nothing recorded as the unit's submission
  });

  it('a member’s upload of a review workbook is its rejected submission, saying why; the lead’s is a review', async () => {
    const review = await fillReviewWorkbook(await template(lead.token), { 'STP-KHA': { 'I.3': { points: 5.5, reason: 'Số liệu chưa khớp' } } });
    const byMember = await upload(kha, 'STP-KHA', 'nham.xlsx', review, at(22));
    expect(byMember.kind).toBe('ingested');
    const h = await history(kha.token);
    expect(h[0]).toMatchObject({ file: 'nham.xlsx', status: 'rejected', kind: 'submission' });
    expect((await report(kha.token, h[0].uploadId)).errors).toEqual([
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining('Đây là tệp thẩm định') }),
    ]);
    expect(h[1]).toMatchObject({ status: 'accepted', current: true });

    const byLead = await upload(lead, bloc.lead, 'tham-dinh-truong-khoi.xlsx', review, at(22, 10));
    expect(byLead.kind === 'review' && byLead.outcome.report).toMatchObject({ reviewer: bloc.lead, status: 'accepted', units: ['STP-KHA', 'STP-DNO'] });
    const entries = (await call(lead.token, 'GET', '/log', { query: { period: 'Y' } })).body.entries;
    expect(entries.at(-1)).toMatchObject({ kind: 'review', actor: `lead:${lead.id} (Trưởng khối)` });
  });
});
