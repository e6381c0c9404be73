import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkContainer } from '#shared/source/container.js';
import { problem, type Problem } from '#shared/model/problem.js';
import {
  COMMENT_AUTHOR,
  EXPLANATION_HEADER,
  PROBLEMS_SHEET,
  PROBLEM_HEADERS,
  UNREADABLE_NOTE,
  annotateWorkbook,
  cellsInRef,
  cellsInSqref,
  normalizeBooleans,
  parseCellRef,
  stripHugeRanges,
} from '#shared/workbooks/annotated/annotate.js';

const RED = 'FFFFC7CE';
const ORANGE = 'FFFFD8A8';

/** A small submission-like workbook: shared styles, a formula, a merged title, a validation. */
const sampleWorkbook = async (): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const info = wb.addWorksheet('Thông tin');
  info.getCell('A1').value = 'Mã đơn vị';
  info.getCell('C1').value = 'STP-QNG';
  const ws = wb.addWorksheet('Chấm điểm');
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = 'BẢNG TỰ CHẤM ĐIỂM';
  ws.getRow(3).values = ['Mã tiêu chí', 'Nội dung tiêu chí', 'Điểm tối đa', 'Điểm tự chấm', 'Số thực hiện', 'Số phải thực hiện'];
  const style: Partial<ExcelJS.Style> = {
    font: { name: 'Times New Roman', size: 12 },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } },
  };
  for (let r = 4; r <= 20; r++) {
    ws.getCell(r, 1).value = `I.${r - 3}`;
    ws.getCell(r, 2).value = `Tiêu chí ${r - 3}`;
    ws.getCell(r, 3).value = 5;
    for (let c = 4; c <= 6; c++) {
      ws.getCell(r, c).style = style; // one style for every input cell
      ws.getCell(r, c).value = r + c;
    }
  }
  ws.getCell('D21').value = { formula: 'SUM(D4:D20)', result: 500 } as ExcelJS.CellFormulaValue;
  ws.getCell('B22').value = '=HYPERLINK("http://x","y")';
  ws.getCell('D4').dataValidation = { type: 'decimal', operator: 'between', formulae: [0, 5], allowBlank: true };
  // The member's own print setup: what the annotated copy must keep.
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printArea: 'A1:F22', printTitlesRow: '3:3' };
  ws.headerFooter = { oddHeader: '&CBảng tự chấm điểm', oddFooter: '&LSTP-QNG – Tổng kết năm 2025&RTrang &P/&N' };
  info.headerFooter = { oddFooter: '&RTrang &P/&N' };
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const problems: Problem[] = [
  problem('SELF_SCORE_DIFFERS', 'Chấm điểm!E15', 'Điểm tự chấm 4 khác điểm tính toán 3,5.'),
  problem('SCORE_ABOVE_MAX', 'Chấm điểm!D14', 'Điểm 6 vượt điểm tối đa 5.'),
  problem('SCORE_OFF_STEP', 'Chấm điểm!D14', 'Điểm 4,3 không phải bội số của 0,5.'),
  problem('VALUE_NOT_NUMBER', "'Chấm điểm'!$F$9", 'Giá trị "=HYPERLINK(\\"x\\")" không phải là số.'),
  problem('INFO_MISSING', 'Thông tin!C2', 'Thiếu "Tên đơn vị".'),
  problem('LATE', null, 'Nộp sau hạn 23:59:59 ngày 20/11/2025.'),
  problem('CRITERION_MISSING', 'Trang đã xóa!A1', 'Không tìm thấy tiêu chí I.9.'),
  problem('UNIT_UNKNOWN', 'STP-XXX/I.2', 'Đường dẫn JSON, không phải ô.'),
];

const load = async (buf: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(buf) as unknown as ExcelJS.Buffer);
  return wb;
};

/** A sheet's XML found by its name through workbook.xml and its relationships. */
const sheetXml = async (zip: JSZip, name: string): Promise<string> => {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const id = new RegExp(`<sheet\\b[^>]*name="${name}"[^>]*r:id="([^"]*)"`).exec(wb)![1];
  const target = new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)![1]!;
  return zip.file(target.replace(/^\/?(xl\/)?/, 'xl/'))!.async('string');
};

