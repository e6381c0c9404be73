/**
 * The hostile corpus: every input an attacker, a broken program or a hurried person sends, each with
 * the answer it must get. Two families: the committed workbook fixtures of the sample region (their
 * codes in test/fixtures/workbooks/expected.json) and files forged here for the small test bloc of
 * test/support/workbooks.ts (hidden and duplicate sheets, numbers no workbook holds, hostile XML,
 * bombs, truncated zips, files of another unit or year, other formats renamed, invisible text).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { rezip, submission, unzip, zip } from '../../support/workbooks.js';
import { forge, NS } from './forge.js';

export interface CorpusEntry {
  name: string;
  bloc: 'sample' | 'test';
  bytes: Buffer;
  /** `accepted`, or the error code it must be rejected with (among others it may also get). */
  expect: 'accepted' | string;
}

const FIXTURES = join(import.meta.dirname, '../../fixtures/workbooks');

const committed = (): CorpusEntry[] => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { status: string; errors: { code: string }[] }>;
  return readdirSync(FIXTURES)
    .filter((f) => expected[f])
    .map((f) => ({
      name: f,
      bloc: 'sample' as const,
      bytes: readFileSync(join(FIXTURES, f)),
      expect: expected[f]!.status === 'accepted' ? 'accepted' : expected[f]!.errors[0]!.code,
    }));
};

const scoringCell = (base: Buffer, ref: string, cell: string) =>
  rezip(base, (name, text) => (name === 'xl/worksheets/sheet2.xml' ? text.replace(new RegExp(`<c r="${ref}"[^>]*>.*?</c>`), cell) : undefined));
const infoText = (base: Buffer, from: string, to: string) =>
  rezip(base, (name, text) => (name === 'xl/sharedStrings.xml' || name.startsWith('xl/worksheets/') ? text.split(from).join(to) : undefined));
const workbookXml = (base: Buffer, edit: (x: string) => string) => rezip(base, (name, text) => (name === 'xl/workbook.xml' ? edit(text) : undefined));

const NUMBERS = ['0x5', '5abc', '1e999', '-1e999', '1'.repeat(41), '5.5.5', '--5', 'Infinity', 'NaN', '5,5', '0b1'];

export const forged = async (): Promise<CorpusEntry[]> => {
  const base = await submission();
  const t = (name: string, bytes: Buffer, expect: string): CorpusEntry => ({ name, bloc: 'test', bytes, expect });
  const sheetXml = (rows: string) =>
    forge({
      sheets: [
        { name: 'Thông tin', rows: '' },
        { name: 'Chấm điểm', rows },
      ],
    });
  const out: CorpusEntry[] = [
    t('valid.xlsx', base, 'accepted'),
    t('valid-nfd-labels.xlsx', infoText(base, 'Mã đơn vị', 'Mã đơn vị'.normalize('NFD')), 'accepted'),
    t('valid-zero-width-code.xlsx', infoText(base, '>U1<', '>U\u200b1<'), 'accepted'),
    t(
      'hidden-scoring.xlsx',
      workbookXml(base, (x) => x.replace('name="Chấm điểm" state="visible"', 'name="Chấm điểm" state="hidden"')),
      'SHEET_HIDDEN',
    ),
    t(
      'very-hidden-info.xlsx',
      workbookXml(base, (x) => x.replace('name="Thông tin" state="visible"', 'name="Thông tin" state="veryHidden"')),
      'SHEET_HIDDEN',
    ),
    t(
      'duplicate-scoring.xlsx',
      forge({
        sheets: [
          { name: 'Thông tin', rows: '' },
          { name: 'Chấm điểm', rows: '' },
          { name: 'CHAM  ĐIỂM ', rows: '' },
        ],
      }),
      'SHEET_DUPLICATE',
    ),
    ...NUMBERS.map((v, i) => t(`number-${i}.xlsx`, scoringCell(base, 'F8', `<c r="F8"><v>${v}</v></c>`), 'VALUE_NOT_NUMBER')),
    t('million-digit-text.xlsx', scoringCell(base, 'F8', `<c r="F8" t="inlineStr"><is><t>${'7'.repeat(1_000_000)}</t></is></c>`), 'VALUE_NOT_NUMBER'),
    t('huge-unit-code.xlsx', infoText(base, '>U1<', `>${'X'.repeat(2_000_000)}<`), 'UNIT_UNKNOWN'),
    t('another-year.xlsx', infoText(base, '>2030<', '>2029<'), 'YEAR_MISMATCH'),
    t('unclosed-tags.xlsx', sheetXml(`<row r="1"><c r="A1">${'<v <f <is '.repeat(400_000)}</c></row>`), 'FILE_CORRUPT'),
    t(
      'doctype.xlsx',
      forge({
        sheets: [
          { name: 'Thông tin', rows: '' },
          { name: 'Chấm điểm', xml: `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet xmlns="${NS}"><sheetData/></worksheet>` },
        ],
      }),
      'FILE_CORRUPT',
    ),
    t(
      'shared-strings-bomb.xlsx',
      forge({ sheets: [{ name: 'Chấm điểm', rows: '' }], sharedStrings: `<sst xmlns="${NS}">${'<si><t>x</t></si>'.repeat(300_000)}</sst>` }),
      'FILE_TOO_LARGE',
    ),
    t(
      'styles-bomb.xlsx',
      forge({
        sheets: [{ name: 'Chấm điểm', rows: '' }],
        styles: `<styleSheet xmlns="${NS}"><cellXfs>${'<xf numFmtId="0"/>'.repeat(100_000)}</cellXfs></styleSheet>`,
      }),
      'FILE_TOO_LARGE',
    ),
    t(
      'declared-4gb.xlsx',
      forge({ sheets: [{ name: 'Chấm điểm', rows: '' }], declare: { 'xl/worksheets/sheet1.xml': { size: 0xfffffff0 } } }),
      'FILE_TOO_LARGE',
    ),
    t('empty.xlsx', Buffer.alloc(0), 'FILE_NOT_XLSX'),
    t('random-bytes.xlsx', randomBytes(4096), 'FILE_NOT_XLSX'),
    t('csv-renamed.xlsx', Buffer.from('Mã tiêu chí;Điểm tự chấm\nI.1;5\n', 'utf8'), 'FILE_NOT_XLSX'),
    t('pdf-renamed.xlsx', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'FILE_NOT_XLSX'),
    t('zip-without-workbook.xlsx', zip([{ name: 'hello.txt', data: Buffer.from('xin chào') }]), 'FILE_NOT_XLSX'),
  ];
  for (const cut of [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
    out.push(t(`truncated-${Math.round(cut * 100)}.xlsx`, base.subarray(0, Math.floor(base.length * cut)), 'FILE_CORRUPT'));
  const parts = unzip(base);
  out.push(t('missing-workbook-part.xlsx', zip(parts.filter((p) => p.name !== 'xl/workbook.xml')), 'FILE_NOT_XLSX'));
  return out;
};

export const corpus = async (): Promise<CorpusEntry[]> => [...committed(), ...(await forged())];
