/**
 * Writes test/fixtures/workbooks/: submission files as other programs make them, and
 * `expected.json`, what the reader must report for each (SPEC §5, §6). Run it on a machine with
 * LibreOffice and msoffcrypto-tool; CI only reads the committed files
 * (test/unit/fixtures/workbook-fixtures.test.ts):
 *
 *     npx tsx scripts/make-fixtures.ts
 *
 * - Workbooks are built from scratch with SheetJS, as a third-party program fills the SPEC §5
 *   layout: no formulas (or formulas without cached results), worksheets stored before
 *   `xl/workbook.xml`. Some are then re-saved by LibreOffice (`soffice --convert-to xlsx`), which
 *   rewrites every part in its own flavour and caches formula results.
 * - The files of other formats come from LibreOffice too (`.xls`, `.ods`, `.csv`, `.pdf`); the
 *   password-protected one from `msoffcrypto-tool -e` where the installed version can encrypt
 *   (5.1 and later), else from the agile encryption of fixtures/encryption.ts (Debian's msoffcrypto-tool 5.0 only decrypts),
 *   and msoffcrypto-tool must decrypt it back to the workbook either way; the broken and oversized
 *   ones are real workbooks cut, flipped or padded at the zip level.
 * - Every unit's values are its golden inputs (templates/ntb-tn-2025/golden/inputs-Y.json): the
 *   accepted files cover the 14 units that have inputs exactly once, so read together they rank
 *   exactly as golden/rankings-Y.json. Rejected files only use units that also have an accepted
 *   file, or none (`unit: null`), and never STP-KTU or THADS-KTU (which sent nothing).
 *
 * The cells of `expected.json` are worked out here from the layout each file was built with (where
 * each label, header and criterion row was put), not read back from the reader.
 */
import { resolve } from 'node:path';
import { LABEL } from '../shared/workbooks/template-text.js';
import type { ProblemCode } from '../shared/validation/problem.js';
import { encrypt } from './fixtures/encryption.js';
import { made, type Fixture, type Found } from './fixtures/fixture.js';
import { LETTERHEAD, NO_MARK_LABELS, NO_MARKS, REORDERED } from './fixtures/human-edits.js';
import { layout, type Layout } from './fixtures/layout.js';
import { golden, ROOT } from './fixtures/sample.js';
import { put, serial, sheetJs, type V } from './fixtures/sheetjs-workbook.js';
import { writeFixtures } from './fixtures/write.js';
import { bmp, intoWorksheet, PNG, sheetPart, withParts } from './fixtures/zip-edits.js';
import { rezip, zip } from './fixtures/zip-parts.js';

const fixtures: Fixture[] = [];
const add = (f: Fixture) => fixtures.push(f);

// a. Accepted: each unit with inputs once, in the ways other programs and people write it --------

