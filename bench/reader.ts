// `npx tsx bench/reader.ts [--old <commit>]`: median time and peak RSS of readXlsxGrid on a filled
// template, a 20,000-row workbook and hostile files, each case in its own child process (peak RSS
// is per process). With --old, the same cases through the reader of that commit (git archive).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { filledFile, forged as forge, NS, rows20kFile, sheetOf } from './files.js';
import { peakRssMiB, ROOT } from './measure.js';

if (process.argv[2] === 'child') {
  const [, , , module, file, runs] = process.argv;
  const { readXlsxGrid } = (await import(pathToFileURL(module!).href)) as typeof import('../shared/source/xlsx-grid.js');
  const bytes = readFileSync(file!);
  const times: number[] = [];
  let code = '';
  for (let i = 0; i < Number(runs); i += 1) {
    const t = process.hrtime.bigint();
    const r = await readXlsxGrid(bytes);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    code = r.ok ? 'ok' : r.problem.code;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ medianMs: times[Math.floor(times.length / 2)], peakRssMb: peakRssMiB(), code }));
  process.exit(0);
}

const rowsOf = (n: number, perRow: number, cell: string): string => {
  const row = cell.repeat(perRow);
  return Array.from({ length: n }, () => `<row>${row}</row>`).join('');
};

const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/** The reader's forged workbooks: `rows` inside sheetData, or shared strings or styles beside an empty sheet. */
const forged = (o: { rows?: string; sst?: string; styles?: string }) =>
  forge({ sheet: sheetOf(o.rows ?? ''), ...(o.sst && { sst: o.sst }), ...(o.styles && { styles: o.styles }) });

const dir = join(tmpdir(), 'bench-reader');
mkdirSync(dir, { recursive: true });

const cases: [string, number, () => Promise<Buffer>][] = [
  ['filled template (sample bloc)', 15, async () => readFileSync(await filledFile())],
  ['20,000 rows × 20 cells (exceljs)', 5, async () => readFileSync(await rows20kFile())],
  ['D2: 16 MB of unclosed <v <f <is in one cell', 3, () => forged({ rows: `<row r="1"><c r="A1">${'<v <f <is '.repeat(1_600_000)}</c></row>` })],
  [
    'D3: six 32,767-digit text cells',
    3,
    () => forged({ rows: `<row r="1">${Array.from({ length: 6 }, () => `<c t="inlineStr"><is><t>${digits(32_767)}</t></is></c>`).join('')}</row>` }),
  ],
  [
    'D4: 1,000,000 shared strings',
    3,
    () => forged({ rows: '<row r="1"><c t="s"><v>0</v></c></row>', sst: `<sst xmlns="${NS}">${'<si><t>x</t></si>'.repeat(1_000_000)}</sst>` }),
  ],
  [
    'D4: 1,000,000 cell formats',
    3,
    () => forged({ styles: `<styleSheet xmlns="${NS}"><cellXfs>${'<xf numFmtId="14"/>'.repeat(1_000_000)}</cellXfs></styleSheet>` }),
  ],
  ['D4: 8,000,000 styled empty cells', 3, () => forged({ rows: rowsOf(500, 16_000, '<c s="1"/>') })],
  ['D4: 4,000,000 styled empty cells (under the part bound)', 3, () => forged({ rows: rowsOf(250, 16_000, '<c s="1"/>') })],
  ['D4: 1,800,000 number cells', 3, () => forged({ rows: rowsOf(180, 10_000, '<c><v>1</v></c>') })],
];

const args = process.argv.slice(2);
const old = args[0] === '--old' ? args[1] : undefined;
const impls: [string, string][] = [['new', join(ROOT, 'shared/source/xlsx-grid.ts')]];
if (old) {
  const oldDir = join(tmpdir(), `bench-reader-${old}`);
  if (!existsSync(oldDir)) {
    mkdirSync(oldDir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${old} shared | tar -x -C "${oldDir}"`]);
    symlinkSync(join(ROOT, 'node_modules'), join(oldDir, 'node_modules'));
  }
  impls.push([`old ${old}`, join(oldDir, 'shared/source/xlsx-grid.ts')]);
}

const timeoutS = Number(process.env['BENCH_TIMEOUT_S'] ?? 300);
console.log(`| case | file KB | ${impls.map(([n]) => `${n}: median ms | ${n}: peak RSS MB | ${n}: result`).join(' | ')} |`);
console.log(`|---|---|${impls.map(() => '---|---|---').join('|')}|`);
for (const [name, runs, make] of cases) {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.xlsx`);
  if (!existsSync(file)) writeFileSync(file, await make());
  const cells: string[] = [];
  for (const [impl, module] of impls) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'child', module, file, String(impl === 'new' ? runs : 1)], {
      encoding: 'utf8',
      timeout: timeoutS * 1000,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const out = r.stdout.trim().split('\n').pop() ?? '';
    if (r.error || r.status !== 0 || !out.startsWith('{'))
      cells.push(`> ${timeoutS} s or failed`, '–', (r.stderr || String(r.error)).split('\n')[0]!.slice(0, 60));
    else {
      const m = JSON.parse(out) as { medianMs: number; peakRssMb: number; code: string };
      cells.push(m.medianMs.toFixed(0), m.peakRssMb.toFixed(0), m.code);
    }
  }
  console.log(`| ${name} | ${(readFileSync(file).length / 1024).toFixed(0)} | ${cells.join(' | ')} |`);
}
