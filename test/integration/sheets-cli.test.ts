/** `bloc run --sheets` as a user runs it: a child process, the key file in BLOC_GOOGLE_KEY_FILE, the fake API. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { GOOGLE_ERRORS, spreadsheetFromGrid, spreadsheetId, startFakeSheetsApi, type FakeSheetsApi } from '../support/fake-sheets-api.js';
import { runBloc, type Run } from '../support/cli.js';
import { ROOT, tempFiles } from '../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../support/sample.js';

const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');
let fake: FakeSheetsApi;
let dir: string;
let env: NodeJS.ProcessEnv;

const bloc = (args: string[], extraEnv: NodeJS.ProcessEnv = env): Promise<Run> => runBloc(args, { env: extraEnv });
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const runArgs = (out: string, ...more: string[]) => [
  'run',
  '--config',
  CONFIG,
  '--period',
  'Y',
  '--in',
  join(dir, 'in'),
  '--sheets',
  join(dir, 'sheets.json'),
  '--out',
  join(dir, out),
  ...more,
];

beforeAll(async () => {
  fake = await startFakeSheetsApi();
  const [b, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
  for (const unit of ['STP-KHA', 'THADS-KHA']) {
    const grid = await readXlsxGrid(await filledWorkbook(b, unit, inputs));
    if (!grid.ok) throw new Error(grid.problem.message);
    fake.put(spreadsheetId(unit), spreadsheetFromGrid(grid.grid, unit));
  }
  fake.failAlways(spreadsheetId('STP-QNG'), GOOGLE_ERRORS.notShared);
  dir = await tempFiles({
    'key.json': fake.keyJson,
    'sheets.json': {
      Y: {
        'STP-KHA': `https://docs.google.com/spreadsheets/d/${spreadsheetId('STP-KHA')}/edit#gid=0`,
        'STP-QNG': spreadsheetId('STP-QNG'),
        'THADS-KHA': spreadsheetId('THADS-KHA'),
      },
      H1: { 'STP-KHA': spreadsheetId('STP-KHA-H1') },
    },
  });
  await mkdir(join(dir, 'in'));
  await writeFile(join(dir, 'in', 'STP-BDI.xlsx'), await filledWorkbook(b, 'STP-BDI', inputs));
  env = { ...process.env, BLOC_GOOGLE_KEY_FILE: join(dir, 'key.json'), BLOC_SHEETS_ROOT_URL: fake.rootUrl };
});
afterAll(() => fake?.stop());

describe('bloc run --sheets', () => {
  let first: Run;
  beforeAll(async () => {
    first = await bloc(runArgs('out', '--data', join(dir, 'data')));
  });

  it('pulls the registered sheets beside the files of --in, and ranks them all', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\[sheet 1\/3\] STP-KHA\.gsheet https:\/\/docs\.google\.com\/spreadsheets\/d\/\S+: tiếp nhận \(STP-KHA\)/);
    expect(first.stderr).toMatch(/\[sheet 2\/3\] STP-QNG\.gsheet \S+: không lấy được: SHEET_NOT_SHARED/);
    const rankings = await readJson(join(dir, 'out/rankings.json'));
    const ranked = rankings.groups.flatMap((g: { members: { unit: string; rank: number | null }[] }) =>
      g.members.filter((m) => m.rank !== null).map((m) => m.unit),
    );
    expect(ranked.sort()).toEqual(['STP-BDI', 'STP-KHA', 'THADS-KHA']);
  });

  it('writes a report per sheet: accepted with its link, or failed with its code', async () => {
    expect(await readJson(join(dir, 'out/reports/STP-KHA.gsheet.json'))).toMatchObject({
      file: 'STP-KHA.gsheet',
      unit: 'STP-KHA',
      status: 'accepted',
      source: { kind: 'google-sheet', spreadsheetId: spreadsheetId('STP-KHA'), url: `https://docs.google.com/spreadsheets/d/${spreadsheetId('STP-KHA')}/edit` },
    });
    const failed = await readJson(join(dir, 'out/reports/STP-QNG.gsheet.json'));
    expect(failed).toMatchObject({ unit: 'STP-QNG', status: 'failed', errors: [{ code: 'SHEET_NOT_SHARED', cell: null }] });
    expect(failed.errors[0].message).toContain(fake.serviceAccount);
    expect(await readJson(join(dir, 'out/reports/STP-BDI.xlsx.json'))).toMatchObject({ status: 'accepted' });
  });

  it('with --data kept, a second run does not ingest unchanged sheets again, and still writes their reports', async () => {
    const second = await bloc(runArgs('out2', '--data', join(dir, 'data')));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/STP-KHA\.gsheet \S+: không thay đổi kể từ lần lấy trước/);
    expect(await readJson(join(dir, 'out2/reports/STP-KHA.gsheet.json'))).toEqual(await readJson(join(dir, 'out/reports/STP-KHA.gsheet.json')));
  });
});

describe('bloc run --sheets refuses with exit 2', () => {
  it('without BLOC_GOOGLE_KEY_FILE', async () => {
    const { BLOC_GOOGLE_KEY_FILE: _k, ...without } = env;
    const r = await bloc(runArgs('x'), without);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lỗi: .*BLOC_GOOGLE_KEY_FILE/m);
  });

  it('with a key file that is no service-account key', async () => {
    await writeFile(join(dir, 'bad-key.json'), '{"type":"authorized_user"}');
    const r = await bloc(runArgs('x'), { ...env, BLOC_GOOGLE_KEY_FILE: join(dir, 'bad-key.json') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a service-account key/);
  });

  it('with a sheets.json naming an unknown unit, every problem listed', async () => {
    await writeFile(join(dir, 'bad-sheets.json'), JSON.stringify({ Y: { 'STP-XXX': spreadsheetId('x'), 'STP-KHA': 'không phải liên kết' } }));
    const r = await bloc(['run', '--config', CONFIG, '--period', 'Y', '--sheets', join(dir, 'bad-sheets.json'), '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-sheets\.json \$\.Y\["STP-XXX"\]/);
    expect(r.stderr).toMatch(/bad-sheets\.json \$\.Y\["STP-KHA"\]/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('with neither --in nor --sheets', async () => {
    const r = await bloc(['run', '--config', CONFIG, '--period', 'Y', '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--in .*--sheets/);
  });
});
