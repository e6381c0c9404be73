// `npm run bench [-- --only read,init] [--quick] [--periods N]`: every case of issue #16's table next
// to its reference measured in the same run, with the ratio and whether the goal is met. A full run
// writes bench/results/latest.{json,md}; --only or --quick write bench/results/partial.{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliRows } from './cli-run.js';
import { hostileRows } from './hostile.js';
import { initRows } from './init.js';
import { ms, ratioText, ROOT, type Options, type Row } from './measure.js';
import { nightlyRows } from './nightly.js';
import { readRows } from './read.js';
import { summaryRows } from './summary.js';

const FAMILIES: Record<string, (o: Options & { periods?: number }) => Promise<Row[]>> = {
  read: readRows,
  hostile: hostileRows,
  summary: summaryRows,
  init: initRows,
  nightly: nightlyRows,
  cli: cliRows,
};

const { values: args } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, periods: { type: 'string' } } });
const only = args.only?.split(',').map((s) => s.trim()) ?? Object.keys(FAMILIES);
const unknown = only.filter((f) => !FAMILIES[f]);
if (unknown.length) throw new Error(`unknown case family ${unknown.join(', ')}; families: ${Object.keys(FAMILIES).join(', ')}`);
const options = { quick: args.quick, ...(args.periods && { periods: Number(args.periods) }) };

const started = performance.now();
const rows: Row[] = [];
const failures: { family: string; error: string }[] = [];
for (const family of only) {
  const t = performance.now();
  process.stderr.write(`${family}…\n`);
  try {
    rows.push(...(await FAMILIES[family]!(options)));
  } catch (e) {
    failures.push({ family, error: String((e as Error)?.stack ?? e) });
    process.stderr.write(`${family} failed: ${String(e)}\n`);
  }
  process.stderr.write(`${family}: ${ms(performance.now() - t)}\n`);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const yes = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : 'no');
const machine = `${cpus().length} cores, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end`;
const md = [
  `Run ${new Date().toISOString()} (${machine}; ${ms(performance.now() - started)}${args.quick ? ', --quick' : ''}).`,
  '',
  '| case | ours | reference (name) | ratio | goal | met? |',
  '|---|---|---|---:|---|---|',
  ...rows.map((r) => `| ${cell(r.case)} | ${cell(r.ours)} | ${cell(r.reference)} | ${ratioText(r.ratio)} | ${cell(r.goal)} | ${yes(r.met)} |`),
  ...failures.map((f) => `| ${f.family}: FAILED | ${cell(f.error.split('\n')[0]!)} | | | | no |`),
].join('\n');
const name = args.only || args.quick ? 'partial' : 'latest';
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), machine, options, rows, failures }, null, 1)}\n`);
writeFileSync(join(dir, `${name}.md`), `${md}\n`);
process.stdout.write(`${md}\n`);
if (failures.length) process.exitCode = 1;
