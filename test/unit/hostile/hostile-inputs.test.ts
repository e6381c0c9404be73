/**
 * Files an attacker (or a broken program) makes, each small in bytes: sheets a person does not see,
 * numbers no workbook can hold, and XML that would make a reader slow or huge. Every one ends in a
 * reasoned answer; bounds are checked by what the reader says it stopped at, never by the clock.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#shared/numbers/limits.js';
import { readWorkbook } from '#shared/pipeline/read-workbook.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { cellAt, type Grid } from '#shared/grid/grid.js';
import { rezip, submission, testBloc, unzip, zip } from '../../support/workbooks.js';
import { forge, NS, row } from './forge.js';

const codeOf = async (bytes: Uint8Array) => {
  const r = await readXlsxGrid(bytes);
  return r.ok ? 'ok' : r.problem.code;
};
const problemOf = async (bytes: Uint8Array) => {
  const r = await readXlsxGrid(bytes);
  if (r.ok) throw new Error('read a file that should have been refused');
  return r.problem;
};
const grid = async (bytes: Uint8Array): Promise<Grid> => {
  const r = await readXlsxGrid(bytes);
  if (!r.ok) throw new Error(`${r.problem.code}: ${r.problem.message}`);
  return r.grid;
};
const found = (v: { errors: { code: string; cell: string | null }[] }) => v.errors.map((e) => `${e.code} @ ${e.cell}`);

/** The valid submission with the cell `ref` of `Chấm điểm` (sheet2.xml) replaced by `cell`. */
const withScoringCell = async (ref: string, cell: string): Promise<Buffer> => {
  const bytes = rezip(await submission(), (name, text) =>
    name === 'xl/worksheets/sheet2.xml' ? text.replace(new RegExp(`<c r="${ref}"[^>]*>.*?</c>`), cell) : undefined,
  );
  expect(
    unzip(bytes)
      .find((f) => f.name === 'xl/worksheets/sheet2.xml')!
      .data.toString(),
  ).toContain(cell.slice(0, 40));
  return bytes;
};

/** The valid submission with the workbook's sheet list edited. */
const withWorkbook = async (edit: (xml: string) => string): Promise<Buffer> =>
  rezip(await submission(), (name, text) => (name === 'xl/workbook.xml' ? edit(text) : undefined));

