import { execFile } from 'node:child_process';
import { ROOT } from './rubric-builders.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The AWS SDK warns once per client that Node 20 loses support: noise in every test's output. */
export const QUIET_SDK = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } as const;

/** `bloc …` as a user runs it from the checkout: a child process of `node bin/bloc.mjs`. */
export const runBloc = (args: string[], opts: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Run> =>
  new Promise((done) =>
    execFile(
      process.execPath,
      ['bin/bloc.mjs', ...args],
      { cwd: ROOT, timeout: opts.timeout ?? 120_000, env: { ...(opts.env ?? process.env), ...QUIET_SDK } },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
