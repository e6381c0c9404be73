import { describe, expect, it } from 'vitest';
import { cellAt, type Grid, type GridSheet } from '#shared/grid/grid.js';
import type { RawValue } from '#shared/numbers/reading.js';
import { LIMITS } from '#shared/numbers/limits.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { DATE_STYLES, afterSheetData, excelWorkbook, rawXlsx, rezip, sheetJsWorkbook, submission, unzip, type Rows } from '../../support/workbooks.js';

const read = async (bytes: Uint8Array): Promise<Grid> => {
  const r = await readXlsxGrid(bytes);
  if (!r.ok) throw new Error(`${r.problem.code}: ${r.problem.message}`);
  return r.grid;
};

const codeOf = async (bytes: Uint8Array) => {
  const r = await readXlsxGrid(bytes);
  return r.ok ? 'ok' : r.problem.code;
};

const sheet = (grid: Grid, name: string): GridSheet => {
  const s = grid.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};

/** A1-style address → value. */
const at = (s: GridSheet, ref: string): RawValue => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return cellAt(s, Number(m[2]), col);
};

const dump = (grid: Grid) => JSON.stringify(grid.sheets.map((s) => [s.name, [...s.rows].map(([r, cols]) => [r, [...cols]])]));

const sheetData = (rows: string) => `<sheetData>${rows}</sheetData>`;

describe('readXlsxGrid: cell values (exceljs-written)', () => {
  const rows: Rows = [
    [
      'Mã tiêu chí',
      8.5,
      { formula: '1/0', result: { error: '#DIV/0!' } },
      { formula: 'B1*2' },
      new Date(Date.UTC(2030, 10, 20)),
      true,
      { formula: 'TRUE()', result: true },
      { formula: 'B1', result: 8.5 },
      { error: '#REF!' },
      { formula: 'E1+1', result: new Date(Date.UTC(2030, 10, 21)) },
      { formula: 'TEXT(B1,"0.0")', result: '8,5' },
      4.3499999999999996,
    ],
  ];

  it('maps every kind of cell to its RawValue', async () => {
    const bytes = await excelWorkbook([{ name: 'Chấm điểm', rows }], (wb) => {
      const ws = wb.getWorksheet('Chấm điểm')!;
      ws.getCell('M1').value = { richText: [{ text: 'Điểm ' }, { text: 'tự chấm', font: { bold: true } }] };
    });
    const s = sheet(await read(bytes), 'Chấm điểm');
    expect(at(s, 'A1')).toEqual({ kind: 'text', text: 'Mã tiêu chí' });
    expect(at(s, 'B1')).toEqual({ kind: 'number', value: 8.5 });
    expect(at(s, 'C1')).toEqual({ kind: 'error', text: '#DIV/0!' });
    expect(at(s, 'D1')).toEqual({ kind: 'formula-without-result', formula: 'B1*2' });
    expect(at(s, 'E1')).toEqual({ kind: 'date', text: '20/11/2030' });
    expect(at(s, 'F1')).toEqual({ kind: 'boolean', value: true });
    expect(at(s, 'G1')).toEqual({ kind: 'boolean', value: true });
    expect(at(s, 'H1')).toEqual({ kind: 'number', value: 8.5 });
    expect(at(s, 'I1')).toEqual({ kind: 'error', text: '#REF!' });
    expect(at(s, 'J1')).toEqual({ kind: 'date', text: '21/11/2030' });
    expect(at(s, 'K1')).toEqual({ kind: 'text', text: '8,5' });
    expect(at(s, 'L1')).toEqual({ kind: 'number', value: 4.3499999999999996 });
    expect(at(s, 'M1')).toEqual({ kind: 'text', text: 'Điểm tự chấm' });
    expect(at(s, 'N1')).toEqual({ kind: 'empty' });
  });

  it('keeps sheet names and order, and NFC text', async () => {
    const nfd = 'Chấm điểm'.normalize('NFD');
    const bytes = await excelWorkbook([
      { name: 'Hướng dẫn & ghi chú', rows: [['x']] },
      { name: 'Thông tin', rows: [[nfd]] },
      { name: 'Chấm điểm', rows: [[1]] },
    ]);
    const grid = await read(bytes);
    expect(grid.sheets.map((s) => s.name)).toEqual(['Hướng dẫn & ghi chú', 'Thông tin', 'Chấm điểm']);
    expect(at(sheet(grid, 'Thông tin'), 'A1')).toEqual({ kind: 'text', text: 'Chấm điểm' });
  });

  it('reads only the sheets asked for', async () => {
    const bytes = await excelWorkbook([
      { name: 'Thông tin', rows: [['a']] },
      { name: 'Phụ lục', rows: [['b']] },
    ]);
    const r = await readXlsxGrid(bytes, { sheets: (name) => name !== 'Phụ lục' });
    expect(r.ok && r.grid.sheets.map((s) => s.name)).toEqual(['Thông tin']);
  });
});

