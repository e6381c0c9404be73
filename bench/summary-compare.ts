/**
 * The summary workbook of issue #16's large case (100 units × 120 criteria, bench/summary-case.ts)
 * against libraries writing the same cells, in one run: exceljs's streaming writer without styles,
 * and SheetJS. Each writer runs in its own child process: 2 warm-ups, then 5 timed writes (median),
 * and the child's peak RSS. `--before DIR` adds the summary of another checkout (its
 * shared/workbooks/summary/summary.ts), e.g. main's; `--rounds N` alternates the children N times.
 *
 *   npx tsx bench/summary-compare.ts [--before /tmp/main-checkout] [--rounds 2]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import type { SummaryInput } from '../shared/workbooks/summary/summary.js';
import { largeSummaryInput } from './summary-case.js';

const WARM_UPS = 2;
const RUNS = 5;
const SUMMARY = resolve(import.meta.dirname, '../shared/workbooks/summary/summary.ts');

type Value = string | number | { date: string } | null;
/** The cells of a workbook, sheet by sheet, row by row: what the reference writers write. */
type Grid = { name: string; rows: Value[][] }[];

interface Sample {
  writer: string;
  times: number[];
  median: number;
  bytes: number;
  /** RSS once the input is ready, and the peak of the whole child. */
  rssBefore: number;
  peakRss: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

const gridOf = async (xlsx: Buffer): Promise<Grid> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  return book.worksheets.map((ws) => {
    const rows: Value[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      rows[r - 1] = (row.values as ExcelJS.CellValue[])
        .slice(1)
        .map((v) => (v instanceof Date ? { date: v.toISOString() } : typeof v === 'string' || typeof v === 'number' ? v : null));
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
};

const plain = (v: Value): string | number | Date | null => (v && typeof v === 'object' ? new Date(v.date) : v);

const exceljsUnstyled = async (grid: Grid): Promise<Buffer> => {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ useStyles: false, useSharedStrings: true, zip: { zlib: { level: 6 } } });
  for (const sheet of grid) {
    const ws = writer.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row.map(plain)).commit();
    ws.commit();
  }
  await writer.commit();
  return (writer as unknown as { stream: { read(): Buffer } }).stream.read();
};

const sheetJs = (grid: Grid): Buffer => {
  const book = XLSX.utils.book_new();
  for (const sheet of grid) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet.rows.map((r) => r.map(plain))), sheet.name);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
};

/** One writer, timed in this process. */
const child = async (writer: string, arg: string): Promise<Sample> => {
  let write: () => Promise<Buffer> | Buffer;
  if (writer === 'exceljs unstyled' || writer === 'SheetJS') {
    const grid = JSON.parse(readFileSync(arg, 'utf8')) as Grid;
    write = writer === 'SheetJS' ? () => sheetJs(grid) : () => exceljsUnstyled(grid);
  } else {
    const { buildSummary } = (await import(pathToFileURL(arg).href)) as { buildSummary: (i: SummaryInput) => Promise<Buffer> };
    const input = await largeSummaryInput(100, 120);
    write = () => buildSummary(input);
  }
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < WARM_UPS + RUNS; i++) {
    const t = performance.now();
    bytes = (await write()).length;
    if (i >= WARM_UPS) times.push(performance.now() - t);
  }
  return { writer, times, median: median(times), bytes, rssBefore, peakRss: process.resourceUsage().maxRSS * 1024 };
};

const spawnChild = (writer: string, arg: string): Sample =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', writer, arg], { encoding: 'utf8', maxBuffer: 1 << 20 })
      .trim()
      .split('\n')
      .at(-1)!,
  ) as Sample;

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  if (args[0] === '--child') {
    console.log(JSON.stringify(await child(args[1]!, args[2]!)));
    return;
  }
  const before = flag('--before');
  const rounds = Number(flag('--rounds') ?? 1);
  const { buildSummary } = await import('../shared/workbooks/summary/summary.js');
  const gridFile = join(mkdtempSync(join(tmpdir(), 'summary-compare-')), 'grid.json');
  writeFileSync(gridFile, JSON.stringify(await gridOf(await buildSummary(await largeSummaryInput(100, 120)))));
  const writers: [string, string][] = [
    ...(before ? [['summary, before', resolve(before, 'shared/workbooks/summary/summary.ts')] as [string, string]] : []),
    ['summary', SUMMARY],
    ['exceljs unstyled', gridFile],
    ['SheetJS', gridFile],
  ];
  const samples = new Map<string, Sample[]>();
  for (let r = 0; r < rounds; r++)
    for (const [writer, arg] of writers) {
      const s = spawnChild(writer, arg);
      samples.set(writer, [...(samples.get(writer) ?? []), s]);
      console.error(`${writer}: ${s.times.map((t) => Math.round(t)).join(', ')} ms`);
    }
  const rows = writers.map(([writer]) => {
    const all = samples.get(writer)!;
    return {
      writer,
      median: median(all.flatMap((s) => s.times)),
      peak: Math.max(...all.map((s) => s.peakRss)),
      before: median(all.map((s) => s.rssBefore)),
      bytes: all[0]!.bytes,
    };
  });
  const summary = rows.find((r) => r.writer === 'summary')!;
  console.log(`Summary, 100 units × 120 criteria: median of ${RUNS} writes after ${WARM_UPS} warm-ups × ${rounds} round(s), one child process per writer\n`);
  console.log('| writer | median | ÷ summary | peak RSS | RSS with input ready | file |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.writer} | ${Math.round(r.median)} ms | ${(r.median / summary.median).toFixed(2)} | ${mib(r.peak)} MiB | ${mib(r.before)} MiB | ${Math.round(r.bytes / 1024)} KB |`,
    );
};

await main();
