/**
 * How every case is measured: warm-ups, then pairs run alternately (ours, reference, ours, …) in the
 * same process, medians; memory as a child process's peak RSS (bench/child.ts). One row per goal.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const MB = 1e6;
export const MiB = 2 ** 20;

export interface Row {
  family: string;
  case: string;
  ours: string;
  reference: string;
  /** ours / reference; null when the row has no reference. */
  ratio: number | null;
  goal: string;
  /** null when the row has no goal of its own. */
  met: boolean | null;
  /** The raw figures, for the JSON. */
  data?: Record<string, unknown>;
}

export interface Options {
  quick: boolean;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const timeOnce = async (work: () => unknown): Promise<number> => {
  const t = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

/**
 * Medians (ms) of each named workload, run alternately `runs` times after `warmups` rounds, and the
 * median of the per-round ratio of each to the first (ours).
 */
export const alternate = async (works: [string, () => unknown][], runs: number, warmups = 1) => {
  const times = works.map(() => [] as number[]);
  for (let i = 0; i < warmups + runs; i += 1)
    for (const [j, [, work]] of works.entries()) {
      const ms = await timeOnce(work);
      if (i >= warmups) times[j]!.push(ms);
    }
  return works.map(([name], j) => ({
    name,
    ms: median(times[j]!),
    ratio: j === 0 ? 1 : median(times[0]!.map((t, i) => t / times[j]![i]!)),
  }));
};

/**
 * This process's peak RSS in MiB. On Linux `maxRSS` keeps the parent's high-water mark across fork
 * and exec (a child of a 150 MiB bench reads 150 MiB doing nothing); VmHWM is this program's own.
 */
export const peakRssMiB = (): number => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
  } catch {
    return process.resourceUsage().maxRSS / 1024;
  }
};

export interface ChildResult {
  medianMs: number;
  peakRssMiB: number;
  result: string;
  /** RSS (MiB) after each timed run. */
  rssMiB: number[];
}

/** Runs `bench/child.ts <task> ...args` in a fresh Node process; its peak RSS is that process's own. */
export const child = (task: string, args: string[], timeoutS = 300): ChildResult => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/child.ts'), task, ...args], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    maxBuffer: 64 * MiB,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const out = r.stdout.trim().split('\n').pop() ?? '';
  if (r.error || r.status !== 0 || !out.startsWith('{'))
    throw new Error(`child ${task} failed: ${r.error ?? (r.stderr || out).split('\n').slice(0, 3).join(' ')}`);
  return JSON.parse(out) as ChildResult;
};

export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
export const mib = (x: number): string => `${x.toFixed(0)} MiB`;
export const ratioText = (r: number | null): string => (r === null ? '—' : `${r.toFixed(2)}×`);
