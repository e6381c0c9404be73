/** `bloc run` and `bloc demo` as a user runs them: child processes with their own embedded store. */
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
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

describe('bloc run over a folder of received files', () => {
  let dir: string;
  let result: Run;
  beforeAll(async () => {
    dir = await tempFiles({});
    const inbox = join(dir, 'in');
    await mkdir(inbox);
    const [b, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    for (const unit of Object.keys(inputs)) await writeFile(join(inbox, `${unit}.xlsx`), await filledWorkbook(b, unit, inputs));
    // Name order: "STP-KHA.xlsx" is read before "STP-KHA~2.xlsx", whose mistakes must not replace it.
    await writeFile(join(inbox, 'STP-KHA~2.xlsx'), await filledWorkbook(b, 'STP-KHA', inputs, { 'I.2': { points: '6,5' } }));
    await writeFile(join(inbox, 'THADS-KTU.xlsx'), await filledWorkbook(b, 'THADS-KTU', { 'THADS-KTU': inputs['THADS-GLA']! }, { 'I.1': { achieved: '10', base: '9' } }));
    await writeFile(join(inbox, 'notes.txt'), 'Báo cáo gửi kèm');
    await writeFile(join(inbox, 'empty.xlsx'), '');
    await writeFile(join(dir, 'linked.xlsx'), await filledWorkbook(b, 'STP-DLK', inputs, { 'I.3': { points: 'sáu' } }));
    await symlink(join(dir, 'linked.xlsx'), join(inbox, 'link-to-file.xlsx'));
    await writeFile(join(inbox, LONG), await filledWorkbook(b, 'STP-PYE', inputs, { 'I.2': { points: 99 } }));
    result = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', inbox, '--out', join(dir, 'out'), '--received-at', '2025-11-21T08:00:00+07:00');
  });

  it('completes with exit 0 and progress on stderr only', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\[17\/20\] THADS-QNG\.xlsx: tiếp nhận \(THADS-QNG\)/);
    expect(result.stderr).toMatch(/\[20\/20\] notes\.txt: từ chối: 1 lỗi/);
  });

  it('writes rankings.json: the golden rankings, with the unit that sent only a bad file rejected', async () => {
    const expected = (await goldenRankings()) as { groups: { members: { unit: string; status: string }[] }[] };
    expected.groups[1]!.members.find((m) => m.unit === 'THADS-KTU')!.status = 'rejected';
    expect(await readJson(join(dir, 'out/rankings.json'))).toEqual(expected);
  });

  it('writes a report for every input file, and an annotated copy for readable files with problems', async () => {
    const reports = await readdir(join(dir, 'out/reports'));
    const inputs = (await readdir(join(dir, 'in'))).filter((f) => f !== LONG);
    for (const f of inputs) expect(reports).toContain(`${f}.json`);
    expect(reports.filter((r) => r.endsWith('.annotated.xlsx') && !r.startsWith('Bảng')).sort()).toEqual(
      inputs.filter((f) => f.endsWith('.xlsx') && f !== 'empty.xlsx').map((f) => `${f}.annotated.xlsx`).sort(),
    );
    expect(await readJson(join(dir, 'out/reports/link-to-file.xlsx.json'))).toMatchObject({ unit: 'STP-DLK', status: 'rejected', errors: [{ code: 'VALUE_NOT_NUMBER' }] });
    // A name too long for its report's name: shortened with a hash, and the run went on.
    const long = reports.filter((r) => r.startsWith('Bảng'));
    expect(long).toHaveLength(2);
    const longReport = await readJson(join(dir, 'out/reports', long.find((r) => r.endsWith('.json'))!));
    expect(longReport).toMatchObject({ file: LONG, unit: 'STP-PYE', status: 'rejected', errors: [{ code: 'SCORE_ABOVE_MAX' }] });
    const bad = await readJson(join(dir, 'out/reports/STP-KHA~2.xlsx.json'));
    expect(bad).toMatchObject({ file: 'STP-KHA~2.xlsx', unit: 'STP-KHA', status: 'rejected', errors: [{ code: 'SCORE_ABOVE_MAX', cell: 'Chấm điểm!F8' }] });
    expect(await readJson(join(dir, 'out/reports/THADS-KTU.xlsx.json'))).toMatchObject({ status: 'rejected', errors: [{ code: 'ACHIEVED_ABOVE_BASE' }] });
    expect(await readJson(join(dir, 'out/reports/notes.txt.json'))).toMatchObject({ unit: null, status: 'rejected', errors: [{ code: 'FILE_NOT_XLSX', cell: null }] });
    expect(await readJson(join(dir, 'out/reports/empty.xlsx.json'))).toMatchObject({ errors: [{ code: 'FILE_NOT_XLSX' }] });
  });

  it('judges lateness against --received-at: every file arrived after the deadline', async () => {
    const ok = await readJson(join(dir, 'out/reports/STP-QNG.xlsx.json'));
    expect(ok).toMatchObject({ status: 'accepted', warnings: [{ code: 'LATE', cell: null }] });
  });

  it('writes the summary workbook', async () => {
    const bytes = await readFile(join(dir, 'out/summary.xlsx'));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('bloc run refuses bad arguments with exit 2', () => {
  it.each([
    ['an unknown period', ['--period', 'Q3', '--in', '.', '--out', '/tmp/x']],
    ['a missing input folder', ['--period', 'Y', '--in', '/nonexistent/in', '--out', '/tmp/x']],
    ['a received-at that is no time', ['--period', 'Y', '--in', '.', '--out', '/tmp/x', '--received-at', 'hôm qua']],
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
    const r = await runBloc(['run', '--config', CONFIG, '--period', 'Y', '--in', join(dir, 'in'), '--out', join(dir, 'out')], { env: { PATH: bin, HOME: dir }, timeout: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apt-get install -y default-jre-headless');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
