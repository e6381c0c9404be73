import { beforeEach, describe, expect, it } from 'vitest';
import { memoryRuntime, type MemoryRuntime } from '#shared/cloud/memory.js';
import { ingestJsonReviews } from '#shared/pipeline/ingest-reviews.js';
import type { Bloc } from '#shared/model/bloc.js';
import { timeSortableId } from '#shared/store/keys.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { isReviewWorkbook } from '#shared/review/review-workbook.js';
import { cycleBloc } from '../../support/audit-cycle.js';
import { apiClient, ingestQuietly, type ApiAnswer } from '../../support/cloud-api.js';
import { workbook } from '../../support/cloud-events.js';
import { filledWorkbook, goldenInputs } from '../../support/sample.js';

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 10, day, hour - 7, 0, 0));

let bloc: Bloc;
let rt: MemoryRuntime;
let clock: Date;
let call: ReturnType<typeof apiClient>;
let lead: string;
let member: string;
let reviewer: string;

const issue = async (unit: string, role: 'member' | 'reviewer', note?: string) =>
  (await call(lead, 'POST', '/credentials', { body: { unit, role, ...(note && { note }) } })).body as { token: string; credential: { id: string } };

const submit = async (unit: string, when: Date) =>
  ingestQuietly(rt, rt.uploads.put(`uploads/${bloc.id}/${bloc.year}/Y/${unit}/${unit}.xlsx`, await workbook(bloc, unit), when));

beforeEach(async () => {
  bloc = await cycleBloc(); // period Y: latePolicy "hold", STP-QNG reviews STP-KHA
  clock = at(18);
  rt = memoryRuntime({ blocs: [bloc], now: () => clock });
  call = apiClient(() => rt);
  lead = (await rt.credentials.issue({ bloc: bloc.id, role: 'lead', unit: bloc.lead, issuedBy: 'test', note: 'Trưởng khối' })).token;
  member = (await issue('STP-KHA', 'member')).token;
  reviewer = (await issue('STP-QNG', 'reviewer', 'Chị Lan')).token;
});

describe('reviewer credentials', () => {
  it('are issued by the lead only, never for the lead’s own unit, and revoked like member credentials', async () => {
    const r = await call(lead, 'POST', '/credentials', { body: { unit: 'STP-PYE', role: 'reviewer' } });
    expect(r.status).toBe(201);
    expect(r.body.credential).toMatchObject({ role: 'reviewer', unit: 'STP-PYE' });
    expect((await call(lead, 'POST', '/credentials', { body: { unit: bloc.lead, role: 'reviewer' } })).status).toBe(400);
    expect((await call(lead, 'POST', '/credentials', { body: { unit: 'STP-PYE', role: 'lead' } })).status).toBe(400);
    expect((await call(member, 'POST', '/credentials', { body: { unit: 'STP-PYE', role: 'reviewer' } })).status).toBe(403);
    expect((await call(lead, 'DELETE', `/credentials/${r.body.credential.id}`)).body).toMatchObject({ role: 'reviewer', revokedAt: expect.any(String) });
    expect((await call(r.body.token, 'GET', '/me')).status).toBe(401);
    const leadId = (await rt.credentials.list(bloc.id)).find((c) => c.role === 'lead')!.id;
    expect((await call(lead, 'DELETE', `/credentials/${leadId}`)).status).toBe(404);
    expect((await call(lead, 'GET', '/me')).status).toBe(200);
  });

  it('GET /me says what each credential may review, per period', async () => {
    const me = (t: string) => call(t, 'GET', '/me').then((a) => a.body);
    expect((await me(reviewer)).reviews).toEqual({ H1: [], Y: ['STP-KHA'] });
    const all = bloc.groups.flatMap((g) => g.members.map((m) => m.code)).filter((u) => u !== bloc.lead);
    expect((await me(lead)).reviews).toEqual({ H1: all, Y: all });
    expect((await me(member)).reviews).toBeUndefined();
  });
});

