/** The adapter against a local server answering like Google (token exchange included): no internet. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridSheet } from '#shared/grid/grid.js';
import type { SheetsReaderOptions } from '#shared/source/sheets-api.js';
import { parseServiceAccountKey } from '#shared/source/sheets-auth.js';
import { snapshotGrid } from '#shared/source/sheets-grid.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { validateGridRead } from '#shared/validation/validate-read.js';
import { GOOGLE_ERRORS, fakeReader, spreadsheetFromGrid, spreadsheetId, startFakeSheetsApi, type FakeSheetsApi } from '../../support/fake-sheets-api.js';
import { excelWorkbook } from '../../support/workbooks.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../../support/sample.js';

let fake: FakeSheetsApi;
const reader = (o: Partial<SheetsReaderOptions> = {}) => fakeReader(fake, o);
const url = (id: string) => `https://docs.google.com/spreadsheets/d/${id}/edit`;
const pull = (id: string, o?: Partial<SheetsReaderOptions>) => reader(o).pull(id, url(id));
const rowsOf = (s: GridSheet) => [...s.rows.entries()].map(([r, cells]) => [r, [...cells.entries()]]);

beforeAll(async () => {
  fake = await startFakeSheetsApi();
});
afterAll(() => fake.stop());

describe('pulling a filled template served by the fake API', () => {
  const id = spreadsheetId('STP-KHA');
  let xlsxSheets: GridSheet[];
  beforeAll(async () => {
    const [bloc, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    const read = await readXlsxGrid(await filledWorkbook(bloc, 'STP-KHA', inputs));
    if (!read.ok) throw new Error(read.problem.message);
    xlsxSheets = read.grid.sheets;
    fake.put(id, spreadsheetFromGrid(read.grid, 'Bản tự chấm điểm STP-KHA'));
  });

  it('exchanges the signed key for a token, then reads both sheets in three calls', async () => {
    const before = fake.requests.length;
    const r = await pull(id);
    if (!r.ok) throw new Error(r.failure.detail);
    expect(r.requests).toBe(3);
    const calls = fake.requests.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /token',
      `GET /v4/spreadsheets/${id}`,
      `GET /v4/spreadsheets/${id}/values:batchGet`,
      `GET /v4/spreadsheets/${id}`,
    ]);
    expect(calls.slice(1).every((c) => /^Bearer ya29\./.test(c.authorization ?? ''))).toBe(true);
    expect(calls[1]!.query.get('fields')).toMatch(/properties\(title,locale,timeZone\)/);
    expect(calls[2]!.query.getAll('ranges')).toEqual(["'Thông tin'", "'Chấm điểm'"]);
    expect(calls[2]!.query.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(calls[2]!.query.get('dateTimeRenderOption')).toBe('SERIAL_NUMBER');
    expect(calls[3]!.query.get('includeGridData')).toBe('true');
    expect(r.snapshot.properties).toEqual({ title: 'Bản tự chấm điểm STP-KHA', locale: 'vi_VN', timeZone: 'Asia/Ho_Chi_Minh' });
  });

  it('gives the very grid the xlsx reader gives', async () => {
    const r = await pull(id);
    if (!r.ok) throw new Error(r.failure.detail);
    const grid = snapshotGrid(r.snapshot);
    if (!grid.ok) throw new Error(grid.problem.message);
    expect(grid.grid.sheets.map((s) => s.name)).toEqual(xlsxSheets.map((s) => s.name));
    for (const [i, s] of grid.grid.sheets.entries()) expect(rowsOf(s)).toEqual(rowsOf(xlsxSheets[i]!));
  });

  it('reuses its token for later pulls', async () => {
    const r = reader();
    const before = fake.requests.length;
    await r.pull(id, url(id));
    await r.pull(id, url(id));
    expect(fake.requests.slice(before).filter((c) => c.path === '/token')).toHaveLength(1);
  });
});

describe('what a Google Sheet holds', () => {
  it('finds renamed sheets by the SPEC text matching and points at their real titles', async () => {
    const id = spreadsheetId('renamed');
    const [bloc, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    const read = await readXlsxGrid(await filledWorkbook(bloc, 'STP-QNG', inputs, { 'I.2': { points: 99 } }));
    if (!read.ok) throw new Error(read.problem.message);
    const served = spreadsheetFromGrid(read.grid, 'x');
    served.tabs[0]!.title = 'THÔNG TIN ';
    served.tabs[1]!.title = 'Cham diem';
    served.tabs.unshift({ title: 'Hướng dẫn', sheetId: 99, values: [['Điền vào sheet Chấm điểm']] });
    fake.put(id, served);
    const r = await pull(id);
    if (!r.ok) throw new Error(r.failure.detail);
    expect(r.snapshot.ranges.map((x) => x.title)).toEqual(['THÔNG TIN ', 'Cham diem']);
    const checked = validateGridRead(bloc, 'Y', snapshotGrid(r.snapshot));
    expect(checked.errors).toEqual([expect.objectContaining({ code: 'SCORE_ABOVE_MAX', cell: 'Cham diem!F8' })]);
  });

  it('a missing sheet is SHEET_MISSING, naming the sheets the spreadsheet has', async () => {
    const id = spreadsheetId('missing-sheet');
    fake.put(id, { title: 'x', tabs: [{ title: 'Trang tính1', sheetId: 0, values: [['Mã đơn vị', 'STP-KHA']] }] });
    const r = await pull(id);
    if (!r.ok) throw new Error(r.failure.detail);
    expect(r.requests).toBe(1); // nothing to read
    const checked = validateGridRead(await sampleBloc(), 'Y', snapshotGrid(r.snapshot));
    expect(checked.errors.map((e) => e.code)).toEqual(['SHEET_MISSING', 'SHEET_MISSING']);
    expect(checked.errors[0]!.message).toContain('"Trang tính1"');
  });

  it('reads dates by their number format, errors, booleans and ragged rows as the xlsx reader does', async () => {
    const rows = [['Ngày lập', new Date(Date.UTC(2025, 10, 18))], ['Số', 8.5, true, '8,5'], [], ['Lỗi', { error: '#REF!' }]] as never;
    const xlsx = await readXlsxGrid(
      await excelWorkbook([
        { name: 'Thông tin', rows },
        { name: 'Chấm điểm', rows: [['Mã tiêu chí']] },
      ]),
    );
    if (!xlsx.ok) throw new Error(xlsx.problem.message);
    const id = spreadsheetId('kinds');
    const served = spreadsheetFromGrid(xlsx.grid, 'x');
    expect(served.tabs[0]!.dates).toEqual({ B1: 'DATE' });
    expect(served.tabs[0]!.values[0]![1]).toBe(45979);
    fake.put(id, served);
    const r = await pull(id);
    if (!r.ok) throw new Error(r.failure.detail);
    const grid = snapshotGrid(r.snapshot);
    if (!grid.ok) throw new Error(grid.problem.message);
    expect(rowsOf(grid.grid.sheets[0]!)).toEqual(rowsOf(xlsx.grid.sheets[0]!));
    expect(rowsOf(grid.grid.sheets[0]!)).toContainEqual([
      1,
      [
        [1, { kind: 'text', text: 'Ngày lập' }],
        [2, { kind: 'date', text: '18/11/2025' }],
      ],
    ]);
  });
});

describe('failures: a stable code each, retried only when worth it', () => {
  const served = { title: 'x', tabs: [{ title: 'Thông tin', sheetId: 0, values: [['Năm', 2025]] }] };

  it('403: SHEET_NOT_SHARED, telling to share with the service account', async () => {
    const id = spreadsheetId('403');
    fake.put(id, served);
    fake.fail(id, GOOGLE_ERRORS.notShared);
    const r = await pull(id);
    expect(r).toMatchObject({ ok: false, failure: { code: 'SHEET_NOT_SHARED', httpStatus: 403, attempts: 1 } });
    if (!r.ok) expect(r.failure.message).toContain(fake.serviceAccount);
  });

  it('404: SHEET_NOT_FOUND, without retrying', async () => {
    const before = fake.requests.length;
    const r = await pull(spreadsheetId('nobody'));
    expect(r).toMatchObject({ ok: false, failure: { code: 'SHEET_NOT_FOUND', httpStatus: 404, attempts: 1 } });
    expect(fake.requests.length - before).toBeLessThanOrEqual(2); // a token request at most, and one call
  });

  it('429 then success: retried with backoff, the pull succeeds', async () => {
    const id = spreadsheetId('429-then-ok');
    fake.put(id, served);
    fake.fail(id, GOOGLE_ERRORS.quota, GOOGLE_ERRORS.quota);
    const r = await pull(id);
    expect(r.ok).toBe(true);
  });

  it('429 every time: SHEET_QUOTA after the attempts allowed', async () => {
    const id = spreadsheetId('429-always');
    fake.put(id, served);
    fake.failAlways(id, GOOGLE_ERRORS.quota);
    const r = await pull(id);
    expect(r).toMatchObject({ ok: false, failure: { code: 'SHEET_QUOTA', httpStatus: 429, attempts: 4 } });
  });

  it('429 every time with a short budget: stops at the deadline', async () => {
    const id = spreadsheetId('429-budget');
    fake.put(id, served);
    fake.failAlways(id, GOOGLE_ERRORS.quota);
    const started = Date.now();
    const r = await pull(id, { retry: { baseMs: 200, capMs: 10_000, maxAttempts: 50 }, deadline: () => started + 600 });
    expect(r).toMatchObject({ ok: false, failure: { code: 'SHEET_QUOTA' } });
    // Stopped by the deadline, not by the 50 attempts allowed (a slow machine makes fewer, never more).
    expect(!r.ok && r.failure.attempts).toBeLessThan(10);
  });

  it('5xx every time: SHEET_UNREACHABLE after retries; a 503 that passes is retried', async () => {
    const id = spreadsheetId('503');
    fake.put(id, served);
    fake.fail(id, GOOGLE_ERRORS.unavailable);
    expect((await pull(id)).ok).toBe(true);
    fake.failAlways(id, GOOGLE_ERRORS.internal);
    expect(await pull(id)).toMatchObject({ ok: false, failure: { code: 'SHEET_UNREACHABLE', httpStatus: 500, attempts: 4 } });
    fake.heal(id);
  });

  it('a dropped connection, a refused one, a hang: SHEET_UNREACHABLE', async () => {
    const id = spreadsheetId('drop');
    fake.put(id, served);
    fake.failAlways(id, { drop: true });
    expect(await pull(id)).toMatchObject({ ok: false, failure: { code: 'SHEET_UNREACHABLE', attempts: 4 } });
    fake.failAlways(id, { hang: true });
    expect(await pull(id, { requestTimeoutMs: 150, retry: { maxAttempts: 2, baseMs: 5, capMs: 5 } })).toMatchObject({
      ok: false,
      failure: { code: 'SHEET_UNREACHABLE', attempts: 2 },
    });
    fake.heal(id);
    expect(await pull(id, { rootUrl: 'http://127.0.0.1:1/', retry: { maxAttempts: 2, baseMs: 5, capMs: 5 } })).toMatchObject({
      ok: false,
      failure: { code: 'SHEET_UNREACHABLE', attempts: 2 },
    });
  });

  it('a file that is no Google Sheet (an .xlsx kept in Drive): SHEET_UNSUPPORTED', async () => {
    const id = spreadsheetId('xlsx-in-drive');
    fake.fail(id, GOOGLE_ERRORS.notSpreadsheet);
    expect(await pull(id)).toMatchObject({ ok: false, failure: { code: 'SHEET_UNSUPPORTED', httpStatus: 400 } });
  });

  it('the API not enabled, or the key refused at the token exchange: SHEET_AUTH_FAILED', async () => {
    const id = spreadsheetId('auth');
    fake.put(id, served);
    fake.fail(id, GOOGLE_ERRORS.apiDisabled);
    expect(await pull(id)).toMatchObject({ ok: false, failure: { code: 'SHEET_AUTH_FAILED', httpStatus: 403 } });
    fake.tokenFaults.push({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    const r = await pull(id);
    expect(r).toMatchObject({ ok: false, failure: { code: 'SHEET_AUTH_FAILED', httpStatus: 400, attempts: 1 } });
    if (!r.ok) expect(r.failure.detail).toContain('invalid_grant');
  });

  it('a key that is no service-account key is refused before any request', () => {
    expect(() => parseServiceAccountKey('{"type":"authorized_user"}', 'key.json')).toThrow(/not a service-account key/);
    expect(() => parseServiceAccountKey(JSON.stringify({ ...JSON.parse(fake.keyJson), private_key: 'nope' }), 'key.json')).toThrow(/PEM/);
    expect(() => parseServiceAccountKey('not json', 'key.json')).toThrow(/not JSON/);
  });
});
