/**
 * The summary as a lead prints it, on the sample region: the self-score sheet lists only what
 * differs, the data bars are scaled to each group, every matrix keeps its rank, class and award
 * rows with the rest, and the whole workbook prints on at most 6 pages (LibreOffice → PDF).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHundredths, isZero, toNumber } from '#shared/numbers/rational.js';
import {
  HEADER_ROW,
  SELF_SCORE_SHEET,
  SUMMARY_SHEET,
  buildSummary,
  matrixLines,
  matrixSheetNames,
  selfScoreLines,
  type SummaryInput,
} from '#shared/workbooks/summary/summary.js';
import { sampleSummary } from './summary-cases.js';

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

/** Sheet name → its XML, through workbook.xml and its relationships. */
const sheetXml = async (buf: Buffer): Promise<Map<string, string>> => {
  const zip = await JSZip.loadAsync(buf);
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([el]) => [/Id="([^"]+)"/.exec(el)![1]!, /Target="([^"]+)"/.exec(el)![1]!]));
  const out = new Map<string, string>();
  for (const [el] of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]+)"/
      .exec(el)![1]!
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    const path = targets.get(/r:id="([^"]+)"/.exec(el)![1]!)!.replace(/^\/?(xl\/)?/, 'xl/');
    out.set(name, await zip.file(path)!.async('string'));
  }
  return out;
};

const sample = sampleSummary;

describe('the summary of the sample region, as printed', () => {
  let input: SummaryInput;
  let buffer: Buffer;
  let book: ExcelJS.Workbook;
  let sheets: Map<string, string>;

  beforeAll(async () => {
    input = await sample();
    buffer = await buildSummary(input);
    book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    sheets = await sheetXml(buffer);
  });

  it('lists only the self-scores that differ, and counts the criteria that agree', () => {
    const ws = book.getWorksheet(SELF_SCORE_SHEET)!;
    const all = selfScoreLines(input);
    const differing = all.filter((l) => !isZero(l.difference) || (l.reviewed !== null && l.reviewed !== l.computed));
    // 15 accepted members × their rubric's criteria; two of them differ.
    expect(all.length).toBeGreaterThan(250);
    expect(differing.map((l) => [l.unit, l.code])).toEqual([
      ['STP-QNG', 'I.1'],
      ['THADS-PYE', 'II.1'],
    ]);
    const listed: unknown[][] = [];
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const code = ws.getCell(r, 2).value;
      if (typeof code === 'string' && code) listed.push([ws.getCell(r, 1).value, code, ws.getCell(r, 7).value]);
    }
    expect(listed).toEqual(differing.map((l) => [l.unit, l.code, toNumber(l.difference)]));
    for (const [, , diff] of listed) expect(diff).not.toBe(0);
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(row.getCell(1).text));
    expect(texts).toContain(`${all.length - differing.length} tiêu chí khớp, không liệt kê.`);
    // The autofilter covers the listed rows, not the count below them.
    expect(sheets.get(SELF_SCORE_SHEET)).toContain(`<autoFilter ref="A${HEADER_ROW}:H${HEADER_ROW + differing.length}"/>`);
  });

  it("scales each group's data bars to its own range, not from 0, with a light bar and regular numbers", () => {
    const xml = sheets.get(SUMMARY_SHEET)!;
    const rules = [...xml.matchAll(/<conditionalFormatting sqref="E(\d+):E(\d+)"><cfRule type="dataBar"[^>]*><dataBar>([\s\S]*?)<\/dataBar>/g)];
    expect(rules).toHaveLength(input.result.groups.length);
    const ws = book.getWorksheet(SUMMARY_SHEET)!;
    input.result.groups.forEach((g, i) => {
      const totals = g.members.flatMap((m) => (m.score ? [toNumber(fromHundredths(m.score.total))] : []));
      const [low, high] = [Math.min(...totals), Math.max(...totals)];
      const cfvo = [...rules[i]![3]!.matchAll(/<cfvo type="([^"]+)"(?: val="([^"]*)")?\/>/g)].map((m) => [m[1], Number(m[2])] as const);
      expect(cfvo.map(([t]) => t)).toEqual(['num', 'num']);
      const [from, to] = [cfvo[0]![1], cfvo[1]![1]];
      expect(to).toBe(high);
      // The lowest total gets a short stub: the bar starts a little below it, far above 0.
      expect(from).toBeLessThan(low);
      expect(from).toBeGreaterThanOrEqual(low - (high - low) / 9 - 0.01);
      expect(from).toBeGreaterThan(high / 2);
      expect(rules[i]![3]).toContain('<color rgb="FFBDD7EE"/>');
      for (let r = Number(rules[i]![1]); r <= Number(rules[i]![2]); r++) expect(ws.getCell(r, 5).font?.bold ?? false, `E${r}`).toBe(false);
    });
    // Excel 2010's extension (what Excel and LibreOffice draw) has the same range, and a border.
    const ext = [...xml.matchAll(/<x14:dataBar ([^>]*)>([\s\S]*?)<\/x14:dataBar>/g)];
    expect(ext).toHaveLength(input.result.groups.length);
    for (const [, attrs, body] of ext) {
      expect(attrs).toContain('border="1"');
      expect(body).not.toContain('<xm:f>0</xm:f>');
      expect(body).toContain('<x14:borderColor rgb=');
    }
  });

  it('fits each matrix to one page, wide and tall, so that rank, class and award stay with the points', () => {
    for (const name of matrixSheetNames(input.result)) {
      const xml = sheets.get(name)!;
      expect(xml, name).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
      const setup = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
      expect(setup, name).toContain('fitToWidth="1"');
      expect(setup, name).toContain('fitToHeight="1"');
      expect(xml, name).not.toContain('<rowBreaks');
    }
  });

  it.skipIf(!hasSoffice)(
    'prints on at most 6 pages (LibreOffice → PDF)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'summary-pdf-'));
      await writeFile(join(dir, 'summary.xlsx'), buffer);
      const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
      await run('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'summary.xlsx')], { timeout: 90_000 });
      const pdf = (await readFile(join(dir, 'summary.pdf'))).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
      // Summary 1, one matrix per group 1 each, self-scores 1, log 1.
      expect(pages).toBeGreaterThanOrEqual(5);
      expect(pages).toBeLessThanOrEqual(6);
    },
    120_000,
  );
});

