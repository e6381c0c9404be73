/**
 * A unit's Google Sheet, served by a local fake of the API, against the same content uploaded as an
 * `.xlsx`: identical submissions, reports (but for the file name and the source link) and rankings.
 * Then what a later pull does: nothing when unchanged, a new version when edited, failures contained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSheetsConfig, type SheetRegistration } from '#shared/config/sheets.js';
import type { Bloc } from '#shared/model/bloc.js';
import { ingestNew, type IngestDeps } from '#shared/pipeline/ingest.js';
import { pullSheets, type SheetPull } from '#shared/pipeline/pull-sheets.js';
import { recompute } from '#shared/pipeline/recompute.js';
import type { SubmissionReport } from '#shared/pipeline/report.js';
import { snapshotGrid } from '#shared/source/sheets-grid.js';
import { parseSnapshot } from '#shared/source/sheets-snapshot.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import { timeSortableId } from '#shared/store/keys.js';
import type { VersionRecord } from '#shared/store/ports.js';
import { S3BlobStore } from '#shared/store/s3-blobs.js';
import { validateGridRead } from '#shared/validation/validate-read.js';
import { fakeReader, GOOGLE_ERRORS, spreadsheetFromGrid, spreadsheetId, startFakeSheetsApi, type FakeSheetsApi } from '../support/fake-sheets-api.js';
import { localAws, type LocalAws } from '../support/local-aws.js';
import { filledWorkbook, goldenInputs, goldenRankings, sampleBloc, type GoldenInputs } from '../support/sample.js';

const KEY = { bloc: 'ntb-tn', year: 2025, period: 'Y' };
const AT = new Date('2025-11-18T02:00:00Z');

let fake: FakeSheetsApi;
let bloc: Bloc;
let inputs: GoldenInputs;
let units: string[];
let registrations: SheetRegistration[];
const worlds: Record<'xlsx' | 'sheet', { aws: LocalAws; deps: IngestDeps }> = {} as never;
const xlsxReports = new Map<string, SubmissionReport>();
let firstPull: SheetPull[];

const pull = (o: { now?: Date; reader?: Parameters<typeof fakeReader>[1] } = {}) =>
  pullSheets({ ...worlds.sheet.deps, sheets: fakeReader(fake, o.reader) }, bloc, 'Y', registrations, {
    receivedAt: o.now ?? AT,
    judgeLateness: true,
  });

/** The workbook of a unit whose file has a mistake (achieved above base), as in the command-line test. */
const withMistake = () => filledWorkbook(bloc, 'THADS-KTU', { 'THADS-KTU': inputs['THADS-GLA']! }, { 'I.1': { achieved: '10', base: '9' } });

const stripped = (r: SubmissionReport) => {
  const { file: _file, source: _source, ...rest } = r;
  return rest;
};
const comparable = (v: VersionRecord) => ({
  unit: v.unit,
  status: v.status,
  errors: v.errors,
  warnings: v.warnings,
  late: v.late,
  values: v.values,
  selfScores: v.selfScores,
});

beforeAll(async () => {
  [bloc, inputs, fake] = await Promise.all([sampleBloc(), goldenInputs(), startFakeSheetsApi()]);
  for (const name of ['xlsx', 'sheet'] as const) {
    const aws = await localAws();
    worlds[name] = { aws, deps: { store: new DynamoSubmissionStore(aws.dynamo, aws.table), blobs: new S3BlobStore(aws.s3, aws.bucket) } };
  }
  units = [...Object.keys(inputs), 'THADS-KTU'];
  for (const unit of units) {
    const bytes = unit === 'THADS-KTU' ? await withMistake() : await filledWorkbook(bloc, unit, inputs);
    const out = await ingestNew(worlds.xlsx.deps, bloc, 'Y', {
      file: `${unit}.xlsx`,
      bytes,
      uploadId: timeSortableId(AT, unit),
      receivedAt: AT,
      judgeLateness: true,
    });
    xlsxReports.set(unit, out.report);
    // The same content as Google holds it: the grid the xlsx reader gives, served by the fake API.
    const grid = await readXlsxGrid(bytes);
    if (!grid.ok) throw new Error(grid.problem.message);
    fake.put(spreadsheetId(unit), spreadsheetFromGrid(grid.grid, `Bản tự chấm điểm ${unit}`));
  }
  registrations = parseSheetsConfig(
    { Y: Object.fromEntries(units.map((u) => [u, `https://docs.google.com/spreadsheets/d/${spreadsheetId(u)}/edit#gid=0`])) },
    bloc,
    'sheets.json',
  );
  firstPull = await pull();
}, 180_000);

