/** `bloc run` and `bloc demo` as a user runs them: child processes with their own embedded store. */
import { mkdir, open, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../support/cli.js';
import { ROOT, tempFiles } from '../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, goldenRankings, sampleBloc } from '../support/sample.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args);

const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');
/** 245 bytes: its report names would not fit in a file name. */
const LONG = `${'Bảng tự chấm '.repeat(10)}${'x'.repeat(245 - Buffer.byteLength('Bảng tự chấm '.repeat(10)) - 5)}.xlsx`;
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
/** A name an attacker or a careless script might give a file: it must not drive the terminal. */
const CONTROL = 'bao-cao\u001b[31m đỏ\u001b[0m\r\n[99] giả.xlsx';
/** Modification times: the order files are taken in. */
const T = (minute: number) => new Date(Date.UTC(2025, 10, 19, 1, minute));
const SUMMARY_LOG = 'Nhật ký nộp';

/** The rows of the summary's submission log: file, status, warnings (from row 6, below the header). */
const logRows = async (summary: string) => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(summary)) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SUMMARY_LOG)!;
  const rows: { file: string; status: string; warnings: number }[] = [];
  ws.eachRow((row, n) => {
    if (n > 5 && typeof row.getCell(1).value === 'number')
      rows.push({ file: String(row.getCell(5).value), status: String(row.getCell(7).value), warnings: Number(row.getCell(10).value) });
  });
  return rows;
};

