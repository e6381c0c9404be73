/**
 * Lambda init: importing each function's bundle in a fresh `node` vs importing its libraries alone
 * (bundles.ts), pairs alternately, medians; the bundles' sizes.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildPair, FUNCTIONS, type Bundle } from './bundles.js';
import { MB, median, mib, ms, type Options, type Row } from './measure.js';

// Peak RSS as VmHWM: see peakRssMiB in measure.ts.
const IMPORT = `import { readFileSync } from 'node:fs';
const t = performance.now(); await import(process.env.BENCH_IMPORT); const ms = performance.now() - t;
const rss = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
console.log(JSON.stringify({ ms, rss }));`;

/** Import time (ms) and peak RSS (MiB) of one fresh node process loading the bundle. */
const importOnce = (b: Bundle, flags: string[] = []): { ms: number; rss: number } => {
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', IMPORT], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], BENCH_IMPORT: pathToFileURL(b.file).href, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (r.status !== 0) throw new Error(`importing ${b.file} failed: ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
};

/** Pairs a, b alternately after a warm-up: medians and the median ratio. */
const pairs = (a: () => { ms: number; rss: number }, b: () => { ms: number; rss: number }, n: number) => {
  a();
  b();
  const runs = Array.from({ length: n }, () => [a(), b()] as const);
  return {
    a: { ms: median(runs.map(([x]) => x.ms)), rss: median(runs.map(([x]) => x.rss)) },
    b: { ms: median(runs.map(([, y]) => y.ms)), rss: median(runs.map(([, y]) => y.rss)) },
    ratio: median(runs.map(([x, y]) => x.ms / y.ms)),
  };
};

const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;

export const initRows = async (o: Options): Promise<Row[]> => {
  const n = o.quick ? 3 : 10;
  const rows: Row[] = [];
  const built = [];
  for (const name of FUNCTIONS) built.push([name, await buildPair(name)] as const);
  for (const [name, { ours, libs }] of built) {
    const p = pairs(
      () => importOnce(ours),
      () => importOnce(libs),
      n,
    );
    rows.push({
      family: 'init',
      case: `init: ${name} bundle imported in a fresh node (median of ${n})`,
      ours: `${ms(p.a.ms)}, ${mib(p.a.rss)}`,
      reference: `its libraries alone ${ms(p.b.ms)}, ${mib(p.b.rss)}`,
      ratio: p.ratio,
      goal: '≤ 1.10×',
      met: p.ratio <= 1.1,
      data: { ...p, n },
    });
  }
  for (const [name, { ours, libs }] of built)
    rows.push({
      family: 'init',
      case: `${name} bundle size (index.mjs)`,
      ours: mb(ours.bytes),
      reference: `its libraries alone ${mb(libs.bytes)}`,
      ratio: ours.bytes / libs.bytes,
      goal: name === 'ingest' ? '≤ 1.6 MB' : '—',
      met: name === 'ingest' ? ours.bytes <= 1.6 * MB : null,
      data: { ours: ours.bytes, libs: libs.bytes },
    });
  const ingest = built[0]![1].ours;
  const maps = pairs(
    () => importOnce(ingest, ['--enable-source-maps']),
    () => importOnce(ingest),
    n,
  );
  rows.push({
    family: 'init',
    case: 'init: ingest with `--enable-source-maps` (not set on the functions)',
    ours: `${ms(maps.a.ms)}, ${mib(maps.a.rss)}`,
    reference: `as deployed ${ms(maps.b.ms)}, ${mib(maps.b.rss)}`,
    ratio: maps.ratio,
    goal: '—',
    met: null,
    data: { ...maps, n },
  });
  return rows;
};
