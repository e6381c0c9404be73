/** The `bloc` bin as `npx bloc` runs it from a checkout (Node 20 cannot run .ts: bin/bloc.mjs registers tsx). */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { QUIET_SDK } from '../../support/cli.js';
import { ROOT } from '../../support/rubric-builders.js';

const npx = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile('npx', ['--no-install', 'bloc', ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...QUIET_SDK } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

// Child processes through npx and tsx: a generous bound for a loaded 2-core machine, not a timing.
describe('npx bloc', { timeout: 120_000 }, () => {
  it('--help lists the four commands of SPEC §8', async () => {
    const r = await npx('--help');
    expect(r.code).toBe(0);
    for (const command of ['demo', 'template', 'rank', 'run']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command} `, 'm'));
  });

  it('an unknown command or option exits 2', async () => {
    expect((await npx('rankk')).code).toBe(2);
    expect((await npx('rank', '--bogus')).code).toBe(2);
  });
});