const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const noteOf = (cell: ExcelJS.Cell) => {
  const n = cell.note as ExcelJS.Comment | string | undefined;
  return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
};

describe('annotateWorkbook', () => {
  let original: Buffer;
  let before: ExcelJS.Workbook;
  let after: ExcelJS.Workbook;
  let annotated: Buffer;

  beforeAll(async () => {
    original = await sampleWorkbook();
    before = await load(original);
    annotated = await annotateWorkbook(original, checkContainer(original), problems);
    after = await load(annotated);
  });

  it('adds the list of problems as the first sheet, and opens on it', () => {
    expect(after.worksheets.map((ws) => ws.name)).toEqual([PROBLEMS_SHEET, 'Thông tin', 'Chấm điểm']);
    expect(PROBLEMS_SHEET).toBe('Lỗi và cảnh báo');
    expect(after.views[0]?.activeTab ?? 0).toBe(0);
  });

  it('lists every problem, errors first then warnings, the cell as text', () => {
    const ws = after.worksheets[0]!;
    const header = [...Array(PROBLEM_HEADERS.length).keys()].map((c) => ws.getCell(4, c + 1).text);
    expect(header).toEqual([...PROBLEM_HEADERS]);
    expect(header).toEqual(expect.arrayContaining(['Mã lỗi', 'Ô', 'Nội dung']));
    const rows = problems.map((_, i) => [2, 3, 4, 5].map((c) => ws.getCell(5 + i, c).value));
    expect(rows).toEqual([
      ['Lỗi', 'SCORE_ABOVE_MAX', 'Chấm điểm!D14', problems[1]!.message],
      ['Lỗi', 'SCORE_OFF_STEP', 'Chấm điểm!D14', problems[2]!.message],
      ['Lỗi', 'VALUE_NOT_NUMBER', "'Chấm điểm'!$F$9", problems[3]!.message],
      ['Lỗi', 'INFO_MISSING', 'Thông tin!C2', problems[4]!.message],
      ['Lỗi', 'CRITERION_MISSING', 'Trang đã xóa!A1', problems[6]!.message],
      ['Lỗi', 'UNIT_UNKNOWN', 'STP-XXX/I.2', problems[7]!.message],
      ['Cảnh báo', 'SELF_SCORE_DIFFERS', 'Chấm điểm!E15', problems[0]!.message],
      ['Cảnh báo', 'LATE', '(cả tệp)', problems[5]!.message],
    ]);
    expect(ws.getCell(5 + problems.length, 3).value).toBeNull();
    for (let r = 5; r < 5 + problems.length; r++) expect(ws.getCell(r, 4).type).toBe(ExcelJS.ValueType.String);
  });

  it('fills and notes exactly the cells with problems: red for errors, orange for warnings', () => {
    const marked = new Map<string, { fill: string | undefined; note: string }>();
    for (const ws of after.worksheets.slice(1))
      ws.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) => {
          if (Number(cell.col) > before.getWorksheet(ws.name)!.columnCount) return; // the printed explanations
          const fill = fillOf(cell);
          if (fill === RED || fill === ORANGE || cell.note) marked.set(`${ws.name}!${cell.address}`, { fill, note: noteOf(cell) });
        }),
      );
    expect([...marked.keys()].sort()).toEqual(['Chấm điểm!D14', 'Chấm điểm!E15', 'Chấm điểm!F9', 'Thông tin!C2']);
    const d14 = marked.get('Chấm điểm!D14')!;
    expect(d14.fill).toBe(RED);
    expect(d14.note).toContain('[SCORE_ABOVE_MAX] Điểm 6 vượt điểm tối đa 5.');
    expect(d14.note).toContain('[SCORE_OFF_STEP]');
    expect(marked.get('Chấm điểm!E15')).toEqual({ fill: ORANGE, note: expect.stringContaining('[SELF_SCORE_DIFFERS]') });
    expect(marked.get('Chấm điểm!F9')!.fill).toBe(RED);
    expect(marked.get('Thông tin!C2')!.fill).toBe(RED);
    // The other input cells shared D14's style: they keep their yellow.
    expect(fillOf(after.getWorksheet('Chấm điểm')!.getCell('D13'))).toBe('FFFFF2CC');
    expect(after.getWorksheet('Chấm điểm')!.getCell('D14').font?.name).toBe('Times New Roman');
  });

  it('keeps the original sheets, values, formulas, merges and validations', () => {
    for (const ws of before.worksheets) {
      const copy = after.getWorksheet(ws.name)!;
      // Every original cell; the copy adds only the column of printed explanations to the right.
      const values = (sheet: ExcelJS.Worksheet) => {
        const out: Record<string, unknown> = {};
        sheet.eachRow((row) => row.eachCell((cell) => void (Number(cell.col) <= ws.columnCount && (out[cell.address] = cell.value))));
        return out;
      };
      expect(values(copy)).toEqual(values(ws));
    }
    const sheet = after.getWorksheet('Chấm điểm')!;
    expect(sheet.getCell('D21').value).toEqual({ formula: 'SUM(D4:D20)', result: 500 });
    expect(sheet.getCell('B22').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B1').isMerged).toBe(true);
    expect(sheet.getCell('D4').dataValidation?.type).toBe('decimal');
  });

  it('prints the explanation of each marked cell on its row, in a column inside the print area', () => {
    const ws = after.getWorksheet('Chấm điểm')!;
    const col = 7; // G: right of the member's content (A–F)
    expect(ws.getCell(3, col).text).toBe(EXPLANATION_HEADER); // in the repeated title row
    expect(ws.getCell(14, col).text).toBe('D14: [SCORE_ABOVE_MAX] Điểm 6 vượt điểm tối đa 5.\nD14: [SCORE_OFF_STEP] Điểm 4,3 không phải bội số của 0,5.');
    expect(ws.getCell(15, col).text).toBe('E15: [SELF_SCORE_DIFFERS] Điểm tự chấm 4 khác điểm tính toán 3,5.');
    expect(ws.getCell(9, col).text).toContain('F9: [VALUE_NOT_NUMBER]');
    expect(fillOf(ws.getCell(14, col))).toBe(RED);
    expect(fillOf(ws.getCell(15, col))).toBe(ORANGE);
    expect(ws.getCell(14, col).alignment?.wrapText).toBe(true);
    expect(ws.getRow(14).height ?? 15).toBeGreaterThanOrEqual(28); // two lines
    for (const r of [4, 5, 13, 16, 20]) expect(ws.getCell(r, col).value, `row ${r}`).toBeNull();
    expect(ws.getColumn(col).width).toBeGreaterThanOrEqual(30);
    expect(ws.pageSetup.printArea).toBe('A1:G22');
    // A sheet without print titles gets the explanation alone.
    expect(after.getWorksheet('Thông tin')!.getCell('D2').text).toBe('C2: [INFO_MISSING] Thiếu "Tên đơn vị".');
  });

  it('links each row of the list to its cell', async () => {
    const zip = await JSZip.loadAsync(annotated);
    const xml = await sheetXml(zip, PROBLEMS_SHEET);
    const links = [...xml.matchAll(/<hyperlink ([^>]*)\/>/g)].map((m) => [
      /ref="([^"]+)"/.exec(m[1]!)![1],
      /location="([^"]+)"/.exec(m[1]!)![1]!.replace(/&apos;/g, "'"),
    ]);
    // Rows as listed: D14 twice, F9, C2, a deleted sheet (no link), a JSON path (no link), E15, the whole file (no link).
    expect(links).toEqual([
      ['D5', "'Chấm điểm'!D14"],
      ['D6', "'Chấm điểm'!D14"],
      ['D7', "'Chấm điểm'!F9"],
      ['D8', "'Thông tin'!C2"],
      ['D11', "'Chấm điểm'!E15"],
    ]);
    // Internal links only: no relationship to an outside target.
    expect(xml).not.toMatch(/<hyperlink [^>]*r:id=/);
    const rels = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/_rels\/.*\.rels$/.test(f));
    for (const f of rels) expect(await zip.file(f)!.async('string')).not.toContain('TargetMode="External"');
    expect(after.worksheets[0]!.getCell('D5').text).toBe('Chấm điểm!D14');
  });

  it('signs its notes as the scoring system', async () => {
    const zip = await JSZip.loadAsync(annotated);
    const comments = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^xl\/comments\d*\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(comments).toHaveLength(2);
    for (const xml of comments) {
      expect(/<authors>([\s\S]*?)<\/authors>/.exec(xml)![1]).toBe(`<author>${COMMENT_AUTHOR}</author>`);
      expect(xml).not.toMatch(/authorId="[^0]"/);
    }
    expect(COMMENT_AUTHOR).toBe('Hệ thống chấm điểm thi đua');
  });

  it("keeps the member's print setup: page setup, headers, footers and page numbers", async () => {
    const [was, is] = await Promise.all([JSZip.loadAsync(original), JSZip.loadAsync(annotated)]);
    const attrs = (xml: string) =>
      Object.fromEntries([...(/<pageSetup\b([^>]*)\/>/.exec(xml)?.[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    for (const name of ['Thông tin', 'Chấm điểm']) {
      const [a, b] = [await sheetXml(was, name), await sheetXml(is, name)];
      expect(/<headerFooter>[\s\S]*?<\/headerFooter>/.exec(b)?.[0], name).toBe(/<headerFooter>[\s\S]*?<\/headerFooter>/.exec(a)![0]);
      expect(/<pageMargins[^>]*\/>/.exec(b)?.[0], name).toBe(/<pageMargins[^>]*\/>/.exec(a)?.[0]);
      expect(b.includes('<pageSetUpPr fitToPage="1"/>'), name).toBe(a.includes('<pageSetUpPr fitToPage="1"/>'));
      const [x, y] = [attrs(a), attrs(b)];
      expect(y, name).toMatchObject(x);
      // Page numbers: the member's first sheet starts at 1 after the list, the next ones follow on
      // (exceljs alone restarts every sheet at 1).
      // exceljs also spells out some of the schema's defaults: the same setup.
      const defaults: Record<string, string> = {
        copies: '1',
        scale: '100',
        horizontalDpi: '4294967295',
        verticalDpi: '4294967295',
        orientation: 'portrait',
        fitToWidth: '1',
        fitToHeight: '1',
      };
      const added = Object.keys(y).filter((k) => !(k in x) && defaults[k] !== y[k]);
      expect(added, name).toEqual(name === 'Thông tin' ? ['firstPageNumber', 'useFirstPageNumber'] : []);
      if (name === 'Thông tin') expect([y.firstPageNumber, y.useFirstPageNumber]).toEqual(['1', '1']);
    }
    const wbXml = await is.file('xl/workbook.xml')!.async('string');
    expect(wbXml).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="2">&apos;Chấm điểm&apos;!\$3:\$3<\/definedName>/);
  });

  it('writes a formula-like message as text', async () => {
    const zip = await JSZip.loadAsync(annotated);
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    const xml = await Promise.all(sheets.map((f) => zip.file(f)!.async('string')));
    // Only the original's own formula (SUM) exists.
    expect(xml.join('').match(/<f[ >][^<]*/g)).toEqual(['<f>SUM(D4:D20)']);
  });

  it('gives the list an autofilter LibreOffice sees, scoped to the first sheet', async () => {
    const wbXml = await (await JSZip.loadAsync(annotated)).file('xl/workbook.xml')!.async('string');
    expect(wbXml).toContain(
      `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;${PROBLEMS_SHEET}&apos;!$A$4:$E$${4 + problems.length}</definedName>`,
    );
  });

  it('writes a list with no problems too', async () => {
    const wb = await load(await annotateWorkbook(original, checkContainer(original), []));
    expect(wb.worksheets[0]!.name).toBe(PROBLEMS_SHEET);
    expect(wb.worksheets[0]!.getCell(5, 1).text).toBe('Không có lỗi hay cảnh báo nào.');
  });

  it('falls back to the list alone when the original cannot be read back', async () => {
    const truncated = original.subarray(0, original.length - 100);
    for (const bytes of [truncated, Buffer.from('not a workbook'), new Uint8Array(0)]) {
      const wb = await load(await annotateWorkbook(bytes, checkContainer(bytes), problems));
      expect(wb.worksheets.map((ws) => ws.name)).toEqual([PROBLEMS_SHEET]);
      expect(wb.worksheets[0]!.getCell('A2').text).toContain(UNREADABLE_NOTE);
      expect(wb.worksheets[0]!.getCell(5 + problems.length - 1, 3).text).toBe('LATE');
    }
  });

  it('does not clash with a sheet already named like the list', async () => {
    const once = await annotateWorkbook(original, checkContainer(original), problems.slice(0, 2));
    const twice = await load(await annotateWorkbook(once, checkContainer(once), problems.slice(1, 2)));
    expect(twice.worksheets.map((ws) => ws.name)).toEqual([`${PROBLEMS_SHEET} (2)`, PROBLEMS_SHEET, 'Thông tin', 'Chấm điểm']);
  });
});

describe('annotating a workbook with a huge merge and validation', () => {
  it('drops them before loading and finishes in bounded time', async () => {
    const zip = await JSZip.loadAsync(await sampleWorkbook());
    const path = 'xl/worksheets/sheet2.xml';
    let xml = await zip.file(path)!.async('string');
    expect(xml).toContain('<mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells>');
    xml = xml.replace(
      '<mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells>',
      '<mergeCells count="2"><mergeCell ref="A1:F1"/><mergeCell ref="H10:Z200000"/></mergeCells>',
    );
    xml = xml.replace(
      /<dataValidations count="1">/,
      '<dataValidations count="2"><dataValidation type="decimal" allowBlank="1" sqref="D:G"><formula1>0</formula1><formula2>100</formula2></dataValidation>',
    );
    zip.file(path, xml);
    const huge = await zip.generateAsync({ type: 'nodebuffer' });

    const out = await annotateWorkbook(huge, checkContainer(huge), [problem('SCORE_ABOVE_MAX', 'Chấm điểm!D14', 'Điểm 6 vượt điểm tối đa 5.')]);

    const outXml = await sheetXml(await JSZip.loadAsync(out), 'Chấm điểm');
    expect(outXml).toContain('<mergeCell ref="A1:F1"/>');
    expect(outXml).not.toContain('H10:Z200000');
    expect(outXml).not.toContain('sqref="D:G"');
    const wb = await load(out);
    expect(fillOf(wb.getWorksheet('Chấm điểm')!.getCell('D14'))).toBe(RED);
    expect(wb.getWorksheet('Chấm điểm')!.getCell('D4').dataValidation?.type).toBe('decimal');
  }, 30_000);
});

describe('annotating a workbook LibreOffice saved (booleans written true/false)', () => {
  it('keeps fit-to-page, sheet protection and unlocked input cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Chấm điểm');
    ws.getCell('A1').value = 'I.1';
    ws.getCell('D1').value = 4;
    ws.getCell('D1').protection = { locked: false };
    ws.pageSetup = { ...ws.pageSetup, fitToPage: true, fitToWidth: 1, fitToHeight: 0, orientation: 'landscape', paperSize: 9 };
    await ws.protect('', {});
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const path = 'xl/worksheets/sheet1.xml';
    const xml = (await zip.file(path)!.async('string'))
      .replace('fitToPage="1"', 'fitToPage="true"')
      .replace(/<sheetProtection sheet="1"/, '<sheetProtection sheet="true"');
    expect(xml).toContain('fitToPage="true"');
    expect(xml).toContain('<sheetProtection sheet="true"');
    zip.file(path, xml);
    const styles = (await zip.file('xl/styles.xml')!.async('string')).replace('locked="0"', 'locked="false" hidden="false"');
    expect(styles).toContain('locked="false"');
    zip.file('xl/styles.xml', styles);
    const lo = await zip.generateAsync({ type: 'nodebuffer' });

    const out = await annotateWorkbook(lo, checkContainer(lo), [problem('SCORE_ABOVE_MAX', 'Chấm điểm!D1', 'Điểm 6 vượt điểm tối đa 5.')]);
    const outXml = await sheetXml(await JSZip.loadAsync(out), 'Chấm điểm');
    expect(outXml).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(outXml).toMatch(/<sheetProtection [^>]*sheet="1"/);
    const sheet = (await load(out)).getWorksheet('Chấm điểm')!;
    expect(sheet.getCell('D1').protection?.locked).toBe(false);
    expect(fillOf(sheet.getCell('D1'))).toBe(RED);
  });

  it('rewrites only the boolean attributes of the listed elements', () => {
    const xml =
      '<sheetPr><pageSetUpPr fitToPage="true"/></sheetPr><sheetView tabSelected="false" view="normal"><pane state="frozen"/></sheetView><sheetViews a="true"/><c t="s"><v>true</v></c><dataValidation prompt="true"/>';
    expect(normalizeBooleans(xml, ['pageSetUpPr', 'sheetView', 'pane'])).toBe(
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetView tabSelected="0" view="normal"><pane state="frozen"/></sheetView><sheetViews a="true"/><c t="s"><v>true</v></c><dataValidation prompt="true"/>',
    );
  });
});