describe('bloc run over a folder of received files', () => {
  let dir: string;
  let result: Run;
  /** What is taken, in order of modification time (then name), and what is skipped. */
  let taken: string[];
  beforeAll(async () => {
    dir = await tempFiles({});
    const inbox = join(dir, 'in');
    await mkdir(inbox);
    const [b, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    const put = async (name: string, bytes: Uint8Array | string, minute: number) => {
      await writeFile(join(inbox, name), bytes);
      await utimes(join(inbox, name), T(minute), T(minute));
    };
    for (const unit of Object.keys(inputs)) if (unit !== 'STP-QNG') await put(`${unit}.xlsx`, await filledWorkbook(b, unit, inputs), 0);
    // "STP-QNG (bản sửa).xlsx" sorts before "STP-QNG.xlsx" but was saved later: the correction counts.
    await put('STP-QNG.xlsx', await filledWorkbook(b, 'STP-QNG', inputs, { 'I.2': { points: '3' } }), 1);
    await put('STP-QNG (bản sửa).xlsx', await filledWorkbook(b, 'STP-QNG', inputs), 2);
    // Saved after STP-KHA.xlsx, with mistakes: a rejected file replaces nothing.
    await put('STP-KHA~2.xlsx', await filledWorkbook(b, 'STP-KHA', inputs, { 'I.2': { points: '6,5' } }), 3);
    await put('THADS-KTU.xlsx', await filledWorkbook(b, 'THADS-KTU', { 'THADS-KTU': inputs['THADS-GLA']! }, { 'I.1': { achieved: '10', base: '9' } }), 4);
    await put('notes.txt', 'Báo cáo gửi kèm', 5);
    await put('empty.xlsx', '', 6);
    await put(LONG, await filledWorkbook(b, 'STP-PYE', inputs, { 'I.2': { points: 99 } }), 7);
    await put(CONTROL, '%PDF-1.4\n', 8);
    // 1.5 GB, sparse: refused by its size, never read.
    const big = await open(join(inbox, 'ban-scan.xlsx'), 'w');
    await big.truncate(1.5e9);
    await big.close();
    await utimes(join(inbox, 'ban-scan.xlsx'), T(9), T(9));
    // Never taken: links (not even to a real workbook), hidden and lock files, subfolders.
    await writeFile(join(dir, 'linked.xlsx'), await filledWorkbook(b, 'STP-DLK', inputs, { 'I.3': { points: 'sáu' } }));
    await symlink(join(dir, 'linked.xlsx'), join(inbox, 'link-to-file.xlsx'));
    await symlink('/etc/passwd', join(inbox, 'passwd.xlsx'));
    await writeFile(join(inbox, '~$STP-HUE.xlsx'), 'lock');
    await writeFile(join(inbox, '.DS_Store'), 'mac');
    await mkdir(join(inbox, 'cũ'));
    await writeFile(join(inbox, 'cũ', 'STP-DLK.xlsx'), await filledWorkbook(b, 'STP-DLK', inputs, { 'I.3': { points: 'sáu' } }));
    taken = [
      ...Object.keys(inputs)
        .filter((u) => u !== 'STP-QNG')
        .map((u) => `${u}.xlsx`)
        .sort(),
      'STP-QNG.xlsx',
      'STP-QNG (bản sửa).xlsx',
      'STP-KHA~2.xlsx',
      'THADS-KTU.xlsx',
      'notes.txt',
      'empty.xlsx',
      LONG,
      CONTROL,
      'ban-scan.xlsx',
    ];
    result = await bloc(
      'run',
      '--config',
      CONFIG,
      '--period',
      'Y',
      '--in',
      inbox,
      '--out',
      join(dir, 'out'),
      '--received-at',
      '2025-11-21T08:00:00+07:00',
      '--data',
      join(dir, 'data'),
    );
  });

  it('completes with exit 0 and progress on stderr only, files numbered in order of modification time', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const n = taken.length;
    expect(n).toBe(22);
    expect(result.stderr).toContain(`[13/${n}] THADS-QNG.xlsx: tiếp nhận (THADS-QNG)`);
    expect(result.stderr).toContain(`[18/${n}] notes.txt: từ chối: 1 lỗi`);
    expect(result.stderr).toMatch(new RegExp(`\\[22/${n}\\] ban-scan\\.xlsx: từ chối: FILE_TOO_LARGE`));
  });

  it('says which file of a unit counts: the one saved last, whatever the names', async () => {
    expect(result.stderr).toMatch(
      /\[14\/22\] STP-QNG\.xlsx: tiếp nhận \(STP-QNG\): 2 cảnh báo — KHÔNG TÍNH \(DUPLICATE_IN_BATCH\): .*"STP-QNG \(bản sửa\)\.xlsx" được tính/,
    );
    const older = await readJson(join(dir, 'out/reports/STP-QNG.xlsx.json'));
    expect(older).toMatchObject({ status: 'accepted', warnings: [{ code: 'LATE' }, { code: 'DUPLICATE_IN_BATCH', cell: null }] });
    expect(older.warnings[1].message).toContain('"STP-QNG (bản sửa).xlsx"');
    expect((await readJson(join(dir, 'out/reports/STP-QNG (bản sửa).xlsx.json'))).warnings.map((w: { code: string }) => w.code)).toEqual(['LATE']);
    // The summary's log lists it with its warnings counted (the stored report holds the code).
    const log = await logRows(join(dir, 'out/summary.xlsx'));
    expect(log.find((r) => r.file === 'STP-QNG.xlsx')).toMatchObject({ warnings: 2 });
  });

  it('skips links, hidden and lock files and subfolders, one line each, and never stores what a link points to', async () => {
    for (const line of [
      'bỏ qua liên kết "link-to-file.xlsx"',
      'bỏ qua liên kết "passwd.xlsx"',
      'bỏ qua tệp ẩn ".DS_Store"',
      'bỏ qua tệp khóa của Office "~$STP-HUE.xlsx"',
      'bỏ qua thư mục con "cũ"',
    ])
      expect(result.stderr).toContain(line);
    const reports = await readdir(join(dir, 'out/reports'));
    for (const skipped of ['link-to-file.xlsx', 'passwd.xlsx', '.DS_Store', '~$STP-HUE.xlsx', 'cũ']) expect(reports).not.toContain(`${skipped}.json`);
    expect((await logRows(join(dir, 'out/summary.xlsx'))).map((r) => r.file)).not.toContain('passwd.xlsx');
  });

  it('prints a file name with control characters escaped, and keeps the name in its report', async () => {
    expect(result.stderr).not.toMatch(/\u001b|\r/);
    expect(result.stderr).toContain('[21/22] bao-cao\\u001B[31m đỏ\\u001B[0m\\u000D\\u000A[99] giả.xlsx: từ chối');
    expect(await readJson(join(dir, 'out/reports', `${CONTROL}.json`))).toMatchObject({ file: CONTROL, errors: [{ code: 'FILE_NOT_XLSX' }] });
  });

  it('refuses a file over 10 MB by its size', async () => {
    expect(await readJson(join(dir, 'out/reports/ban-scan.xlsx.json'))).toMatchObject({
      unit: null,
      status: 'rejected',
      errors: [{ code: 'FILE_TOO_LARGE', cell: null }],
    });
  });

  it('writes rankings.json: the golden rankings, with the unit that sent only a bad file rejected', async () => {
    const expected = (await goldenRankings()) as { groups: { members: { unit: string; status: string }[] }[] };
    expected.groups[1]!.members.find((m) => m.unit === 'THADS-KTU')!.status = 'rejected';
    expect(await readJson(join(dir, 'out/rankings.json'))).toEqual(expected);
  });

  it('writes a report for every input file, and an annotated copy for readable files with problems', async () => {
    const reports = await readdir(join(dir, 'out/reports'));
    const inputs = taken.filter((f) => f !== LONG);
    for (const f of inputs) expect(reports).toContain(`${f}.json`);
    expect(reports.filter((r) => r.endsWith('.annotated.xlsx') && !r.startsWith('Bảng')).sort()).toEqual(
      inputs
        .filter((f) => f.endsWith('.xlsx') && !['empty.xlsx', CONTROL, 'ban-scan.xlsx'].includes(f))
        .map((f) => `${f}.annotated.xlsx`)
        .sort(),
    );
    // A name too long for its report's name: shortened with a hash, and the run went on.
    const long = reports.filter((r) => r.startsWith('Bảng'));
    expect(long).toHaveLength(2);
    const longReport = await readJson(join(dir, 'out/reports', long.find((r) => r.endsWith('.json'))!));
    expect(longReport).toMatchObject({ file: LONG, unit: 'STP-PYE', status: 'rejected', errors: [{ code: 'SCORE_ABOVE_MAX' }] });
    const bad = await readJson(join(dir, 'out/reports/STP-KHA~2.xlsx.json'));
    expect(bad).toMatchObject({ file: 'STP-KHA~2.xlsx', unit: 'STP-KHA', status: 'rejected', errors: [{ code: 'SCORE_ABOVE_MAX', cell: 'Chấm điểm!F8' }] });
    expect(await readJson(join(dir, 'out/reports/THADS-KTU.xlsx.json'))).toMatchObject({ status: 'rejected', errors: [{ code: 'ACHIEVED_ABOVE_BASE' }] });
    expect(await readJson(join(dir, 'out/reports/notes.txt.json'))).toMatchObject({
      unit: null,
      status: 'rejected',
      errors: [{ code: 'FILE_NOT_XLSX', cell: null }],
    });
    expect(await readJson(join(dir, 'out/reports/empty.xlsx.json'))).toMatchObject({ errors: [{ code: 'FILE_NOT_XLSX' }] });
  });

  it('judges lateness against --received-at: every file arrived after the deadline', async () => {
    const ok = await readJson(join(dir, 'out/reports/THADS-QNG.xlsx.json'));
    expect(ok).toMatchObject({ status: 'accepted', warnings: [{ code: 'LATE', cell: null }] });
  });

  it('writes the summary workbook', async () => {
    const bytes = await readFile(join(dir, 'out/summary.xlsx'));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  describe('run again over the same folder with the same --data', () => {
    let again: Run;
    beforeAll(async () => {
      again = await bloc(
        'run',
        '--config',
        CONFIG,
        '--period',
        'Y',
        '--in',
        join(dir, 'in'),
        '--out',
        join(dir, 'out2'),
        '--received-at',
        '2025-11-21T09:00:00+07:00',
        '--data',
        join(dir, 'data'),
      );
    });

    it('reports every stored file unchanged and stores nothing again', async () => {
      expect(again.code, again.stderr).toBe(0);
      for (const f of taken.filter((f) => f !== 'ban-scan.xlsx' && f !== LONG && f !== CONTROL))
        expect([f, (await readJson(join(dir, 'out2/reports', `${f}.json`))).status]).toEqual([f, 'unchanged']);
      expect(await readJson(join(dir, 'out2/reports/STP-KHA~2.xlsx.json'))).toMatchObject({
        unit: 'STP-KHA',
        status: 'unchanged',
        errors: [{ code: 'SCORE_ABOVE_MAX' }],
      });
      expect(again.stderr).toMatch(/THADS-QNG\.xlsx: không thay đổi \(THADS-QNG\): giống hệt tệp "THADS-QNG\.xlsx"/);
      // The same versions as after the first run: nothing was stored twice.
      const [first, second] = await Promise.all([logRows(join(dir, 'out/summary.xlsx')), logRows(join(dir, 'out2/summary.xlsx'))]);
      expect(second).toEqual(first);
      expect(await readJson(join(dir, 'out2/rankings.json'))).toEqual(await readJson(join(dir, 'out/rankings.json')));
    });
  });
});

describe('bloc run refuses bad arguments with exit 2', () => {
  it.each([
    ['an unknown period', ['--period', 'Q3', '--in', '.', '--out', '/tmp/x']],
    ['a missing input folder', ['--period', 'Y', '--in', '/nonexistent/in', '--out', '/tmp/x']],
    ['a received-at that is no time', ['--period', 'Y', '--in', '.', '--out', '/tmp/x', '--received-at', 'hôm qua']],
    [
      'a received-at in the future (the 2027 typo)',
      ['--period', 'Y', '--in', '.', '--out', '/tmp/x', '--received-at', `${new Date().getUTCFullYear() + 2}-11-19`],
    ],
    ['an --out that is an existing file', ['--period', 'Y', '--in', '.', '--out', 'package.json']],
    ['an unknown option', ['--period', 'Y', '--in', '.', '--out', '/tmp/x', '--recieved-at', '2025-11-21']],
  ])('%s', async (_name, args) => {
    const r = await bloc('run', '--config', CONFIG, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lỗi: /m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('bloc demo', () => {
  it('runs the sample region end to end and prints the summary path', async () => {
    const out = join(await tempFiles({}), 'demo');
    const r = await bloc('demo', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'summary.xlsx'));
    const rankings = await readJson(join(out, 'rankings.json'));
    expect(rankings.groups.map((g: { members: unknown[] }) => g.members.length)).toEqual([8, 8]);
    expect((await readdir(join(out, 'templates'))).length).toBe(16);
    const rejected = await readJson(join(out, 'reports/STP-KTU.xlsx.json'));
    expect(rejected.errors.map((e: { code: string }) => e.code)).toContain('VALUE_NOT_NUMBER');
  });
});

describe('without Java', () => {
  it('bloc run explains how to install it, with exit 1 and no stack trace', async () => {
    const dir = await tempFiles({});
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    await mkdir(join(dir, 'in'));
    const r = await runBloc(['run', '--config', CONFIG, '--period', 'Y', '--in', join(dir, 'in'), '--out', join(dir, 'out')], {
      env: { PATH: bin, HOME: dir },
      timeout: 60_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apt-get install -y default-jre-headless');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