describe('sheets a person does not see (SPEC §6 SHEET_HIDDEN, SHEET_DUPLICATE)', () => {
  it.each(['hidden', 'veryHidden'])('a %s `Chấm điểm` → SHEET_HIDDEN naming it, and nothing is scored from it', async (state) => {
    const bytes = await withWorkbook((x) => x.replace('name="Chấm điểm" state="visible"', `name="Chấm điểm" state="${state}"`));
    const g = await grid(bytes);
    expect(g.sheets.map((s) => [s.name, s.hidden ?? false])).toEqual([
      ['Thông tin', false],
      ['Chấm điểm', true],
    ]);
    const v = await readWorkbook(testBloc(), 'P', bytes);
    expect(found(v)).toEqual(['SHEET_HIDDEN @ null']);
    expect(v.errors[0]!.message).toContain('"Chấm điểm"');
    expect(v.values).toEqual({});
  });

  it('a very hidden `Thông tin` → SHEET_HIDDEN', async () => {
    const v = await readWorkbook(
      testBloc(),
      'P',
      await withWorkbook((x) => x.replace('name="Thông tin" state="visible"', 'name="Thông tin" state="veryHidden"')),
    );
    expect(found(v)).toContain('SHEET_HIDDEN @ null');
    expect(v.errors.find((e) => e.code === 'SHEET_HIDDEN')!.message).toContain('"Thông tin"');
  });

  it('a hidden `Cham diem` before the visible `Chấm điểm` → SHEET_HIDDEN and SHEET_DUPLICATE, and the decoy is never scored', async () => {
    const files = unzip(await submission());
    const decoy = files
      .find((f) => f.name === 'xl/worksheets/sheet2.xml')!
      .data.toString()
      .replace('<c r="F8"><v>5.5</v></c>', '<c r="F8"><v>6</v></c>');
    const edited = files.map((f) => {
      if (f.name === 'xl/workbook.xml')
        return {
          name: f.name,
          data: Buffer.from(
            f.data.toString().replace('<sheet sheetId="2"', '<sheet sheetId="9" name="Cham diem" state="hidden" r:id="rIdDecoy"/><sheet sheetId="2"'),
          ),
        };
      if (f.name === 'xl/_rels/workbook.xml.rels')
        return {
          name: f.name,
          data: Buffer.from(
            f.data
              .toString()
              .replace(
                '</Relationships>',
                '<Relationship Id="rIdDecoy" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/decoy.xml"/></Relationships>',
              ),
          ),
        };
      return f;
    });
    const bytes = zip([...edited, { name: 'xl/worksheets/decoy.xml', data: Buffer.from(decoy) }]);
    expect((await grid(bytes)).sheets.map((s) => s.name)).toEqual(['Thông tin', 'Cham diem', 'Chấm điểm']);
    const v = await readWorkbook(testBloc(), 'P', bytes);
    expect(found(v).sort()).toEqual(['SHEET_DUPLICATE @ null', 'SHEET_HIDDEN @ null']);
    expect(v.errors.find((e) => e.code === 'SHEET_DUPLICATE')!.message).toContain('"Cham diem", "Chấm điểm"');
    expect(v.values).toEqual({});
  });

  it('two visible sheets that match `Chấm điểm` → SHEET_DUPLICATE', async () => {
    const sheets = [
      { name: 'Thông tin', rows: row(1, ['<c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c><c r="B1" t="inlineStr"><is><t>U1</t></is></c>']) },
      { name: 'Chấm điểm', rows: '' },
      { name: 'CHAM  ĐIỂM ', rows: '' },
    ];
    const v = await readWorkbook(testBloc(), 'P', forge({ sheets }));
    expect(found(v)).toContain('SHEET_DUPLICATE @ null');
    expect(found(v)).not.toContain('SHEET_HIDDEN @ null');
  });
});

