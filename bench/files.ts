/**
 * The files the bench reads, made once and kept in the temporary folder (children read them by
 * path): the sample's filled template, a 20,000-row workbook and hostile files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { loadBloc } from '../shared/config/load.js';
import type { Bloc } from '../shared/model/bloc.js';
import { buildTemplate } from '../shared/workbooks/template/template.js';
import { ROOT } from './measure.js';
import { centralDirectory } from './zip-directory.js';

export const DIR = join(tmpdir(), 'bench-files');
export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A file made once: its path. */
const cached = async (name: string, make: () => Promise<Uint8Array> | Uint8Array): Promise<string> => {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  if (!existsSync(path)) writeFileSync(path, await make());
  return path;
};

const SHEET = 'xl/worksheets/sheet1.xml';

/** Writes `size` as the declared uncompressed size of `name`, in its local header and the central directory. */
const declare = (zip: Buffer, name: string, size: number): Buffer => {
  for (const e of centralDirectory(zip).filter((x) => x.name === name)) {
    zip.writeUInt32LE(size, e.central + 24);
    zip.writeUInt32LE(size, e.offset + 22);
  }
  return zip;
};

/** A deflated workbook of one sheet `S` with the given parts; the sheet's declared size optionally a lie. */
export const forged = async (o: { sheet: Buffer | string; sst?: string; styles?: string }, declaredSize?: number): Promise<Buffer> => {
  const zip = new JSZip();
  zip.file('xl/workbook.xml', `<workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  zip.file(SHEET, o.sheet);
  if (o.sst) zip.file('xl/sharedStrings.xml', o.sst);
  if (o.styles) zip.file('xl/styles.xml', o.styles);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return declaredSize === undefined ? bytes : declare(bytes, SHEET, declaredSize);
};

/** A worksheet part holding `rows` in its sheetData. */
export const sheetOf = (rows: string): string => `<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;

/** A unit's template of the sample region's period Y filled with its golden inputs. */
export const filledTemplate = async (bloc: Bloc, unit = 'STP-KHA'): Promise<Uint8Array> => {
  const inputs = JSON.parse(readFileSync(join(ROOT, 'templates/ntb-tn-2025/golden/inputs-Y.json'), 'utf8'));
  const entries = Object.fromEntries(Object.entries(inputs[unit] as Record<string, unknown>).map(([c, v]) => [c, typeof v === 'string' ? { points: v } : v]));
  return buildTemplate(bloc, 'Y', unit, { entries } as never);
};

export const sampleBloc = async (): Promise<Bloc> => (await loadBloc(join(ROOT, 'templates/ntb-tn-2025/bloc.json'))).bloc;

/** The sample bloc's filled template of STP-KHA. */
export const filledFile = () => cached('filled.xlsx', async () => filledTemplate(await sampleBloc()));

/** 20,000 rows of a form's shape (code, title, numbers, note), 20 cells each,
 * inline strings as LibreOffice may write them: about 3 MB. */
export const rows20kFile = () =>
  cached('rows-20000.xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Chấm điểm');
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let r = 1; r <= 20_000; r += 1)
      ws.addRow([
        `I.${r}`,
        `Nội dung tiêu chí số ${r} của bảng chấm điểm thi đua`,
        10,
        Math.round(next() * 10_000),
        Math.round(next() * 10_000),
        Math.round(next() * 400) / 4,
        `minh chứng số ${Math.round(next() * 1e6)}/BC-STP ngày ${1 + (r % 28)}/11/2025`,
        ...Array.from({ length: 13 }, () => Math.round(next() * 1e6) / 100),
      ]);
    return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false } as never));
  });

/** A sheet of `<v <f <is` left open in one cell, `kb` kilobytes of it. */
export const unclosedFile = (kb: number) =>
  cached(`unclosed-${kb}k.xlsx`, () => forged({ sheet: sheetOf(`<row r="1"><c r="A1">${'<v <f <is '.repeat(kb * 100)}</c></row>`) }));

/** A sheet of `mb` megabytes of spaces inside `<sheetData>`, declaring `declaredMb` (a lie when they differ). */
export const spacesFile = (mb: number, declaredMb: number) =>
  cached(`spaces-${mb}m-declared-${declaredMb}m.xlsx`, () => {
    const head = `<worksheet xmlns="${NS}"><sheetData>`;
    const tail = '</sheetData></worksheet>';
    const data = Buffer.alloc(mb * 1024 * 1024, ' ');
    data.write(head, 0);
    data.write(tail, data.length - tail.length);
    return forged({ sheet: data }, declaredMb * 1024 * 1024);
  });