describe('stripHugeRanges', () => {
  it('counts the cells of references', () => {
    expect(cellsInRef('A1')).toBe(1);
    expect(cellsInRef('$B$2:$C$11')).toBe(20);
    expect(cellsInRef('H10:Z200000')).toBe(19 * 199_991);
    expect(cellsInRef('D:G')).toBe(4 * 1_048_576);
    expect(cellsInRef('3:4')).toBe(2 * 16_384);
    expect(cellsInRef('nonsense!')).toBe(1_048_576 * 16_384);
    expect(cellsInSqref('A1:A10 C1:C10')).toBe(20);
  });

  it('keeps small ones, drops the largest first, keeps the element prefix and fixes the count', () => {
    const small = '<x:mergeCells count="2"><x:mergeCell ref="A1:B1"/><x:mergeCell ref="A2:B2"/></x:mergeCells>';
    expect(stripHugeRanges(`<x:worksheet>${small}</x:worksheet>`)).toBe(`<x:worksheet>${small}</x:worksheet>`);
    const mixed = '<mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="A1:A200000"/><mergeCell ref="C1:C90000"/></mergeCells>';
    expect(stripHugeRanges(mixed)).toBe('<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:C90000"/></mergeCells>');
    const onlyHuge = '<sheetData/><mergeCells count="1"><mergeCell ref="A1:Z99999"/></mergeCells><pageMargins/>';
    expect(stripHugeRanges(onlyHuge)).toBe('<sheetData/><pageMargins/>');
    const dv =
      '<dataValidations count="2"><dataValidation type="list" sqref="A1:A5" prompt="a &gt; b"><formula1>"x,y"</formula1></dataValidation>' +
      '<dataValidation type="decimal" sqref="B:B C:C"><formula1>0</formula1></dataValidation></dataValidations>';
    expect(stripHugeRanges(dv)).toBe(
      '<dataValidations count="1"><dataValidation type="list" sqref="A1:A5" prompt="a &gt; b"><formula1>"x,y"</formula1></dataValidation></dataValidations>',
    );
  });
});

describe('parseCellRef', () => {
  it('reads sheet!cell, quoted sheets, ranges; null for paths and nonsense', () => {
    expect(parseCellRef('Chấm điểm!D14')).toEqual({ sheet: 'Chấm điểm', address: 'D14' });
    expect(parseCellRef("'It''s'!$b$2:C3")).toEqual({ sheet: "It's", address: 'B2' });
    expect(parseCellRef('STP-QNG/I.2')).toBeNull();
    expect(parseCellRef(null)).toBeNull();
    expect(parseCellRef('Chấm điểm!ZZZZ1')).toBeNull();
    expect(parseCellRef('!A1')).toBeNull();
  });
});