describe('numbers no workbook can hold (SPEC §5 VALUE_NOT_NUMBER)', () => {
  it.each(['0x5', '5abc', '1e999', '-1e999', '1'.repeat(41), '5.5.5', '--5', 'Infinity', 'NaN', '5,5', '0b1'])(
    'a number cell holding %s → VALUE_NOT_NUMBER at that cell',
    async (v) => {
      const r = await readWorkbook(testBloc(), 'P', await withScoringCell('F8', `<c r="F8"><v>${v}</v></c>`));
      expect(found(r)).toEqual(['VALUE_NOT_NUMBER @ Chấm điểm!F8']);
    },
  );

  it.each(['5.5', '55E-1', '.55e1', '+5.5', ' 5.5 ', '5.50000000000000000001'])('a number cell holding "%s" is 5.5', async (v) => {
    const r = await readWorkbook(testBloc(), 'P', await withScoringCell('F8', `<c r="F8"><v>${v}</v></c>`));
    expect(r.errors).toEqual([]);
    expect(r.values['I.2']?.points).toEqual({ num: 11n, den: 2n });
  });

  it('text of 41 digits → VALUE_NOT_NUMBER; of 40 characters it is still read', async () => {
    const cell = (t: string) => `<c r="F8" t="inlineStr"><is><t>${t}</t></is></c>`;
    expect(found(await readWorkbook(testBloc(), 'P', await withScoringCell('F8', cell('0'.repeat(37) + '5,5'))))).toEqual([]);
    expect(found(await readWorkbook(testBloc(), 'P', await withScoringCell('F8', cell('0'.repeat(38) + '5,5'))))).toEqual(['VALUE_NOT_NUMBER @ Chấm điểm!F8']);
  });

  it.each([
    ['inline text', (d: string) => `<c r="F8" t="inlineStr"><is><t>${d}</t></is></c>`],
    ['a formula string', (d: string) => `<c r="F8" t="str"><f>REPT("9",1E6)</f><v>${d}</v></c>`],
    ['a number cell', (d: string) => `<c r="F8"><v>${d}</v></c>`],
  ])('a 1,000,000-digit number as %s → VALUE_NOT_NUMBER, quoted cut', async (_, cell) => {
    const digits = '9'.repeat(1_000_000);
    const bytes = await withScoringCell('F8', cell(digits));
    expect(bytes.length).toBeLessThan(100_000);
    const g = await grid(bytes);
    const raw = cellAt(g.sheets[1]!, 8, 6);
    expect(raw.kind === 'text' || raw.kind === 'error' ? raw.text.length : Infinity).toBeLessThanOrEqual(LIMITS.textChars + 1);
    const r = await readWorkbook(testBloc(), 'P', bytes);
    expect(found(r)).toEqual(['VALUE_NOT_NUMBER @ Chấm điểm!F8']);
    const quoted = /"([^"]*)"/.exec(r.errors[0]!.message)![1]!;
    expect(quoted).toBe(`${'9'.repeat(LIMITS.quoteChars)}…`);
    expect(r.errors[0]!.message.length).toBeLessThan(LIMITS.quoteChars + 100);
  });

  it('a text cell longer than Excel allows is cut to LIMITS.textChars and marked "…"', async () => {
    const g = await grid(await withScoringCell('B8', `<c r="B8" t="inlineStr"><is><t>${'x'.repeat(LIMITS.textChars + 10)}</t></is></c>`));
    expect(cellAt(g.sheets[1]!, 8, 2)).toEqual({ kind: 'text', text: `${'x'.repeat(LIMITS.textChars)}…` });
  });

  it('a unit code of 10 MB is quoted, cut, in UNIT_UNKNOWN', async () => {
    const bytes = rezip(await submission(), (name, text) =>
      name === 'xl/worksheets/sheet1.xml'
        ? text.replace(/(<row r="6"[^>]*>.*?<c r="B6")[^>]*>.*?<\/c>/, `$1 t="inlineStr"><is><t>${'U'.repeat(10_000_000)}</t></is></c>`)
        : undefined,
    );
    const r = await readWorkbook(testBloc(), 'P', bytes);
    const unknown = r.errors.find((e) => e.code === 'UNIT_UNKNOWN');
    expect(unknown?.cell).toBe('Thông tin!B6');
    expect(unknown!.message.length).toBeLessThan(LIMITS.quoteChars + 100);
  });
});