describe('readXlsxGrid: SheetJS and zip order', () => {
  const rows: Rows = [
    ['Mã tiêu chí', 'Điểm tự chấm', 'Số thực hiện'],
    ['I.1', '8,5', 1103],
    ['I.2', { formula: 'B2', result: 3 }, { formula: 'C2' }],
    ['I.3', { error: '#REF!' }, true],
  ];

  it('SheetJS writes worksheets before xl/workbook.xml and no shared strings', () => {
    const names = unzip(sheetJsWorkbook([{ name: 'Chấm điểm', rows }])).map((f) => f.name);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/workbook.xml'));
    expect(names).not.toContain('xl/sharedStrings.xml');
  });

  it('reads a SheetJS file 20 times in a row, the same every time', async () => {
    const bytes = sheetJsWorkbook([
      { name: 'Thông tin', rows: [['Mã đơn vị', 'U1']] },
      { name: 'Chấm điểm', rows },
    ]);
    const first = dump(await read(bytes));
    for (let i = 0; i < 20; i += 1) expect(dump(await read(bytes))).toBe(first);
    const s = sheet(await read(bytes), 'Chấm điểm');
    expect(at(s, 'B2')).toEqual({ kind: 'text', text: '8,5' });
    expect(at(s, 'C2')).toEqual({ kind: 'number', value: 1103 });
    expect(at(s, 'B3')).toEqual({ kind: 'number', value: 3 });
    expect(at(s, 'C3')).toEqual({ kind: 'formula-without-result', formula: 'C2' });
    expect(at(s, 'B4')).toEqual({ kind: 'error', text: '#REF!' });
    expect(at(s, 'C4')).toEqual({ kind: 'boolean', value: true });
  });

  it('reads a zip whose worksheets come first and workbook, rels and shared strings last', async () => {
    const isSheet = (name: string) => name.startsWith('xl/worksheets/');
    const bytes = rezip(
      await submission(),
      () => undefined,
      (files) => [...files.filter((f) => isSheet(f.name)), ...files.filter((f) => !isSheet(f.name)).reverse()],
    );
    const names = unzip(bytes).map((f) => f.name);
    for (const part of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'])
      expect(names.indexOf('xl/worksheets/sheet2.xml')).toBeLessThan(names.indexOf(part));
    const grid = await read(bytes);
    expect(at(sheet(grid, 'Chấm điểm'), 'A5')).toEqual({ kind: 'text', text: 'Mã tiêu chí' });
    expect(dump(grid)).toBe(dump(await read(await submission())));
  });
});

describe('readXlsxGrid: XML other writers produce', () => {
  it('rows and cells without a reference take the next position', async () => {
    const bytes = rawXlsx({
      sheets: [
        {
          name: 'S',
          xml: sheetData(
            '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>',
          ),
        },
      ],
    });
    const s = sheet(await read(bytes), 'S');
    expect(at(s, 'A1')).toEqual({ kind: 'text', text: 'a' });
    expect(at(s, 'B1')).toEqual({ kind: 'number', value: 2 });
    expect(at(s, 'C4')).toEqual({ kind: 'number', value: 3 });
    expect(at(s, 'D4')).toEqual({ kind: 'number', value: 4 });
    expect(at(s, 'A5')).toEqual({ kind: 'number', value: 5 });
  });

  it('inline rich text, phonetic runs, escapes, shared strings and empty values', async () => {
    const bytes = rawXlsx({
      sheets: [
        {
          name: 'S',
          xml: sheetData(
            '<row r="1">' +
              '<c r="A1" t="inlineStr"><is><r><t>Điểm </t></r><r><rPr><b/></rPr><t>tự chấm</t></r><rPh sb="0" eb="1"><t>X</t></rPh></is></c>' +
              '<c r="B1" t="s"><v>0</v></c>' +
              '<c r="C1" t="s"><v>1</v></c>' +
              '<c r="D1" t="str"><v>a &amp; b &lt; c</v></c>' +
              '<c r="E1"><v></v></c>' +
              '<c r="F1" t="str"><f>IF(1,"","x")</f><v></v></c>' +
              '<c r="G1"><f t="shared" si="0"/></c>' +
              '<c r="H1" t="s"><v>2</v></c>' +
              '<c r="I1" s="0"/>' +
              '</row>',
          ),
        },
      ],
      sharedStrings:
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>dòng 1_x000D_\ndòng 2</t></si><si><r><t>Số </t></r><r><t>thực hiện</t></r></si><si><t>Năm</t><rPh sb="0" eb="1"><t>ネン</t></rPh></si></sst>',
    });
    const s = sheet(await read(bytes), 'S');
    expect(at(s, 'A1')).toEqual({ kind: 'text', text: 'Điểm tự chấm' });
    expect(at(s, 'B1')).toEqual({ kind: 'text', text: 'dòng 1\r\ndòng 2' });
    expect(at(s, 'C1')).toEqual({ kind: 'text', text: 'Số thực hiện' });
    expect(at(s, 'D1')).toEqual({ kind: 'text', text: 'a & b < c' });
    expect(at(s, 'E1')).toEqual({ kind: 'empty' });
    expect(at(s, 'F1')).toEqual({ kind: 'empty' });
    expect(at(s, 'G1')).toEqual({ kind: 'formula-without-result', formula: '' });
    expect(at(s, 'H1')).toEqual({ kind: 'text', text: 'Năm' });
  });

  it('dates: date-formatted numbers, built-in date formats, t="d" cells, and the 1904 system', async () => {
    const serial = (Date.UTC(2030, 10, 20) - Date.UTC(1899, 11, 30)) / 86_400_000;
    const xml = sheetData(
      `<row r="1"><c r="A1" s="1"><v>${serial}</v></c><c r="B1" s="2"><v>${serial}.5</v></c><c r="C1" s="3"><v>${serial}</v></c><c r="D1" t="d"><v>2030-11-20T00:00:00Z</v></c><c r="E1" s="1"><f>A1+1</f><v>${serial + 1}</v></c></row>`,
    );
    const s = sheet(await read(rawXlsx({ sheets: [{ name: 'S', xml }], styles: DATE_STYLES })), 'S');
    expect(at(s, 'A1')).toEqual({ kind: 'date', text: '20/11/2030' });
    expect(at(s, 'B1')).toEqual({ kind: 'date', text: '20/11/2030 12:00' });
    expect(at(s, 'C1')).toEqual({ kind: 'number', value: serial });
    expect(at(s, 'D1')).toEqual({ kind: 'date', text: '20/11/2030' });
    expect(at(s, 'E1')).toEqual({ kind: 'date', text: '21/11/2030' });
    const s1904 = sheet(await read(rawXlsx({ sheets: [{ name: 'S', xml }], styles: DATE_STYLES, workbookPr: '<workbookPr date1904="1"/>' })), 'S');
    expect(at(s1904, 'A1')).toEqual({ kind: 'date', text: '21/11/2034' });
  });

  it('a worksheet part with another name, an absolute target and prefixed XML', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const bytes = rawXlsx({
      sheets: [
        { name: 'A & B', xml: sheetData('<row r="2"><c r="B2"><v>7</v></c></row>'), target: '/xl/worksheets/data-one.xml' },
        { name: 'P', xml: `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>` },
      ],
      sharedStrings: `<x:sst xmlns:x="${ns}"><x:si><x:t>có tiền tố</x:t></x:si></x:sst>`,
    });
    const grid = await read(bytes);
    expect(grid.sheets.map((s) => s.name)).toEqual(['A & B', 'P']);
    expect(at(sheet(grid, 'A & B'), 'B2')).toEqual({ kind: 'number', value: 7 });
    expect(at(sheet(grid, 'P'), 'A1')).toEqual({ kind: 'text', text: 'có tiền tố' });
  });

  it('a worksheet with no sheetData is an empty sheet', async () => {
    const grid = await read(rawXlsx({ sheets: [{ name: 'S', xml: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' }] }));
    expect(grid.sheets[0]!.rows.size).toBe(0);
  });
});

describe('readXlsxGrid: huge ranges and row limits', () => {
  it('a merge over 200,000 rows and data validations over whole columns are read in bounded time', async () => {
    const bytes = afterSheetData(
      await submission(),
      '<mergeCells count="2"><mergeCell ref="H10:Z200000"/><mergeCell ref="A300:XFD1048576"/></mergeCells>' +
        '<dataValidations count="2"><dataValidation type="decimal" allowBlank="1" sqref="A1:D1048576 F1:F1048576"><formula1>0</formula1><formula2>100</formula2></dataValidation>' +
        '<dataValidation type="list" sqref="A:XFD"><formula1>"a,b"</formula1></dataValidation></dataValidations>' +
        '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar></cfRule></conditionalFormatting>',
    );
    expect(bytes.length).toBeLessThan(30_000);
    const grid = await read(bytes);
    expect(at(sheet(grid, 'Chấm điểm'), 'A5')).toEqual({ kind: 'text', text: 'Mã tiêu chí' });
    expect(sheet(grid, 'Chấm điểm').rows.size).toBeLessThan(40);
    // Its time is measured by the bench (bench/reader.ts), not asserted here: a loaded CI box is no clock.
  }, 60_000);

  it('keeps only cells that hold something, whatever the sheet says after sheetData', async () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" s="3"/><c r="B1"><v>1</v></c></row><row r="2" s="1"><c r="A2" s="1"/></row></sheetData><mergeCells><mergeCell ref="A1:Z999999"/></mergeCells></worksheet>';
    const s = sheet(await read(rawXlsx({ sheets: [{ name: 'S', xml }] })), 'S');
    expect([...s.rows.keys()]).toEqual([1]);
    expect([...s.rows.get(1)!]).toEqual([[2, { kind: 'number', value: 1 }]]);
  });

  it(`more than ${LIMITS.rowsPerSheet.toLocaleString('en')} rows holding values in a sheet → FILE_TOO_LARGE`, async () => {
    const rows = Array.from({ length: LIMITS.rowsPerSheet + 1 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const r = await readXlsxGrid(rawXlsx({ sheets: [{ name: 'Big', xml: sheetData(rows) }] }));
    expect(r.ok ? 'ok' : r.problem.code).toBe('FILE_TOO_LARGE');
    if (!r.ok) expect(r.problem.message).toContain('Big');
  });

  it('rows of formatted empty cells do not count as rows', async () => {
    const empty = Array.from({ length: 150_000 }, (_, i) => `<row r="${i + 1}" s="1" customFormat="1"><c r="A${i + 1}" s="1"/></row>`).join('');
    const grid = await read(rawXlsx({ sheets: [{ name: 'S', xml: sheetData(`${empty}<row r="150001"><c r="A150001"><v>1</v></c></row>`) }] }));
    expect(at(sheet(grid, 'S'), 'A150001')).toEqual({ kind: 'number', value: 1 });
    expect(sheet(grid, 'S').rows.size).toBe(1);
  }, 20_000);
});

describe('readXlsxGrid: unreadable workbooks', () => {
  const good = () => rawXlsx({ sheets: [{ name: 'S', xml: sheetData('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }], sharedStrings: ['x'] });

  it('reads the good file the bad ones are made from', async () => {
    expect(await codeOf(good())).toBe('ok');
  });

  it.each([
    ['shared strings that are not XML', 'xl/sharedStrings.xml', '<sst><si><t>x</t></si'],
    ['shared strings with a bad entity', 'xl/sharedStrings.xml', '<sst><si><t>a &bogus; b</t></si></sst>'],
    ['a sheet cut in the middle', 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>'],
    ['a sheet whose cell is not closed', 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>'],
    ['a sheet that is not a worksheet', 'xl/worksheets/sheet1.xml', 'hello'],
    [
      'a value with a bad entity',
      'xl/worksheets/sheet1.xml',
      '<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>&nope;</v></c></row></sheetData></worksheet>',
    ],
    ['stray "<<<" inside sheetData', 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><<<<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'],
    ['an attribute never closed', 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1><c r="A1"><v>1</v></c></row></sheetData></worksheet>'],
    [
      'an unknown entity between cells',
      'xl/worksheets/sheet1.xml',
      '<worksheet><sheetData>&bogus;<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    ],
    ['a worksheet never closed', 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'],
    ['a workbook.xml that is not a workbook', 'xl/workbook.xml', '{"sheets": []}'],
    ['a workbook without sheets', 'xl/workbook.xml', '<workbook><sheets/></workbook>'],
    ['styles that are not XML', 'xl/styles.xml', '<styleSheet><cellXfs'],
  ])('%s → FILE_CORRUPT', async (_, part, text) => {
    const base = rawXlsx({
      sheets: [{ name: 'S', xml: sheetData('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
      sharedStrings: ['x'],
      styles: DATE_STYLES,
    });
    expect(await codeOf(rezip(base, (name) => (name === part ? text : undefined)))).toBe('FILE_CORRUPT');
  });

  it('missing workbook rels or a missing worksheet part → FILE_CORRUPT', async () => {
    const files = unzip(good());
    expect(
      await codeOf(
        rezip(
          good(),
          () => undefined,
          () => files.filter((f) => f.name !== 'xl/_rels/workbook.xml.rels'),
        ),
      ),
    ).toBe('FILE_CORRUPT');
    expect(
      await codeOf(
        rezip(
          good(),
          () => undefined,
          () => files.filter((f) => f.name !== 'xl/worksheets/sheet1.xml'),
        ),
      ),
    ).toBe('FILE_CORRUPT');
  });

  it('the container problems come through (empty, PDF, truncated)', async () => {
    expect(await codeOf(Buffer.alloc(0))).toBe('FILE_NOT_XLSX');
    expect(await codeOf(Buffer.from('%PDF-1.4 ...'))).toBe('FILE_NOT_XLSX');
    const bytes = await submission();
    expect(await codeOf(bytes.subarray(0, bytes.length - 30))).toBe('FILE_CORRUPT');
  });

  it('never throws nor hangs on damaged copies of a real workbook', async () => {
    const original = await submission();
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seen = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      const bytes = Buffer.from(original);
      if (i % 3 === 0) {
        const cut = Math.floor(random() * bytes.length);
        seen.add(await codeOf(bytes.subarray(0, cut)));
        continue;
      }
      for (let k = 0; k < 1 + (i % 5); k += 1) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      seen.add(await codeOf(bytes));
    }
    for (const code of seen) expect(['ok', 'FILE_CORRUPT', 'FILE_NOT_XLSX', 'FILE_TOO_LARGE', 'FILE_ENCRYPTED']).toContain(code);
    expect(seen.has('FILE_CORRUPT')).toBe(true);
  }, 30_000);

  it.each([
    ['cells that never close their tag', `<row r="1">${'<c '.repeat(400_000)}</row>`],
    ['rows that never close their tag', `${'<row '.repeat(400_000)}`],
    ['values and formulas that never close', `<row r="1"><c r="A1">${'<v <f <is '.repeat(200_000)}</c></row>`],
    ['300,000 rows without cells before a distant cell', `${'<row></row>'.repeat(300_000)}<row><c><v>1</v></c></row>`],
    ['phonetic runs that never close', `<row r="1"><c r="A1" t="inlineStr"><is>${'<rPh '.repeat(300_000)}<t>x</t></is></c></row>`],
  ])(
    'hostile XML (%s) ends quickly',
    async (_, rows) => {
      const code = await codeOf(rawXlsx({ sheets: [{ name: 'S', xml: sheetData(rows) }] }));
      expect(['ok', 'FILE_CORRUPT']).toContain(code);
      // A generous bound only (the test's timeout); the time is the bench's (bench/reader.ts).
    },
    60_000,
  );

  it('damaged XML inside an intact zip: every truncation of a part is handled', async () => {
    const base = await submission();
    const part = unzip(base)
      .find((f) => f.name === 'xl/worksheets/sheet2.xml')!
      .data.toString('utf8');
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const code = await codeOf(rezip(base, (name) => (name === 'xl/worksheets/sheet2.xml' ? part.slice(0, Math.floor(part.length * fraction)) : undefined)));
      expect(['ok', 'FILE_CORRUPT']).toContain(code);
    }
  });
});