{
  const { bytes } = made({ unit: 'STP-QNG' }, { sharedStrings: true });
  add({
    file: 'a01-sheetjs-plain.xlsx',
    about: 'SheetJS from scratch in the template layout: numbers as number cells, shared strings, no formulas (subtotals empty), worksheets stored before workbook.xml.',
    build: bytes,
    unit: 'STP-QNG',
  });
}
{
  const { bytes } = made({
    unit: 'STP-BDI',
    above: LETTERHEAD,
    columns: REORDERED,
    headers: NO_MARKS,
    labels: NO_MARK_LABELS,
    numbers: 'vi',
    subtotals: 'formula',
    entries: {
      'I.1': { note: 'Báo cáo số 12/BC-STP ngày 05/11/2025' },
      'I.2': { points: ' 4,5' },
      'II.1': { points: `3,5${'\u00A0'}` },
    },
  });
  add({
    file: 'a02-sheetjs-human-edits.xlsx',
    about:
      'SheetJS, as edited by hand: four letterhead rows inserted above the titles (header on row 9), columns reordered (content, code, points, achieved, base, max, note), headers and labels without diacritics (Ma tieu chi, Diem tu cham, Ma don vi), every number as Vietnamese text (4,5; 2.778; one with a leading space, one with a trailing no-break space), subtotal formulas without cached results.',
    build: bytes,
    unit: 'STP-BDI',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-QNG',
    above: LETTERHEAD,
    columns: ['code', 'content', 'achieved', 'base', 'points', 'note', 'max'],
    headers: NO_MARKS,
    labels: NO_MARK_LABELS,
    numbers: 'vi',
    entries: { 'I.2': { achieved: '3.028,00', base: '5.545,00' }, 'II.2': { base: '4.207,0' } },
  });
  add({
    file: 'a03-libreoffice-human-edits.xlsx',
    about:
      'The hand edits of a02 (letterhead rows, columns reordered, no diacritics, Vietnamese text numbers incl. 5.545,00 with thousands and decimals) re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-QNG',
  });
}
{
  const { bytes } = made({ unit: 'STP-PYE', nfd: true, info: { preparedOn: { date: serial(2025, 11, 18) } } });
  add({
    file: 'a04-sheetjs-nfd.xlsx',
    about: 'SheetJS, every label, header, title and both sheet names NFD-decomposed (as macOS file names and some web forms produce); strings as t="str" cells; Ngày lập a real date cell; C.3 written as 0.',
    build: bytes,
    unit: 'STP-PYE',
  });
}
{
  const { bytes } = made({ unit: 'THADS-BDI', nfd: true, numbers: 'vi' });
  add({
    file: 'a05-libreoffice-nfd.xlsx',
    about: 'NFD-decomposed labels, headers and sheet names with Vietnamese text numbers, re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-BDI',
  });
}
const ZW = { zwsp: '\u200B', bom: '\uFEFF', zwj: '\u200D', nbsp: '\u00A0' };
const junkSheet = (title: string): V[][] => [[title], [], ['Ghi chú', 'Đã gửi bản giấy ngày 18/11'], ['I.1', 'không phải bảng chấm điểm'], [1, 2, 3]];
{
  const { bytes } = made({
    unit: 'STP-KHA',
    numbers: 'en',
    extraSheets: [
      { name: 'Hướng dẫn', rows: junkSheet('Hướng dẫn điền'), first: true },
      { name: 'Sheet3', rows: junkSheet('Số liệu tham khảo') },
    ],
    entries: {
      'I.2': { code: `I.2${ZW.zwsp}` },
      'II.3': { code: `${ZW.bom}II.3` },
      'III.1': { code: `III${ZW.zwj}.1` },
      'VI.5': { code: `${ZW.nbsp}VI.5 ` },
    },
  });
  add({
    file: 'a06-sheetjs-extra-sheets-zero-width.xlsx',
    about:
      'SheetJS: an unknown sheet before the two of the template and another after; zero-width characters (U+200B, U+FEFF, U+200D) and a no-break space in criterion codes; numbers as English text (4.5; 7,639).',
    build: bytes,
    unit: 'STP-KHA',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-PYE',
    poolZeros: true,
    extraSheets: [{ name: 'Tổng hợp số liệu', rows: junkSheet('Số liệu THADS'), first: true }],
    entries: { 'I.1': { code: `I.${ZW.zwsp}1` }, 'II.1': { code: `${ZW.bom}II.1` }, 'IV.2': { code: `IV.2${ZW.zwj}` } },
  });
  add({
    file: 'a07-libreoffice-extra-sheet-zero-width.xlsx',
    about:
      'An unknown first sheet, zero-width characters in codes (U+200B inside I.1, U+FEFF before II.1, U+200D after IV.2), 0 written in the empty bonus and deduction criteria; re-saved by LibreOffice (which keeps them).',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-PYE',
  });
}
{
  const { bytes } = made({ unit: 'STP-DNO', subtotals: 'formula' });
  add({
    file: 'a08-libreoffice-formulas-recomputed.xlsx',
    about: 'SheetJS with section, pool and total formulas but no cached results; LibreOffice re-saves it and caches the results it computes.',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-DNO',
  });
}
{
  const { bytes } = made({
    unit: 'THADS-DNO',
    labelCol: 3,
    valueCol: 5,
    labels: Object.fromEntries(Object.entries(LABEL).map(([k, text]) => [k, `${text}:`])),
    headers: { code: 'MÃ TIÊU CHÍ', points: 'Điểm tự chấm\n(điểm)', achieved: 'Số thực hiện\n(việc, nghìn đồng)', base: 'Số phải thực hiện\n(việc, nghìn đồng)' },
    numbers: 'en',
    info: { year: '2025', bloc: 'NTB-TN', period: 'y', unit: 'thads-dno' },
    sheetNames: { info: 'THÔNG TIN', scoring: 'Chấm  điểm ' },
  });
  add({
    file: 'a09-sheetjs-moved-labels.xlsx',
    about:
      'SheetJS: labels moved to column C with a trailing colon and their values in column E; headers in capitals or on two lines ("Điểm tự chấm (điểm)"); sheets named "THÔNG TIN" and "Chấm  điểm " (two spaces, one trailing); bloc, period and unit codes in other letter case (NTB-TN, y, thads-dno); the year as text; numbers as English text (7,215).',
    build: bytes,
    unit: 'THADS-DNO',
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', entries: { 'II.3': { points: 5 } } });
  add({
    file: 'a10-warning-self-score-differs.xlsx',
    about: 'Accepted with SELF_SCORE_DIFFERS: II.3 (target 90 %, 1780 of 1980 = 4,99 points) self-scored 5; the computed points are used.',
    build: bytes,
    unit: 'STP-GLA',
    warnings: [['SELF_SCORE_DIFFERS', l.cell('II.3', 'points')]],
  });
}
{
  const { l, bytes } = made({
    unit: 'THADS-KHA',
    after: { 'II.2': [{ code: 'II.3', content: 'Tiêu chí đơn vị tự thêm: công tác phối hợp', max: 2, points: 2 }] },
  });
  add({
    file: 'a11-warning-criterion-unknown.xlsx',
    about: 'Accepted with CRITERION_UNKNOWN: a row II.3 the unit added (not in thads-2025) is ignored; re-saved by LibreOffice.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-KHA',
    warnings: [['CRITERION_UNKNOWN', l.at(l.afterRow('II.2'), l.col('code'))]],
  });
}

// d. Huge ranges that stay small on disk --------------------------------------------------------

const WHOLE_COLUMN_VALIDATION =
  '<dataValidations count="2">' +
  '<dataValidation type="decimal" operator="greaterThanOrEqual" allowBlank="1" showErrorMessage="1" sqref="D1:E1048576"><formula1>0</formula1></dataValidation>' +
  '<dataValidation type="decimal" operator="between" allowBlank="1" showErrorMessage="1" sqref="F1:G1048576"><formula1>0</formula1><formula2>20</formula2></dataValidation>' +
  '</dataValidations>';
{
  const l = layout({ unit: 'STP-DLK' });
  l.sheets[1]!.merges.push('H10:Z200000');
  add({
    file: 'd01-sheetjs-merge-200000-rows.xlsx',
    about: 'SheetJS with one merge H10:Z200000 on Chấm điểm (exceljs load expands it to millions of cells); accepted, read in bounded time and memory.',
    build: () => sheetJs(l.sheets),
    unit: 'STP-DLK',
  });
}
{
  const { bytes } = made({ unit: 'THADS-GLA' });
  add({
    file: 'd02-sheetjs-validation-whole-columns.xlsx',
    about: 'SheetJS plus decimal data validations over four whole columns (D1:G1048576) of Chấm điểm; accepted, read in bounded time and memory.',
    build: () => intoWorksheet(bytes(), sheetPart(2), WHOLE_COLUMN_VALIDATION),
    unit: 'THADS-GLA',
  });
}
{
  const l = layout({ unit: 'THADS-DLK' });
  l.sheets[1]!.merges.push('H10:Z200000');
  add({
    file: 'd03-libreoffice-merge-and-validation.xlsx',
    about:
      'The SheetJS file of d01 with the validations of d02, re-saved by LibreOffice: it keeps the merge H10:Z200000, cuts the validations to its used range (D1:G1036) and writes about 19,000 empty styled cells of the merged area (rows 10–1036); accepted.',
    build: () => intoWorksheet(sheetJs(l.sheets), sheetPart(2), WHOLE_COLUMN_VALIDATION),
    convert: 'xlsx',
    unit: 'THADS-DLK',
  });
}

// b. Files that are not workbooks, or not readable ones -------------------------------------------

const plain = (unit: string) => made({ unit }).bytes;
const fileProblem = (code: ProblemCode): Found[] => [[code, null]];

add({ file: 'b-file-not-xlsx-xls.xls', about: 'A real Excel 97–2003 .xls (LibreOffice --convert-to xls).', build: plain('STP-QNG'), convert: 'xls', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-ods.ods', about: 'An OpenDocument spreadsheet (LibreOffice --convert-to ods).', build: plain('STP-BDI'), convert: 'ods', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-ods-renamed.xlsx', about: 'The .ods renamed to .xlsx: a zip, but not a workbook package.', build: plain('STP-PYE'), convert: 'ods', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-csv.csv', about: 'The first sheet as CSV (LibreOffice --convert-to csv, UTF-8).', build: plain('STP-KHA'), convert: 'csv', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-pdf.pdf', about: 'The workbook printed to PDF (LibreOffice --convert-to pdf).', build: plain('STP-GLA'), convert: 'pdf', unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({ file: 'b-file-not-xlsx-empty.xlsx', about: 'An empty file (0 bytes) named .xlsx.', build: () => Buffer.alloc(0), unit: null, errors: fileProblem('FILE_NOT_XLSX') });
add({
  file: 'b-file-not-xlsx-docx.docx',
  about: 'A Word-like package (zip with word/document.xml, no xl/workbook.xml).',
  build: () => {
    const f = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
    return zip([
      f('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      f('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      f('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo tự chấm điểm thi đua năm 2025</w:t></w:r></w:p></w:body></w:document>'),
    ]);
  },
  unit: null,
  errors: fileProblem('FILE_NOT_XLSX'),
});
add({
  file: 'b-file-not-xlsx-zipped-workbook.zip',
  about: 'A valid workbook inside a .zip archive (sent compressed): a zip without xl/workbook.xml.',
  build: () => zip([{ name: 'STP-DLK.xlsx', data: plain('STP-DLK')() }]),
  unit: null,
  errors: fileProblem('FILE_NOT_XLSX'),
});
add({
  file: 'b-file-encrypted.xlsx',
  about: 'A valid workbook protected with the password "thidua2025" (an OLE container holding EncryptionInfo and EncryptedPackage).',
  build: plain('STP-DNO'),
  post: async (bytes, work, f) => {
    const e = await encrypt(work, bytes, 'thidua2025');
    f.about += ` Encrypted by ${e.by}; msoffcrypto-tool decrypts it back to the workbook.`;
    return e.bytes;
  },
  unit: null,
  errors: fileProblem('FILE_ENCRYPTED'),
});
add({
  file: 'b-file-corrupt-truncated.xlsx',
  about: 'A LibreOffice-saved workbook cut to its first 60 % (an interrupted download): no zip directory.',
  build: plain('THADS-QNG'),
  convert: 'xlsx',
  post: (bytes) => bytes.subarray(0, Math.floor(bytes.length * 0.6)),
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-corrupt-sheet-xml.xlsx',
  about: 'A well-formed zip whose Chấm điểm sheet XML is broken: the last row is never closed (</row> removed).',
  build: () =>
    rezip(plain('THADS-BDI')(), (name, text) => {
      if (name !== sheetPart(2)) return undefined;
      const at = text.lastIndexOf('</row>');
      return text.slice(0, at) + text.slice(at + '</row>'.length);
    }),
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-corrupt-bad-bytes.xlsx',
  about: 'A workbook with bytes overwritten inside the compressed data of the Chấm điểm sheet (a damaged copy): inflating fails or the CRC does not match.',
  build: () => {
    const bytes = Buffer.from(plain('THADS-PYE')());
    const name = Buffer.from(sheetPart(2));
    const at = bytes.indexOf(name);
    // The local header of the part: its data starts after the name and the extra field.
    const start = at + name.length + bytes.readUInt16LE(at - 2);
    for (let i = 40; i < 48; i += 1) bytes[start + i] = 0xff - bytes[start + i]!;
    return bytes;
  },
  unit: null,
  errors: fileProblem('FILE_CORRUPT'),
});
add({
  file: 'b-file-too-large-parts.xlsx',
  about: 'A valid workbook plus 1,995 tiny images: over 2,000 parts in the zip.',
  build: () => withParts(plain('THADS-KHA')(), Array.from({ length: 1995 }, (_, i) => ({ name: `xl/media/image${i + 1}.png`, data: PNG }))),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});
add({
  file: 'b-file-too-large-unzipped.xlsx',
  about: 'A valid workbook plus an uncompressed 5,200×5,200 BMP picture: about 108 MB unzipped (over 100 MB) in a file of about 100 KB.',
  build: () => withParts(plain('THADS-GLA')(), [{ name: 'xl/media/image1.bmp', data: bmp(5200, 5200) }]),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});
{
  const l = layout({ unit: 'THADS-DLK' });
  const rows = l.sheets[1]!.rows;
  const first = rows.length + 2;
  for (let r = first; r < first + 100_001; r += 1) put(rows, r, 10, 1);
  add({
    file: 'b-file-too-large-rows.xlsx',
    about: 'SheetJS: Chấm điểm with 100,001 more rows (a column of 1 pasted below the table, J column): over 100,000 rows in a sheet we read.',
    // SheetJS's own deflate is weak on 4.7 MB of rows: the same parts deflated again by zlib.
    build: () => rezip(sheetJs(l.sheets), () => undefined),
    unit: null,
    errors: fileProblem('FILE_TOO_LARGE'),
  });
}
add({
  file: 'b-file-too-large-rows-compact.xlsx',
  about: 'A valid workbook whose Chấm điểm sheet ends with 100,001 rows written without row or cell references (<row><c><v>1</v></c></row>, valid OOXML): over 100,000 rows in a few KB.',
  build: () =>
    rezip(plain('STP-QNG')(), (name, text) =>
      name === sheetPart(2) ? text.replace('</sheetData>', `${'<row><c><v>1</v></c></row>'.repeat(100_001)}</sheetData>`) : undefined,
    ),
  unit: null,
  errors: fileProblem('FILE_TOO_LARGE'),
});

// b. One file per error (and warning) the content can show ----------------------------------------

{
  const { bytes } = made({ unit: 'STP-BDI', sheetNames: { scoring: 'Bảng điểm' } });
  add({ file: 'b-sheet-missing.xlsx', about: 'Sheet Chấm điểm renamed "Bảng điểm".', build: bytes, unit: 'STP-BDI', errors: [['SHEET_MISSING', null]] });
}
{
  const { l, bytes } = made({ unit: 'STP-PYE', headers: { points: 'Điểm đơn vị chấm' } });
  add({
    file: 'b-header-missing.xlsx',
    about: 'Header "Điểm tự chấm" rewritten as "Điểm đơn vị chấm": the header row has Mã tiêu chí but no self-score column.',
    build: bytes,
    unit: 'STP-PYE',
    errors: [['HEADER_MISSING', l.at(l.headerRow, 1)]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-BDI', columns: ['code', 'content', 'max', 'achieved', 'points', 'note'] });
  add({
    file: 'b-header-missing-base-column.xlsx',
    about: 'A THADS file whose "Số phải thực hiện" column was deleted: every target criterion needs it.',
    build: bytes,
    convert: 'xlsx',
    unit: 'THADS-BDI',
    errors: [['HEADER_MISSING', l.at(l.headerRow, 1)]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-PYE', info: { rubric: null } });
  add({
    file: 'b-info-missing-label.xlsx',
    about: 'The row of label "Mẫu biểu" deleted from Thông tin.',
    build: bytes,
    unit: 'THADS-PYE',
    errors: [['INFO_MISSING', `${l.infoSheet}!A1`]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-KHA', info: { year: undefined } });
  add({
    file: 'b-info-missing-value.xlsx',
    about: 'The value of "Năm" cleared (the label is there, nothing right of it).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-KHA',
    errors: [['INFO_MISSING', l.info('year')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', info: { bloc: 'mn-tn' } });
  add({ file: 'b-bloc-mismatch.xlsx', about: 'Mã khối thi đua of another bloc ("mn-tn").', build: bytes, unit: 'STP-GLA', errors: [['BLOC_MISMATCH', l.info('bloc')]] });
}
{
  const { l, bytes } = made({ unit: 'THADS-KHA', info: { year: 2024 } });
  add({ file: 'b-year-mismatch.xlsx', about: "Last year's file: Năm 2024.", build: bytes, convert: 'xlsx', unit: 'THADS-KHA', errors: [['YEAR_MISMATCH', l.info('year')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-DLK', info: { period: 'H1' } });
  add({ file: 'b-period-mismatch.xlsx', about: 'The mid-year file (Đợt H1) sent for period Y.', build: bytes, unit: 'STP-DLK', errors: [['PERIOD_MISMATCH', l.info('period')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-QNG', info: { unit: 'STP-HCM' } });
  add({ file: 'b-unit-unknown.xlsx', about: 'Mã đơn vị "STP-HCM" is not a member: the unit is null.', build: bytes, unit: null, errors: [['UNIT_UNKNOWN', l.info('unit')]] });
}
{
  const { l, bytes } = made({ unit: 'STP-DNO', info: { rubric: 'thads-2025' } });
  add({
    file: 'b-rubric-mismatch.xlsx',
    about: 'An STP unit whose Mẫu biểu names the THADS rubric (thads-2025).',
    build: bytes,
    unit: 'STP-DNO',
    errors: [['RUBRIC_MISMATCH', l.info('rubric')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-QNG', entries: { 'III.2': null } });
  add({
    file: 'b-criterion-missing.xlsx',
    about: 'The row of III.2 deleted; reported at the Mã tiêu chí header.',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-QNG',
    errors: [['CRITERION_MISSING', l.header('code')]],
  });
}
{
  const { l, bytes } = made({ unit: 'THADS-GLA', after: { 'IV.1': [{ code: 'IV.1', content: 'Tiêu chí IV.1 (chép lại)', max: 5, points: 3 }] } });
  add({
    file: 'b-criterion-duplicate.xlsx',
    about: 'The row of IV.1 copied below itself: reported at the second row.',
    build: bytes,
    unit: 'THADS-GLA',
    errors: [['CRITERION_DUPLICATE', l.at(l.afterRow('IV.1'), l.col('code'))]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-BDI', entries: { 'I.2': { points: undefined }, 'II.3': { base: undefined } } });
  add({
    file: 'b-value-missing.xlsx',
    about: 'Manual I.2 without points and target II.3 without "Số phải thực hiện".',
    build: bytes,
    unit: 'STP-BDI',
    errors: [
      ['VALUE_MISSING', l.cell('I.2', 'points')],
      ['VALUE_MISSING', l.cell('II.3', 'base')],
    ],
  });
}
{
  const { l, bytes } = made({
    unit: 'THADS-DLK',
    entries: { 'II.1': { points: 'sáu rưỡi' }, 'I.2': { achieved: { error: '#REF!' } }, 'II.2': { base: { date: serial(2025, 11, 18) } } },
  });
  add({
    file: 'b-value-not-number.xlsx',
    about: 'Points "sáu rưỡi" (II.1), a #REF! error cell as achieved (I.2), a date cell as base (II.2).',
    build: bytes,
    unit: 'THADS-DLK',
    errors: [
      ['VALUE_NOT_NUMBER', l.cell('I.2', 'achieved')],
      ['VALUE_NOT_NUMBER', l.cell('II.1', 'points')],
      ['VALUE_NOT_NUMBER', l.cell('II.2', 'base')],
    ],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-PYE', entries: { 'D.2': { points: -3 } } });
  add({
    file: 'b-value-negative.xlsx',
    about: 'Deduction D.2 entered as -3 (the template asks for the points taken off, positive).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-PYE',
    errors: [['VALUE_NEGATIVE', l.cell('D.2', 'points')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-KHA', entries: { 'I.2': { points: 7 } } });
  add({ file: 'b-score-above-max.xlsx', about: 'I.2 (max 6) self-scored 7.', build: bytes, unit: 'STP-KHA', errors: [['SCORE_ABOVE_MAX', l.cell('I.2', 'points')]] });
}
{
  const { l, bytes } = made({ unit: 'THADS-QNG', entries: { 'III.2': { points: '4,25' } } });
  add({
    file: 'b-score-off-step.xlsx',
    about: 'III.2 (step 0,5) self-scored "4,25" as text.',
    build: bytes,
    unit: 'THADS-QNG',
    errors: [['SCORE_OFF_STEP', l.cell('III.2', 'points')]],
  });
}
{
  const { l, bytes } = made({ unit: 'STP-GLA', entries: { 'III.1': { achieved: 581, base: 571 } } });
  add({
    file: 'b-achieved-above-base.xlsx',
    about: 'III.1 with 581 done of 571 (digits swapped).',
    build: bytes,
    convert: 'xlsx',
    unit: 'STP-GLA',
    errors: [['ACHIEVED_ABOVE_BASE', l.cell('III.1', 'achieved')]],
  });
}

// c. Ten mistakes in one file, ten entries ----------------------------------------------------------

const tenMistakes = (unit: string, dlk: boolean): { l: Layout; bytes: () => Buffer; errors: Found[]; warnings: Found[] } => {
  const g = golden[unit]!;
  const ii3 = g['II.3'] as { achieved: string; base: string };
  const { l, bytes } = made({
    unit,
    above: LETTERHEAD.slice(1),
    columns: REORDERED,
    headers: { code: NO_MARKS.code!, points: 'ĐIỂM TỰ CHẤM'.normalize('NFD') },
    info: { bloc: 'nam-trung-bo', year: 2024, period: 'H1', rubric: 'thads-2025' },
    numbers: dlk ? 'vi' : 'number',
    entries: {
      'V.2': null,
      'I.3': { points: 'sáu' },
      'III.2': { points: '4,6' },
      'II.3': { achieved: Number(ii3.base), base: Number(ii3.achieved) },
    },
    after: {
      'IV.1': [{ code: 'IV.1', content: 'Tiêu chí IV.1', max: 5, points: 4 }],
      'VI.5': [{ code: 'VI.6', content: 'Tiêu chí đơn vị tự thêm', max: 2, points: 2 }],
    },
  });
  return {
    l,
    bytes,
    errors: [
      ['BLOC_MISMATCH', l.info('bloc')],
      ['YEAR_MISMATCH', l.info('year')],
      ['PERIOD_MISMATCH', l.info('period')],
      ['RUBRIC_MISMATCH', l.info('rubric')],
      ['CRITERION_DUPLICATE', l.at(l.afterRow('IV.1'), l.col('code'))],
      ['CRITERION_MISSING', l.header('code')],
      ['VALUE_NOT_NUMBER', l.cell('I.3', 'points')],
      ['ACHIEVED_ABOVE_BASE', l.cell('II.3', 'achieved')],
      ['SCORE_OFF_STEP', l.cell('III.2', 'points')],
    ],
    warnings: [['CRITERION_UNKNOWN', l.at(l.afterRow('VI.5'), l.col('code'))]],
  };
};
{
  const t = tenMistakes('STP-DLK', true);
  add({
    file: 'c-ten-mistakes.xlsx',
    about:
      'SheetJS, hand-edited layout, ten different mistakes → ten entries: bloc, year, period and rubric of other files; IV.1 twice; V.2 missing; I.3 "sáu"; II.3 achieved > base; III.2 "4,6" off step 0,25; an unknown row VI.6 (warning).',
    build: t.bytes,
    unit: 'STP-DLK',
    errors: t.errors,
    warnings: t.warnings,
  });
}
{
  const t = tenMistakes('STP-QNG', false);
  add({
    file: 'c-ten-mistakes-libreoffice.xlsx',
    about: 'The same ten mistakes for STP-QNG (numbers as number cells), re-saved by LibreOffice.',
    build: t.bytes,
    convert: 'xlsx',
    unit: 'STP-QNG',
    errors: t.errors,
    warnings: t.warnings,
  });
}
await writeFixtures(fixtures, resolve(ROOT, 'test/fixtures/workbooks'));
