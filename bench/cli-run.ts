/**
 * `bloc run` on the sample region's inbox (as `bloc demo` writes it), timed from outside: the child's
 * progress lines on stderr, stamped as they arrive, split the wall time into start-up (to the first
 * line), DynamoDB Local and s3rver (to "Sẵn sàng"), ingest (to the last `[i/n]` line) and rank + write
 * (to "Xong"); the rest is stopping the local services and exiting.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ms, ROOT, type Options, type Row } from './measure.js';

const BLOC = join(ROOT, 'bin/bloc.mjs');
const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');

interface Split {
  wall: number;
  startup: number;
  services: number;
  ingest: number;
  rank: number;
}

const timedRun = (inbox: string, out: string): Promise<Split> =>
  new Promise((done, fail) => {
    const t0 = performance.now();
    const marks: { first?: number; ready?: number; ingested?: number; finished?: number } = {};
    const p = spawn(process.execPath, [BLOC, 'run', '--config', CONFIG, '--period', 'Y', '--in', inbox, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let rest = '';
    p.stderr.on('data', (chunk: Buffer) => {
      const now = performance.now() - t0;
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        marks.first ??= now;
        if (line.startsWith('Sẵn sàng')) marks.ready = now;
        if (/^\[\d+\/\d+\]/.test(line)) marks.ingested = now;
        if (line.startsWith('Xong')) marks.finished = now;
      }
    });
    p.on('error', fail);
    p.on('close', (code) => {
      const wall = performance.now() - t0;
      const { first, ready, ingested, finished } = marks;
      if (code !== 0 || !first || !ready || !ingested || !finished)
        return fail(new Error(`bloc run exited ${code}; progress lines seen: ${JSON.stringify(marks)}`));
      done({ wall, startup: first, services: ready - first, ingest: ingested - ready, rank: finished - ingested });
    });
  });

export const cliRows = async (o: Options): Promise<Row[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const demo = spawnSync(process.execPath, [BLOC, 'demo', '--out', join(dir, 'demo')], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`bloc demo failed: ${demo.stderr.split('\n').slice(-3).join(' ')}`);
    const runs: Split[] = [];
    for (let i = 0; i < (o.quick ? 1 : 4); i += 1) {
      const split = await timedRun(join(dir, 'demo', 'inputs'), join(dir, `out-${i}`));
      if (i > 0 || o.quick) runs.push(split); // the first is a warm-up (disk cache, JIT of the JVM's jars)
    }
    const m = (k: keyof Split) => median(runs.map((r) => r[k]));
    return [
      {
        family: 'cli',
        case: `\`bloc run\` on the sample region (median of ${runs.length})`,
        ours: `${ms(m('wall'))}: start-up ${ms(m('startup'))}, DynamoDB Local + s3rver ${ms(m('services'))}, ingest ${ms(m('ingest'))}, rank+write ${ms(m('rank'))}`,
        reference: '—',
        ratio: null,
        goal: '≤ 6 s',
        met: m('wall') <= 6000,
        data: { runs },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
