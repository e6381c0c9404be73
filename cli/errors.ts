import { ConfigError, formatProblem, type ConfigProblem } from '#shared/config/problems.js';

/** Bad arguments or configuration: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const printConfigWarnings = (warnings: ConfigProblem[]): void => {
  for (const w of warnings) process.stderr.write(`${formatProblem(w)}\n`);
};

/** Every failure becomes a message and an exit code, never a stack trace. */
export const exitCodeFor = (e: unknown): number => {
  if (e instanceof ConfigError) {
    for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`lỗi: ${e.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`lỗi: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env['BLOC_DEBUG']) console.error(e);
  return EXIT.failed;
};