describe('hostile XML and bombs end with FILE_CORRUPT or FILE_TOO_LARGE', () => {
  const big = { timeout: 60_000 };

  it('16 MB of unclosed `<v <f <is` in one cell (a small file) → FILE_CORRUPT', big, async () => {
    const bytes = forge({ sheets: [{ name: 'S', rows: `<row r="1"><c r="A1">${'<v <f <is '.repeat(1_600_000)}</c></row>` }] });
    expect(bytes.length).toBeLessThan(100_000);
    expect(await codeOf(bytes)).toBe('FILE_CORRUPT');
  });

  it('a DOCTYPE (entity expansion) → FILE_CORRUPT', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="str"><v>&b;</v></c></row></sheetData></worksheet>`;
    expect(await codeOf(forge({ sheets: [{ name: 'S', xml }] }))).toBe('FILE_CORRUPT');
  });

  it(`1,000,000 shared strings → FILE_TOO_LARGE (at most ${LIMITS.sharedStrings.toLocaleString('en')})`, big, async () => {
    const sharedStrings = `<sst xmlns="${NS}">${'<si><t>x</t></si>'.repeat(1_000_000)}</sst>`;
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows: '' }], sharedStrings }));
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message).toContain(LIMITS.sharedStrings.toLocaleString('vi-VN'));
  });

  it('shared strings of 11 million characters → FILE_TOO_LARGE', big, async () => {
    const sharedStrings = `<sst xmlns="${NS}">${`<si><t>${'x'.repeat(30_000)}</t></si>`.repeat(370)}</sst>`;
    expect((await problemOf(forge({ sheets: [{ name: 'S', rows: '' }], sharedStrings }))).code).toBe('FILE_TOO_LARGE');
  });

  it('1,000,000 cell formats → FILE_TOO_LARGE', big, async () => {
    const styles = `<styleSheet xmlns="${NS}"><cellXfs>${'<xf numFmtId="14"/>'.repeat(1_000_000)}</cellXfs></styleSheet>`;
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows: '' }], styles }));
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message).toContain(LIMITS.styles.toLocaleString('vi-VN'));
  });

  it(`styled empty cells past ${LIMITS.cellsScanned.toLocaleString('en')} → FILE_TOO_LARGE, though none holds a value`, big, async () => {
    const rowXml = '<c s="1"/>'.repeat(16_000);
    const rows = Array.from({ length: Math.ceil(LIMITS.cellsScanned / 16_000) + 1 }, () => `<row>${rowXml}</row>`).join('');
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows }] }));
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message).toContain(LIMITS.cellsScanned.toLocaleString('vi-VN'));
  });

  it('8,000,000 styled empty cells (a part inflating past LIMITS.partBytes) → FILE_TOO_LARGE before parsing', big, async () => {
    const rowXml = '<c s="1"/>'.repeat(16_000);
    const rows = Array.from({ length: 500 }, () => `<row>${rowXml}</row>`).join('');
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows }] }));
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message).toContain('sheet1.xml');
  });

  it(`more than ${LIMITS.cells.toLocaleString('en')} number cells → FILE_TOO_LARGE`, big, async () => {
    const rowXml = '<c><v>1</v></c>'.repeat(10_000);
    const rows = Array.from({ length: LIMITS.cells / 10_000 + 1 }, () => `<row>${rowXml}</row>`).join('');
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows }] }));
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message).toContain(LIMITS.cells.toLocaleString('vi-VN'));
  });

  it(`more than ${LIMITS.rowsScanned.toLocaleString('en')} empty rows → FILE_TOO_LARGE`, big, async () => {
    const p = await problemOf(forge({ sheets: [{ name: 'S', rows: '<row/>'.repeat(LIMITS.rowsScanned + 1) }] }));
    expect(p.code).toBe('FILE_TOO_LARGE');
  });

  it('a part declaring more than LIMITS.partBytes is refused before a byte is inflated', async () => {
    const declare = { 'xl/worksheets/sheet1.xml': { size: LIMITS.partBytes + 1 } };
    expect(await codeOf(forge({ sheets: [{ name: 'S', rows: '' }], declare }))).toBe('FILE_TOO_LARGE');
  });

  it('a part that inflates past its declared size → FILE_TOO_LARGE', async () => {
    const declare = { 'xl/worksheets/sheet1.xml': { size: 100 } };
    expect(await codeOf(forge({ sheets: [{ name: 'S', rows: row(1, ['<c><v>1</v></c>'.repeat(100)]) }], declare }))).toBe('FILE_TOO_LARGE');
  });

  it('parts declaring 4 GB in all → FILE_TOO_LARGE', async () => {
    const declare = { 'xl/worksheets/sheet1.xml': { size: 0xfffffff0 } };
    expect(await codeOf(forge({ sheets: [{ name: 'S', rows: '' }], declare }))).toBe('FILE_TOO_LARGE');
  });

  it('a sheet name longer than LIMITS.sheetNameChars → FILE_CORRUPT', async () => {
    expect(await codeOf(forge({ sheets: [{ name: 'x'.repeat(LIMITS.sheetNameChars + 1), rows: '' }] }))).toBe('FILE_CORRUPT');
  });
});
