import { execFile } from 'node:child_process';
import { ROOT } from './rubric-builders.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bloc …` as a user runs it from the checkout: a child process of `node bin/bloc.mjs`. */
export const runBloc = (args: string[], opts: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Run> =>
  new Promise((done) =>
    execFile(
      process.execPath,
      ['bin/bloc.mjs', ...args],
      { cwd: ROOT, timeout: opts.timeout ?? 120_000, env: opts.env ?? process.env },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
