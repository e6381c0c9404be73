// `npm run bench`: medians of the hot paths, each also as a ratio to a fixed reference workload run
// in the same process (these machines are shared and noisy). Writes bench/results/latest.{json,md}.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { loadBloc } from '../shared/config/load.js';
import { startEmbedded } from '../shared/local/embedded.js';
import { ingest } from '../shared/pipeline/ingest.js';
import { recompute } from '../shared/pipeline/recompute.js';
import { computePeriod } from '../shared/scoring/period.js';
import { timeSortableId } from '../shared/store/keys.js';
import { readJsonInputs } from '../shared/validation/validate-inputs.js';
import { checkContainer } from '../shared/source/container.js';
import { readWorkbook } from '../shared/pipeline/read-workbook.js';
import { annotateWorkbook } from '../shared/workbooks/annotated/annotate.js';
import { buildTemplate } from '../shared/workbooks/template/template.js';
import { withHugeMerge } from './workbooks.js';

interface Result {
  name: string;
  runs: number;
  medianMs: number;
  ratio: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const measure = async (runs: number, work: () => Promise<unknown> | unknown) => {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { medianMs: median(times), peakRssMb: peak / 2 ** 20 };
};

const reference = () => {
  const block = Buffer.alloc(4 * 2 ** 20, 7);
  return createHash('sha256').update(block).digest('hex');
};

const bloc = (await loadBloc(new URL('../templates/ntb-tn-2025/bloc.json', import.meta.url).pathname)).bloc;
const inputs = JSON.parse(await readFile(new URL('../templates/ntb-tn-2025/golden/inputs-Y.json', import.meta.url), 'utf8'));
const values = readJsonInputs(bloc, inputs).values;
const accepted = new Map([...values].map(([unit, v]) => [unit, { values: v }]));
const fillOf = (unit: string) => ({
  entries: Object.fromEntries(
    Object.entries(inputs[unit] as Record<string, unknown>).map(([c, v]) => [c, typeof v === 'string' ? { points: v } : (v as object)]),
  ),
});
const filled = await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf('STP-KHA'));
const huge = await withHugeMerge(filled);

const cases: [string, number, () => Promise<unknown> | unknown][] = [
  ['reference: sha256 of 4 MiB', 15, reference],
  ['score, rank and propose awards: 16 members', 30, () => computePeriod(bloc, 'Y', { accepted, rejected: new Set() })],
  ['write a template', 10, () => buildTemplate(bloc, 'Y', 'STP-KHA')],
  ['read and validate a filled template (streaming grid)', 15, () => readWorkbook(bloc, 'Y', filled)],
  ['exceljs buffered load of the same file (for comparison)', 15, () => new ExcelJS.Workbook().xlsx.load(Buffer.from(filled) as never)],
  ['read a workbook whose merge covers 200,000 rows', 5, () => readWorkbook(bloc, 'Y', huge)],
  [
    'annotate a workbook whose merge covers 200,000 rows',
    5,
    () => annotateWorkbook(huge, checkContainer(huge), [{ code: 'VALUE_MISSING', cell: 'Chấm điểm!F8', message: 'Thiếu điểm' }]),
  ],
];

const results: Result[] = [];
let base = 1;
for (const [name, runs, work] of cases) {
  await work();
  const m = await measure(runs, work);
  if (!results.length) base = m.medianMs;
  results.push({ name, runs, ...m, ratio: m.medianMs / base });
  process.stderr.write(`${name}: ${m.medianMs.toFixed(1)} ms\n`);
}

const env = await measure(1, async () => {
  const e = await startEmbedded();
  const started = performance.now();
  for (const [i, unit] of [...values.keys()].entries()) {
    const bytes = await buildTemplate(bloc, 'Y', unit, fillOf(unit));
    await ingest(e, bloc, 'Y', { file: `${unit}.xlsx`, bytes, uploadId: timeSortableId(new Date(), String(i)), receivedAt: new Date(), judgeLateness: false });
  }
  await recompute(e, bloc, 'Y', { now: new Date(), force: true });
  results.push({
    name: 'ingest 14 workbooks and recompute on the embedded store',
    runs: 1,
    medianMs: performance.now() - started,
    ratio: (performance.now() - started) / base,
    peakRssMb: process.memoryUsage().rss / 2 ** 20,
  });
  await e.stop();
});
results.push({
  name: 'start and stop DynamoDB Local and s3rver (with the line above)',
  runs: 1,
  medianMs: env.medianMs - results.at(-1)!.medianMs,
  ratio: (env.medianMs - results.at(-1)!.medianMs) / base,
  peakRssMb: env.peakRssMb,
});

const dir = new URL('./results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL('latest.json', dir), `${JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 1)}\n`);
const table = [
  '| case | runs | median ms | × reference | peak RSS MB |',
  '|---|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.name} | ${r.runs} | ${r.medianMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`),
].join('\n');
await writeFile(new URL('latest.md', dir), `${table}\n`);
process.stdout.write(`${table}\n`);