afterAll(async () => {
  await fake?.stop();
  for (const w of Object.values(worlds)) w.aws.destroy();
});

describe('a Google Sheet and the same content as an .xlsx upload', () => {
  it('every registered sheet was pulled and ingested', () => {
    expect(firstPull.map((p) => [p.registration.unit, p.kind])).toEqual(units.map((u) => [u, 'ingested']));
  });

  it('give identical reports, but for the file name and the link to the sheet', () => {
    for (const p of firstPull) {
      if (p.kind !== 'ingested') throw new Error(p.kind);
      const unit = p.registration.unit;
      expect(stripped(p.outcome.report), unit).toEqual(stripped(xlsxReports.get(unit)!));
      expect(p.outcome.report.file).toBe(`${unit}.gsheet`);
      expect(p.outcome.report.source).toEqual({
        kind: 'google-sheet',
        spreadsheetId: spreadsheetId(unit),
        url: p.registration.url,
        sheetIds: { 'Thông tin': 0, 'Chấm điểm': 1_007_919 },
      });
    }
    const rejected = firstPull.find((p) => p.registration.unit === 'THADS-KTU');
    expect(rejected?.kind === 'ingested' && rejected.outcome.report).toMatchObject({
      status: 'rejected',
      errors: [{ code: 'ACHIEVED_ABOVE_BASE', cell: expect.stringMatching(/^Chấm điểm!/) }],
    });
  });

  it('give identical submissions: versions, current values, totals', async () => {
    const [x, s] = await Promise.all([worlds.xlsx.deps.store.versions(KEY), worlds.sheet.deps.store.versions(KEY)]);
    const byUnit = (vs: VersionRecord[]) => new Map(vs.map((v) => [v.unit, comparable(v)]));
    expect(byUnit(s)).toEqual(byUnit(x));
    const strip = (c: { uploadId: string; file: string }) => ({ ...c, uploadId: '', file: '' });
    const [cx, cs] = await Promise.all([worlds.xlsx.deps.store.state(KEY), worlds.sheet.deps.store.state(KEY)]);
    expect(cs.current.map(strip)).toEqual(cx.current.map(strip));
    expect(cs.rejected).toEqual(cx.rejected);
  });

  it('give identical rankings: the golden ones, THADS-KTU rejected', async () => {
    const now = new Date('2025-11-21T00:00:00Z');
    const [x, s] = await Promise.all([recompute(worlds.xlsx.deps, bloc, 'Y', { now }), recompute(worlds.sheet.deps, bloc, 'Y', { now })]);
    expect(s.rankings).toEqual(x.rankings);
    const expected = (await goldenRankings()) as { groups: { members: { unit: string; status: string }[] }[] };
    expected.groups[1]!.members.find((m) => m.unit === 'THADS-KTU')!.status = 'rejected';
    expect(s.rankings).toEqual(expected);
  });

  it('keep the values read under raw/, enough to reproduce the result without Google', async () => {
    const p = firstPull[0]!;
    if (p.kind !== 'ingested') throw new Error(p.kind);
    expect(p.outcome.version.rawKey).toBe(`raw/ntb-tn/2025/Y/${p.outcome.version.uploadId}/${p.registration.unit}.gsheet.json`);
    const snapshot = parseSnapshot(await worlds.sheet.deps.blobs.get(p.outcome.version.rawKey));
    expect(snapshot).toMatchObject({ spreadsheetId: spreadsheetId(p.registration.unit), properties: { locale: 'vi_VN' } });
    const again = validateGridRead(bloc, 'Y', snapshotGrid(snapshot), { receivedAt: AT });
    expect({ unit: again.unit, errors: again.errors, warnings: again.warnings }).toEqual({
      unit: p.outcome.report.unit,
      errors: p.outcome.report.errors,
      warnings: p.outcome.report.warnings,
    });
    expect(p.outcome.version).toMatchObject({
      source: { kind: 'google-sheet', spreadsheetId: spreadsheetId(p.registration.unit) },
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe('later pulls', () => {
  it('an unchanged sheet is not ingested again: no write at all', async () => {
    const aws = worlds.sheet.aws;
    aws.counter.reset();
    const again = await pull({ now: new Date('2025-11-19T17:30:00Z') });
    expect(again.map((p) => p.kind)).toEqual(units.map(() => 'unchanged'));
    expect(aws.counter.get('dynamodb.Query')).toBe(1);
    expect(aws.counter.get('dynamodb.Scan')).toBe(0);
    expect(aws.counter.get('dynamodb.PutItem')).toBe(0);
    expect(aws.counter.get('s3.PutObject')).toBe(0);
  });

  it('an edited sheet is a new version that replaces the earlier one', async () => {
    const id = spreadsheetId('STP-KHA');
    const bytes = await filledWorkbook(bloc, 'STP-KHA', inputs, { 'I.2': { points: '5,5' } }); // typed as Vietnamese text
    const grid = await readXlsxGrid(bytes);
    if (!grid.ok) throw new Error(grid.problem.message);
    fake.put(id, spreadsheetFromGrid(grid.grid, 'Bản tự chấm điểm STP-KHA'));
    const later = new Date('2025-11-19T18:00:00Z');
    const again = await pull({ now: later });
    const kha = again.find((p) => p.registration.unit === 'STP-KHA')!;
    expect(kha.kind).toBe('ingested');
    if (kha.kind !== 'ingested') return;
    expect(kha.outcome.report).toMatchObject({ status: 'accepted', errors: [] });
    expect(kha.outcome.current).toBe(true);
    expect(again.filter((p) => p.kind === 'unchanged')).toHaveLength(units.length - 1);
    const current = (await worlds.sheet.deps.store.state(KEY)).current.find((c) => c.unit === 'STP-KHA')!;
    expect(current.uploadId).toBe(kha.outcome.version.uploadId);
    expect(current.values['I.2']).toEqual({ points: '5.5' });
  });

  it('failures are reported with their codes, record nothing, and stop no other unit', async () => {
    const store = worlds.sheet.deps.store;
    const before = await store.state(KEY);
    const versionsBefore = (await store.versions(KEY)).length;
    fake.failAlways(spreadsheetId('STP-QNG'), GOOGLE_ERRORS.notShared);
    fake.failAlways(spreadsheetId('STP-PYE'), GOOGLE_ERRORS.notFound);
    fake.failAlways(spreadsheetId('STP-BDI'), GOOGLE_ERRORS.quota);
    fake.failAlways(spreadsheetId('THADS-KHA'), GOOGLE_ERRORS.unavailable);
    fake.failAlways(spreadsheetId('THADS-PYE'), { drop: true });
    // One unit that did change, among them: it is ingested all the same.
    const bytes = await filledWorkbook(bloc, 'THADS-GLA', inputs, { 'II.1': { points: 0 } });
    const grid = await readXlsxGrid(bytes);
    if (!grid.ok) throw new Error(grid.problem.message);
    fake.put(spreadsheetId('THADS-GLA'), spreadsheetFromGrid(grid.grid, 'x'));

    const again = await pull({ now: new Date('2025-11-19T19:00:00Z') });
    const kinds = Object.fromEntries(again.map((p) => [p.registration.unit, p.kind === 'failed' ? p.failure.code : p.kind]));
    expect(kinds).toMatchObject({
      'STP-QNG': 'SHEET_NOT_SHARED',
      'STP-PYE': 'SHEET_NOT_FOUND',
      'STP-BDI': 'SHEET_QUOTA',
      'THADS-KHA': 'SHEET_UNREACHABLE',
      'THADS-PYE': 'SHEET_UNREACHABLE',
      'THADS-GLA': 'ingested',
      'STP-KHA': 'unchanged',
    });
    const failed = again.find((p) => p.registration.unit === 'STP-QNG');
    expect(failed?.kind === 'failed' && failed.report).toEqual({
      file: 'STP-QNG.gsheet',
      unit: 'STP-QNG',
      status: 'failed',
      errors: [{ code: 'SHEET_NOT_SHARED', cell: null, message: expect.stringContaining(fake.serviceAccount) }],
      warnings: [],
      source: { kind: 'google-sheet', spreadsheetId: spreadsheetId('STP-QNG'), url: registrations.find((r) => r.unit === 'STP-QNG')!.url },
    });
    // Only THADS-GLA's new version was recorded; the failed units keep their current version and are not "rejected".
    expect((await store.versions(KEY)).length).toBe(versionsBefore + 1);
    const after = await store.state(KEY);
    expect(after.rejected).toEqual(before.rejected);
    for (const unit of ['STP-QNG', 'STP-PYE', 'STP-BDI', 'THADS-KHA', 'THADS-PYE'])
      expect(after.current.find((c) => c.unit === unit)).toEqual(before.current.find((c) => c.unit === unit));
    for (const unit of ['STP-QNG', 'STP-PYE', 'STP-BDI', 'THADS-KHA', 'THADS-PYE']) fake.heal(spreadsheetId(unit));
  });
});
