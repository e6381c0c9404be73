/**
 * The measured steps, each made ready first (setup untimed) and then run as often as asked: ours and
 * the references (SheetJS, exceljs, the unzip + scan floor). A step returns what it got (`ok`, a
 * problem code), so a case that fails for another reason shows. Libraries are imported by the step
 * that needs them: a child's peak RSS holds only its own.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { inflateRawSync } from 'node:zlib';

import { centralDirectory } from './zip-directory.js';

export type Step = () => Promise<string> | string;

/** The floor of any reader: inflate every part and count its `<c` (what a reader must at least touch). */
export const unzipScan = (b: Buffer): string => {
  let cells = 0;
  for (const e of centralDirectory(b)) {
    const start = e.offset + 30 + b.readUInt16LE(e.offset + 26) + b.readUInt16LE(e.offset + 28);
    const raw = b.subarray(start, start + e.size);
    const data = e.method === 8 ? inflateRawSync(raw) : raw;
    for (let at = data.indexOf('<c'); at >= 0; at = data.indexOf('<c', at + 2)) cells += 1;
  }
  return `${cells} <c`;
};

export type Cells = [string, unknown[][]][];

/** Every sheet's cells, as SheetJS reads them: what the reference writers write. */
export const cellsOf = async (xlsx: Uint8Array): Promise<Cells> => {
  const { default: XLSX } = await import('xlsx');
  const wb = XLSX.read(xlsx, { type: 'buffer' });
  return wb.SheetNames.map((n) => [n, XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n]!, { header: 1, raw: true, defval: null })]);
};

/** exceljs's streaming writer, no styles, no shared strings: the same cells as our summary. */
const exceljsStreaming = async (sheets: Cells): Promise<string> => {
  const { default: ExcelJS } = await import('exceljs');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
  }
  await wb.commit();
  return `${Buffer.concat(chunks).length} B`;
};

const sheetjsWrite = async (sheets: Cells): Promise<string> => {
  const { default: XLSX } = await import('xlsx');
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return `${(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).length} B`;
};

/** The step `name` made ready on `arg`: a workbook's path for the readers, the cells' JSON for the reference writers. */
export const prepare = async (name: string, arg = ''): Promise<Step> => {
  const bytes = arg ? readFileSync(arg) : Buffer.alloc(0);
  switch (name) {
    case 'noop':
      return () => 'ok';
    case 'read-ours': {
      const { readXlsxGrid } = await import('../shared/source/xlsx-grid.js');
      return async () => {
        const r = await readXlsxGrid(bytes);
        return r.ok ? 'ok' : r.problem.code;
      };
    }
    case 'validate-ours': {
      const { readWorkbook } = await import('../shared/pipeline/read-workbook.js');
      const bloc = await (await import('./files.js')).sampleBloc();
      return async () => {
        const v = await readWorkbook(bloc, 'Y', bytes);
        return v.errors.length ? v.errors[0]!.code : 'ok';
      };
    }
    case 'read-sheetjs': {
      const { default: XLSX } = await import('xlsx');
      return () => `${XLSX.read(bytes, { type: 'buffer' }).SheetNames.length} sheets`;
    }
    case 'read-floor':
      return () => unzipScan(bytes);
    case 'summary-ours': {
      const { buildSummary } = await import('../shared/workbooks/summary/summary.js');
      const input = await (await import('./summary-case.js')).largeSummaryInput();
      return async () => `${(await buildSummary(input)).length} B`;
    }
    case 'summary-exceljs':
    case 'summary-sheetjs': {
      const sheets = JSON.parse(bytes.toString('utf8')) as Cells;
      return name === 'summary-exceljs' ? () => exceljsStreaming(sheets) : () => sheetjsWrite(sheets);
    }
    default:
      throw new Error(`unknown step ${name}`);
  }
};
