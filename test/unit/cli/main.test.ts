/** The command line's arguments, in process (no servers: every case here stops before any start). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { vietnameseError } from '../../../cli/help.js';
import { main } from '../../../cli/main.js';
import { FIXTURE, ROOT, tempFiles } from '../../support/rubric-builders.js';

const CONFIG = join(FIXTURE, 'bloc.json');
const INPUTS = join(FIXTURE, 'golden/inputs-Y.json');

const bloc = async (...args: string[]) => {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(['node', 'bloc', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
};

const ENGLISH = /Usage|Options:|Commands:|\(default|display help|required option|not specified|unknown option|error:/;

describe('help in Vietnamese, with an example per command', () => {
  it('bloc --help', async () => {
    const r = await bloc('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Cách dùng: bloc \[tùy chọn\] <lệnh>/);
    for (const t of ['Tùy chọn:', 'Lệnh:', 'Ví dụ:', '--version']) expect(r.stdout).toContain(t);
    expect(r.stdout).not.toMatch(ENGLISH);
  });

  it.each(['rank', 'run', 'template', 'demo'])('bloc %s --help', async (command) => {
    const r = await bloc(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Cách dùng: bloc ${command} [tùy chọn]`);
    expect(r.stdout).toMatch(new RegExp(`Ví dụ:\\n  npx bloc ${command}`));
    expect(r.stdout).not.toMatch(ENGLISH);
    if (command === 'demo') expect(r.stdout).toContain('(mặc định: "bloc-demo")');
    else expect(r.stdout).toMatch(/--config <file> +tệp bloc.json \(bắt buộc\)/);
  });

  it('bloc --version prints the version of package.json', async () => {
    const r = await bloc('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('every bad argument exits 2 with a Vietnamese message', () => {
  it.each([
    ['an unknown option', ['rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--bogus'], /^lỗi: không có tùy chọn --bogus$/m],
    ['a missing required option', ['rank', '--config', CONFIG, '--period', 'Y'], /^lỗi: thiếu tùy chọn bắt buộc --inputs <file>$/m],
    ['an option without its value', ['rank', '--config', CONFIG, '--period'], /^lỗi: tùy chọn --period <id> cần một giá trị$/m],
    ['an unknown command', ['rankk'], /^lỗi: không có lệnh "rankk" \(có phải rank\?\)/m],
    ['an extra argument', ['rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, 'thừa'], /^lỗi: thừa đối số cho lệnh rank/m],
    ['no command', [], /Cách dùng: bloc/],
    ['an unknown period', ['rank', '--config', CONFIG, '--period', 'Q3', '--inputs', INPUTS], /^lỗi: đợt "Q3"/m],
    ['a received-at that is no time', ['run', '--config', CONFIG, '--period', 'Y', '--in', ROOT, '--out', '/tmp/x', '--received-at', 'hôm qua'], /ISO 8601/],
  ])('%s', async (_name, args, message) => {
    const r = await bloc(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(ENGLISH);
  });

  it('translates what commander says, and keeps what it does not know after "lỗi:"', () => {
    expect(vietnameseError("error: unknown option '--ot'\n(Did you mean --out?)\n")).toBe('lỗi: không có tùy chọn --ot (có phải --out?)\n');
    expect(vietnameseError("error: option '--x <n>' argument 'y' is invalid. Not a number.\n")).toBe(
      'lỗi: giá trị "y" của --x <n> không hợp lệ. Not a number.\n',
    );
    expect(vietnameseError('error: something new\n')).toBe('lỗi: something new\n');
  });
});

describe('--received-at typo safety', () => {
  it('refuses a time in the future and one before the period began, with exit 2', async () => {
    const dir = await tempFiles({});
    const base = ['run', '--config', CONFIG, '--period', 'Y', '--in', dir, '--out', join(dir, 'out')];
    const future = await bloc(...base, '--received-at', `${new Date().getUTCFullYear() + 2}-11-19`);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^lỗi: --received-at .* là thời điểm trong tương lai/m);
    const early = await bloc(...base, '--received-at', '2024-11-19');
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/trước ngày bắt đầu của đợt Y \(01\/01\/2025\)/);
  });
});

describe('--out of the wrong kind is exit 2, not EEXIST', () => {
  it('run and demo: an existing file where a folder is wanted', async () => {
    const dir = await tempFiles({ 'ket-qua': 'một tệp' });
    const run = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', dir, '--out', join(dir, 'ket-qua'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^lỗi: --out ".*ket-qua" là một tệp đã có; --out phải là thư mục/m);
    const under = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', dir, '--out', join(dir, 'ket-qua', 'con'));
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/"[^"]*ket-qua" là một tệp, không phải thư mục/);
    const demo = await bloc('demo', '--out', join(dir, 'ket-qua'));
    expect(demo.code).toBe(2);
    expect(await readFile(join(dir, 'ket-qua'), 'utf8')).toBe('một tệp');
  });

  it('template: --all into a file, --unit into a folder or under a file', async () => {
    const dir = await tempFiles({ 'f.xlsx': 'x' });
    await mkdir(join(dir, 'd'));
    const base = ['template', '--config', CONFIG, '--period', 'Y'];
    for (const args of [
      ['--all', '--out', join(dir, 'f.xlsx')],
      ['--unit', 'STP-KHA', '--out', join(dir, 'd')],
      ['--unit', 'STP-KHA', '--out', join(dir, 'f.xlsx', 'a.xlsx')],
    ]) {
      const r = await bloc(...base, ...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(/^lỗi: --out /m);
    }
  });

  it('rank: a folder, or a path under a file', async () => {
    const dir = await tempFiles({ 'f.json': '{}' });
    for (const out of [dir, join(dir, 'f.json', 'rankings.json'), join(dir, 'none', 'rankings.json')]) {
      const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--out', out);
      expect([out, r.code]).toEqual([out, 2]);
      expect(r.stderr).toMatch(/^lỗi: --out /m);
    }
  });
});

describe('malformed JSON is reported with its line and column', () => {
  it('in bloc.json', async () => {
    const text = (await readFile(CONFIG, 'utf8')).replace('"year": 2025,', '"year": 2025,,');
    const line = text.split('\n').findIndex((l) => l.includes('2025,,')) + 1;
    const dir = await tempFiles({ 'bloc.json': text });
    const r = await bloc('rank', '--config', join(dir, 'bloc.json'), '--period', 'Y', '--inputs', INPUTS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`bloc\\.json \\$: không phải JSON hợp lệ, dòng ${line}, cột \\d+:`));
  });

  it('in --inputs', async () => {
    const dir = await tempFiles({});
    await writeFile(join(dir, 'inputs.json'), '{\n  "STP-QNG": {\n    "I.1": "8"\n    "I.2": "4"\n  }\n}\n');
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', join(dir, 'inputs.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lỗi: --inputs .*inputs\.json không phải JSON hợp lệ, dòng 4, cột 5:/m);
  });
});