describe('GET /review-template', () => {
  it('is 404 until a unit to review has an accepted version, then the review workbook of the reviewer’s units', async () => {
    const none = await call(reviewer, 'GET', '/review-template', { query: { period: 'Y' } });
    expect(none.status).toBe(404);
    expect(none.body.error).toContain('chưa có gì để thẩm định');
    await submit('STP-KHA', at(18));
    await submit('STP-DNO', at(18));
    const t = await call(reviewer, 'GET', '/review-template', { query: { period: 'Y' } });
    expect(t.status).toBe(200);
    expect(t.body.file).toBe('tham-dinh-STP-QNG-Y.xlsx');
    const grid = await readXlsxGrid(Buffer.from(t.body.base64, 'base64'));
    expect(grid.ok && isReviewWorkbook(grid.grid)).toBe(true);
    expect(grid.ok && grid.grid.sheets.map((s) => s.name)).toEqual(['Thông tin', 'STP-KHA']);
    const byLead = await call(lead, 'GET', '/review-template', { query: { period: 'Y' } });
    const leadGrid = await readXlsxGrid(Buffer.from(byLead.body.base64, 'base64'));
    expect(leadGrid.ok && leadGrid.grid.sheets.map((s) => s.name)).toEqual(['Thông tin', 'STP-KHA', 'STP-DNO']);
    expect((await call(lead, 'GET', '/review-template', { query: { period: 'Y', reviewer: 'STP-QNG' } })).body.file).toBe('tham-dinh-STP-QNG-Y.xlsx');
    expect((await call(lead, 'GET', '/review-template', { query: { period: 'Y', reviewer: 'STP-PYE' } })).status).toBe(404);
    expect((await call(reviewer, 'GET', '/review-template', { query: { period: 'Y', reviewer: 'STP-PYE' } })).status).toBe(403);
    expect((await call(member, 'GET', '/review-template', { query: { period: 'Y' } })).status).toBe(403);
    expect((await call(reviewer, 'GET', '/review-template', { query: { period: 'Q9' } })).status).toBe(400);
    const link = await call(reviewer, 'POST', '/upload-link', { body: { period: 'Y', file: 'tham-dinh.xlsx' } });
    expect(link.body.key).toBe(`uploads/${bloc.id}/${bloc.year}/Y/STP-QNG/tham-dinh.xlsx`);
  });
});