describe('a matrix too long for one page', () => {
  it('breaks between sections, the last section staying with the total, rank, class and award', async () => {
    const input = await sample(14); // 22 members in the first group: the largest bloc
    const buffer = await buildSummary(input);
    const xml = (await sheetXml(buffer)).get(matrixSheetNames(input.result)[0]!)!;
    const setup = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
    expect(setup).toContain('fitToWidth="1"');
    expect(setup).toContain('fitToHeight="0"');
    const breaks = [...xml.matchAll(/<brk id="(\d+)" max="16383" man="1"\/>/g)].map((m) => Number(m[1]));
    expect(breaks.length).toBeGreaterThan(0);
    expect(xml).toContain(`<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const ws = book.worksheets[1]!;
    const group = input.result.groups[0]!.group;
    const headings = new Set(
      matrixLines(group)
        .filter((l) => l.kind === 'section' || l.kind === 'pool')
        .map((l) => l.code),
    );
    // Each page after a break starts with a section (or bonus, deduction) heading.
    for (const b of breaks) expect(headings.has(ws.getCell(b + 1, 1).text), `row ${b + 1}`).toBe(true);
    const rowOf = (label: string) => [...Array(ws.rowCount).keys()].map((i) => i + 1).find((r) => ws.getCell(r, 2).text === label)!;
    const last = Math.max(...breaks);
    for (const label of ['TỔNG ĐIỂM', 'Hạng', 'Xếp loại', 'Đề nghị khen thưởng']) expect(rowOf(label)).toBeGreaterThan(last);
    // The last page holds the deduction section at least, not the closing rows alone.
    expect(rowOf('TỔNG ĐIỂM') - last).toBeGreaterThan(group.rubric.deduction.criteria.length + 1);
  });
});
