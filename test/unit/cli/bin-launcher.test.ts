/** bin/bloc.mjs runs the command line precompiled at install while it is as new as its sources, else the sources through tsx. */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/rubric-builders.js';

let dir: string;
const run = () =>
  new Promise<string>((done, fail) =>
    execFile('node', [join(dir, 'bin', 'bloc.mjs'), 'x'], { timeout: 60_000 }, (err, stdout) => (err ? fail(err) : done(stdout.trim()))),
  );
const at = (file: string, seconds: number) => utimes(join(dir, file), seconds, seconds);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bloc-bin-'));
  await mkdir(join(dir, 'bin'));
  await mkdir(join(dir, 'cli'));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await copyFile(join(ROOT, 'bin', 'bloc.mjs'), join(dir, 'bin', 'bloc.mjs'));
  const main = (from: string) =>
    `export const main = async (argv${from === 'sources' ? ': string[]' : ''}) => { console.log('${from}', argv.length); return 0; };\n`;
  await writeFile(join(dir, 'bin', 'bloc.compiled.mjs'), main('compiled'));
  await writeFile(join(dir, 'cli', 'main.ts'), main('sources'));
  await writeFile(join(dir, 'bin', 'bloc.compiled.json'), JSON.stringify(['cli/main.ts']));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Child processes: a generous bound for a loaded 2-core machine, not a timing.
describe('bin/bloc.mjs', { timeout: 120_000 }, () => {
  it('runs the compiled command line when no source is newer than it', async () => {
    await at('cli/main.ts', 1_000_000);
    await at('bin/bloc.compiled.mjs', 2_000_000);
    expect(await run()).toBe('compiled 3');
  });

  it('runs the sources through tsx when one of them changed after the build', async () => {
    await at('cli/main.ts', 3_000_000);
    expect(await run()).toBe('sources 3');
  });

  it('runs the sources when the build left no list of its sources', async () => {
    await at('cli/main.ts', 1_000_000);
    await rm(join(dir, 'bin', 'bloc.compiled.json'));
    expect(await run()).toBe('sources 3');
  });
});