describe("a reviewer's history and reports", () => {
  it('lists only its own review uploads, newest first, with their reports', async () => {
    await submit('STP-KHA', at(18));
    const review = (who: string, when: Date, value: string) =>
      ingestJsonReviews({ ...rt, ledger: rt.ledger }, bloc, 'Y', {
        file: `${who}.json`,
        uploadId: timeSortableId(when, `r-${who}`),
        receivedAt: when,
        bytes: new TextEncoder().encode(JSON.stringify({ 'STP-KHA': { 'I.2': { value, reviewer: who, reason: 'Thiếu minh chứng' } } })),
      });
    const first = await review('STP-QNG', at(22), '5');
    const second = await review('STP-QNG', at(22, 10), '4');
    await review('THADS-KHA', at(22, 11), '5.5');
    const h = await call(reviewer, 'GET', '/history', { query: { period: 'Y' } });
    expect(h.body).toMatchObject({ unit: 'STP-QNG', period: 'Y' });
    expect(h.body.versions.map((v: { uploadId: string }) => v.uploadId)).toEqual([second.version.uploadId, first.version.uploadId]);
    expect(h.body.versions[0]).toMatchObject({ status: 'accepted', errors: 0, kind: 'review', file: 'STP-QNG.json' });
    const rep = await call(reviewer, 'GET', '/report', { query: { period: 'Y', upload: first.version.uploadId } });
    expect(rep.body.report).toMatchObject({ reviewer: 'STP-QNG', status: 'accepted', units: ['STP-KHA'] });
    const leads = (await call(lead, 'GET', '/log', { query: { period: 'Y' } })).body.entries as { text: string }[];
    const theirs = leads.find((e) => e.text.includes('THADS-KHA.json'))!;
    expect(theirs).toBeDefined();
    expect((await call(reviewer, 'GET', '/report', { query: { period: 'Y', upload: timeSortableId(at(22, 11), 'r-THADS-KHA') } })).status).toBe(404);
    const mine = (await call(member, 'GET', '/history', { query: { period: 'Y' } })).body.versions;
    expect(mine).toEqual([expect.objectContaining({ status: 'accepted', kind: 'submission' })]);

    const kha = async () => (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body.members.find((m: { unit: string }) => m.unit === 'STP-KHA');
    expect(await kha()).toMatchObject({ reviewed: true, stale: false, flags: 0 });
  });
});

describe('the lead’s decisions through the API', () => {
  const stepCalls = async () => {
    for (const [unit, day] of [
      ['STP-KHA', 18],
      ['STP-DNO', 18],
    ] as const)
      expect((await submit(unit, at(day))).kind).toBe('ingested');
    return submit('STP-QNG', at(21));
  };

  it('accepts a held late file, publishes once, reopens, with the credential holder as actor in the log', async () => {
    const late = await stepCalls();
    const uploadId = 'uploadId' in late ? late.uploadId : '';
    let board = (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body;
    const qng = () => board.members.find((m: { unit: string }) => m.unit === 'STP-QNG');
    expect(qng()).toMatchObject({ status: 'held', held: { uploadId }, reviewed: false, stale: false });
    expect(board.published).toBeNull();
    expect((await call(member, 'GET', '/history', { query: { period: 'Y' } })).body.versions[0].kind).toBe('submission');

    const refused = (a: ApiAnswer, status: number) => expect([a.status, typeof a.body.error]).toEqual([status, 'string']);
    refused(await call(member, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: uploadId, reason: 'x' } }), 403);
    refused(await call(reviewer, 'POST', '/publish', { body: { period: 'Y' } }), 403);
    refused(await call(lead, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: uploadId } }), 400);
    refused(await call(lead, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: 'nope', reason: 'x' } }), 409);

    clock = at(23);
    const sent = rt.queue.sent.length;
    const accepted = await call(lead, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: uploadId, reason: 'Công văn số 12' } });
    expect(accepted.status).toBe(200);
    const leadId = (await rt.credentials.list(bloc.id)).find((c) => c.role === 'lead')!.id;
    const actor = `lead:${leadId} (Trưởng khối)`;
    expect(accepted.body.decision).toMatchObject({ kind: 'accept-late', uploadId, unit: 'STP-QNG', actor, reason: 'Công văn số 12' });
    expect(rt.queue.sent.slice(sent)).toEqual([{ bloc: bloc.id, period: 'Y', reason: 'decision', at: at(23).toISOString() }]);
    refused(await call(lead, 'POST', '/decisions/accept-late', { body: { period: 'Y', upload: uploadId, reason: 'lần nữa' } }), 409);
    board = (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body;
    expect(qng()).toMatchObject({ status: 'accepted', held: null });
    const history = (await call(lead, 'GET', '/history', { query: { period: 'Y' } })).body;
    expect(history.unit).toBe(bloc.lead);

    clock = at(25);
    const pub = await call(lead, 'POST', '/publish', { body: { period: 'Y' } });
    expect(pub.status).toBe(200);
    expect(pub.body.publication).toEqual({ version: 1, at: at(25).toISOString(), by: actor, runId: expect.any(String) });
    refused(await call(lead, 'POST', '/publish', { body: { period: 'Y' } }), 409);
    board = (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body;
    expect(board.published).toEqual(pub.body.publication);

    clock = at(27);
    refused(await call(lead, 'POST', '/reopen', { body: { period: 'Y', reason: '  ' } }), 400);
    const reopened = await call(lead, 'POST', '/reopen', { body: { period: 'Y', reason: 'STP-BDI gửi bổ sung' } });
    expect(reopened.body).toEqual({ reopened: { at: at(27).toISOString(), by: actor, reason: 'STP-BDI gửi bổ sung' } });
    refused(await call(lead, 'POST', '/reopen', { body: { period: 'Y', reason: 'lần nữa' } }), 409);
    expect((await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body.published).toBeNull();

    const log = (await call(lead, 'GET', '/log', { query: { period: 'Y' } })).body;
    expect(log.period).toBe('Y');
    expect(log.entries.filter((e: { actor: string }) => e.actor === actor).map((e: { kind: string; text: string }) => [e.kind, e.text])).toEqual([
      ['accept-late', expect.stringContaining('Tiếp nhận tệp nộp muộn "STP-QNG.xlsx" của STP-QNG')],
      ['publish', 'Công bố kết quả lần 1.'],
      ['reopen', 'Mở lại kết quả đã công bố lần 1, lý do: STP-BDI gửi bổ sung.'],
    ]);
    expect((await call(member, 'GET', '/log', { query: { period: 'Y' } })).status).toBe(403);
  });

  it('records a vote that settles a tie, and refuses one that does not fit (409)', async () => {
    const golden = await goldenInputs();
    const upload = async (unit: string, from: string) =>
      ingestQuietly(
        rt,
        rt.uploads.put(`uploads/${bloc.id}/${bloc.year}/Y/${unit}/${unit}.xlsx`, await filledWorkbook(bloc, unit, { [unit]: golden[from]! }), at(18)),
      );
    for (const [unit, from] of [
      ['STP-DNO', 'STP-DNO'],
      ['STP-PYE', 'STP-DNO'],
      ['STP-GLA', 'STP-DNO'],
    ])
      await upload(unit!, from!);
    expect((await call(lead, 'POST', '/recompute', { body: { period: 'Y' } })).status).toBe(202);
    const { recompute } = await import('#shared/pipeline/recompute.js');
    await recompute(rt, bloc, 'Y', { now: at(23) });
    const board = (await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body;
    const pending = board.pendingVotes.find((p: { award: string }) => p.award === 'BK_BO');
    expect(pending).toMatchObject({ group: bloc.groups[0]!.id, seats: 2, awardName: expect.any(String) });
    expect([...pending.candidates].sort()).toEqual(['STP-DNO', 'STP-GLA', 'STP-PYE']);
    const bad = await call(lead, 'POST', '/decisions/vote', { body: { period: 'Y', award: 'BK_BO', winners: ['STP-DNO'], reason: 'Biên bản' } });
    expect(bad.status).toBe(409);
    expect(bad.body.error).toContain('phải chọn đúng 2');
    expect((await call(lead, 'POST', '/decisions/vote', { body: { period: 'Y', award: 'BK_BO', winners: 'STP-DNO', reason: 'x' } })).status).toBe(400);
    const ok = await call(lead, 'POST', '/decisions/vote', {
      body: { period: 'Y', award: 'BK_BO', winners: ['STP-DNO', 'STP-GLA'], reason: 'Biên bản họp khối' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.decision).toMatchObject({ kind: 'vote', award: 'BK_BO', winners: ['STP-DNO', 'STP-GLA'], actor: expect.stringMatching(/^lead:/) });
    await recompute(rt, bloc, 'Y', { now: at(24) });
    expect((await call(lead, 'GET', '/board', { query: { period: 'Y' } })).body.pendingVotes).toEqual([]);
  });
});

describe('a unit’s Google Sheet', () => {
  it('shows the registered sheet, and allows one pull request per unit every two minutes', async () => {
    const url = 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit';
    rt = memoryRuntime({
      blocs: [bloc],
      now: () => clock,
      sheets: { [bloc.id]: [{ period: 'Y', unit: 'STP-KHA', spreadsheetId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', url }] },
    });
    call = apiClient(() => rt);
    lead = (await rt.credentials.issue({ bloc: bloc.id, role: 'lead', unit: bloc.lead, issuedBy: 'test' })).token;
    member = (await issue('STP-KHA', 'member')).token;
    const other = (await issue('STP-DNO', 'member')).token;
    expect((await call(member, 'GET', '/sheet', { query: { period: 'Y' } })).body).toEqual({ url, lastPull: null });
    expect((await call(other, 'GET', '/sheet', { query: { period: 'Y' } })).status).toBe(404);
    expect((await call(member, 'GET', '/sheet', { query: { period: 'H1' } })).status).toBe(404);
    expect((await call(lead, 'GET', '/sheet', { query: { period: 'Y' } })).status).toBe(403);
    const first = await call(member, 'POST', '/pull', { body: { period: 'Y' } });
    expect(first).toEqual({ status: 202, body: { requested: true, at: clock.toISOString() } });
    expect(rt.queue.sent.at(-1)).toMatchObject({ bloc: bloc.id, period: 'Y', reason: 'manual' });
    clock = new Date(clock.getTime() + 119_000);
    const again = await call(member, 'POST', '/pull', { body: { period: 'Y' } });
    expect(again.status).toBe(429);
    expect(again.body.error).toContain('2 phút');
    expect((await call(other, 'POST', '/pull', { body: { period: 'Y' } })).status).toBe(404);
    clock = new Date(clock.getTime() + 1_000);
    expect((await call(member, 'POST', '/pull', { body: { period: 'Y' } })).status).toBe(202);
  });
});
