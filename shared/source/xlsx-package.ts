/**
 * The parts of a checked `.xlsx` container (container.ts) that xlsx-grid.ts reads, re-packed into a
 * new zip in the order exceljs's streaming reader needs (STACK-NOTES: it races when the worksheets
 * come before `xl/workbook.xml`, as SheetJS writes them): content types, rels, workbook, workbook
 * rels, styles, shared strings, then the worksheets in workbook order, renamed
 * `xl/worksheets/sheetN.xml`. Each worksheet is cut down to its `<sheetData>` with only the cells
 * that hold something: merges, data validations, conditional formats, drawings and the rest never
 * reach the reader, whatever range they cover. A formula cell with a cached result keeps only the
 * result (so a cached `#REF!` or TRUE reads as such); one without keeps its formula.
 */
import { posix } from 'node:path';
import { corrupt, tooLarge, type Problem } from '../model/problem.js';
import { readZipEntry, storedZip, type ZipEntry } from '../zip/zip.js';
import type { GRID_LIMITS, ReadGridOptions } from '../grid/read.js';
import { SaxesParser } from 'saxes';
import { MAX_COLS, MAX_ROWS, columnLetters, columnNumber } from '../grid/grid.js';

/** A problem found while re-packing or reading: readXlsxGrid returns it. */
export class ReadError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** Bounds on what one read may hold (GRID_LIMITS of xlsx-grid.ts). */
type GridLimits = typeof GRID_LIMITS;

// ---------------------------------------------------------------------------------------------
// Small XML helpers (the parts are only scanned here; exceljs parses what it reads)

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const attributes = (text: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) out.set(m[1]!, m[2] ?? m[3] ?? '');
  return out;
};

/** An attribute by local name, whatever its prefix (`r:id`, `relationships:id`). */
const attrLocal = (attrs: Map<string, string>, local: string, prefixed: boolean): string | undefined => {
  for (const [k, v] of attrs) {
    const colon = k.indexOf(':');
    if (prefixed ? colon >= 0 && k.slice(colon + 1) === local : k === local) return v;
  }
  return undefined;
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export const decodeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e] ?? whole;
  });

const xmlText = (data: Buffer): string => {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

// ---------------------------------------------------------------------------------------------
// Workbook structure

interface SheetPart {
  name: string;
  entry: ZipEntry;
}

const workbookSheets = (workbookXml: string, relsXml: string, entries: Map<string, ZipEntry>): { sheets: SheetPart[]; date1904: boolean } => {
  if (!/<(?:[\w.-]+:)?workbook[\s>]/.test(workbookXml)) throw new ReadError(corrupt('xl/workbook.xml không phải là XML của sổ làm việc'));
  const targets = new Map<string, { target: string; type: string }>();
  for (const m of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\s([^>]{0,5000})>/g)) {
    const a = attributes(m[1]!);
    const id = a.get('Id');
    if (id !== undefined) targets.set(id, { target: decodeXml(a.get('Target') ?? ''), type: a.get('Type') ?? '' });
  }
  const sheets: SheetPart[] = [];
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\s([^>]{0,5000})>/g)) {
    const a = attributes(m[1]!);
    const rel = targets.get(attrLocal(a, 'id', true) ?? '');
    if (!rel || !/\/worksheet$/.test(rel.type)) continue; // chart sheets, dialog sheets: no cells
    const target = rel.target.startsWith('/') ? rel.target.slice(1) : posix.join('xl', rel.target);
    const entry = entries.get(posix.normalize(target).toLowerCase());
    if (!entry) throw new ReadError(corrupt(`thiếu phần "${target}" của sheet`));
    sheets.push({ name: decodeXml(attrLocal(a, 'name', false) ?? `Sheet${sheets.length + 1}`).normalize('NFC'), entry });
  }
  if (!sheets.length) throw new ReadError(corrupt('sổ làm việc không có sheet nào'));
  const pr = /<(?:[\w.-]+:)?workbookPr\s([^>]{0,5000})>/.exec(workbookXml);
  const date1904 = pr ? /^(1|true)$/.test(attributes(pr[1]!).get('date1904') ?? '') : false;
  return { sheets, date1904 };
};

// ---------------------------------------------------------------------------------------------
// A worksheet cut down to the cells that hold something

export interface SheetCut {
  xml: string;
  rows: number;
  cells: number;
  /** Cells of type `d` (an ISO 8601 date written as text), which exceljs would read as a number. */
  dates: Map<string, string>;
}

export const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

/** Cell types kept as written; `n` (the default) and anything unknown are numbers. */
const TYPES = new Set(['s', 'str', 'e', 'b']);
const TYPE_ATTR = /\st\s*=\s*["']([^"']*)["']/;
const STYLE_ATTR = /\ss\s*=\s*["'](\d+)["']/;
const REF_ATTR = /\sr\s*=\s*["']([^"']{0,32})["']/;

/** Longest attribute list of a row or cell read (real ones are under 300 characters). */
const MAX_TAG = 2000;

/** Drops phonetic runs (`<rPh>…</rPh>`, Japanese readings), in one pass. */
const withoutPhonetic = (xml: string, prefix: string): string => {
  const open = `<${prefix}rPh`;
  const close = `</${prefix}rPh>`;
  let from = xml.indexOf(open);
  if (from < 0) return xml;
  const out: string[] = [];
  let kept = 0;
  while (from >= 0) {
    const to = xml.indexOf(close, from);
    if (to < 0) break;
    out.push(xml.slice(kept, from));
    kept = to + close.length;
    from = xml.indexOf(open, kept);
  }
  out.push(xml.slice(kept));
  return out.join('');
};

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * Keeps the rows and cells of `<sheetData>` that hold a value, a cached result or a formula; gives
 * every row and cell an explicit reference (both may be implicit in the format).
 */
/**
 * The cut keeps only what it recognises, so it would pass over broken XML around it: the whole part
 * must be well-formed XML, as Excel requires, or the file is corrupt.
 */
export const assertWellFormed = (xml: string, sheetName: string): void => {
  const parser = new SaxesParser();
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.write(xml).close();
  if (failed) throw new ReadError(corrupt(`sheet "${sheetName}" không phải XML hợp lệ`));
};

export const cutSheet = (xml: string, sheetName: string): SheetCut => {
  const open = /<([\w.-]+:)?sheetData(?=[\s/>])([^>]*)>/.exec(xml);
  if (!open) {
    if (/<(?:[\w.-]+:)?worksheet[\s>]/.test(xml)) return { xml: SHEET_HEAD + SHEET_TAIL, rows: 0, cells: 0, dates: new Map() };
    throw new ReadError(corrupt(`sheet "${sheetName}" không phải là XML của một sheet`));
  }
  const p = open[1] ?? '';
  const start = open.index + open[0].length;
  const selfClosed = open[2]!.endsWith('/');
  const end = selfClosed ? start : xml.indexOf(`</${p}sheetData>`, start);
  if (end < 0) throw new ReadError(corrupt(`sheet "${sheetName}" bị cắt cụt`));

  // One match per row or cell, its `r` captured when present; a match ending in `/>` is empty.
  // Every search runs inside the part it belongs to (sheetData, a row, a cell), tags are found by
  // `indexOf('>')` with a bounded length and inner quantifiers are bounded: no input makes a scan
  // quadratic (thousands of `<c` without `>`, rows without cells before a distant one).
  const data = xml.slice(start, end);
  const rowOpen = new RegExp(`<${p}row(?=[\\s/>])`, 'g');
  const cellOpen = new RegExp(`<${p}c(?=[\\s/>])`, 'g');
  const rowClose = `</${p}row>`;
  const cellClose = `</${p}c>`;
  const valueRe = new RegExp(`<${p}v(?:\\s[^>]{0,200})?(?:/>|>([^<]*)</${p}v>)`);
  const formulaRe = new RegExp(`<${p}f(?:\\s[^>]{0,200})?(?:/>|>([^<]*)</${p}f>)`);
  const inlineRe = new RegExp(`<${p}is[\\s>]`);
  const textRe = new RegExp(`<${p}t(?:\\s[^>]{0,200})?(?:/>|>([^<]*)</${p}t>)`, 'g');
  const tagEnd = (text: string, at: number, what: () => string): number => {
    const close = text.indexOf('>', at);
    if (close < 0 || close - at > MAX_TAG) throw new ReadError(corrupt(`sheet "${sheetName}": ${what()} không hợp lệ`));
    return close + 1;
  };

  const out: string[] = [SHEET_HEAD];
  const dates = new Map<string, string>();
  let rows = 0;
  let cells = 0;
  let rowNumber = 0;
  for (let m = rowOpen.exec(data); m; m = rowOpen.exec(data)) {
    const bodyStart = tagEnd(data, m.index, () => `dòng sau dòng ${rowNumber}`);
    const rowTag = data.slice(m.index, bodyStart);
    const r = Number(REF_ATTR.exec(rowTag)?.[1]);
    rowNumber = Number.isInteger(r) && r > rowNumber && r <= MAX_ROWS ? r : rowNumber + 1;
    if (rowTag.endsWith('/>')) {
      rowOpen.lastIndex = bodyStart;
      continue;
    }
    const bodyEnd = data.indexOf(rowClose, bodyStart);
    if (bodyEnd < 0) throw new ReadError(corrupt(`sheet "${sheetName}": dòng ${rowNumber} không đóng`));
    rowOpen.lastIndex = bodyEnd + rowClose.length;
    const body = data.slice(bodyStart, bodyEnd);
    const kept: string[] = [];
    let dated = false;
    // The column of a cell: that of the last cell with a reference, plus the cells since.
    let lastRef: string | undefined;
    let since = 0;
    let lastCol = 0;
    cellOpen.lastIndex = 0;
    for (let c = cellOpen.exec(body); c; c = cellOpen.exec(body)) {
      const innerStart = tagEnd(body, c.index, () => `ô sau cột ${lastCol} của dòng ${rowNumber}`);
      const cellTag = body.slice(c.index, innerStart);
      cellOpen.lastIndex = innerStart;
      const ref = REF_ATTR.exec(cellTag)?.[1];
      if (ref !== undefined) (lastRef = ref), (since = 0);
      else since += 1;
      if (cellTag.endsWith('/>')) continue;
      const parsed = lastRef === undefined ? null : CELL_REF.exec(lastRef);
      const n = parsed ? columnNumber(parsed[1]!) + since : 0;
      const col = n > lastCol && n <= MAX_COLS ? n : lastCol + 1;
      lastCol = col;
      const innerEnd = body.indexOf(cellClose, innerStart);
      if (innerEnd < 0) throw new ReadError(corrupt(`sheet "${sheetName}": ô ${columnLetters(col)}${rowNumber} không đóng`));
      cellOpen.lastIndex = innerEnd + cellClose.length;
      const inner = body.slice(innerStart, innerEnd);
      const at = `${columnLetters(col)}${rowNumber}`;
      const t = TYPE_ATTR.exec(cellTag)?.[1] ?? 'n';
      const s = STYLE_ATTR.exec(cellTag)?.[1];
      const style = s ? ` s="${s}"` : '';
      if (t === 'inlineStr' || inlineRe.test(inner)) {
        const text = [...withoutPhonetic(inner, p).matchAll(textRe)].map((x) => x[1] ?? '').join('');
        if (text !== '') kept.push(`<c r="${at}" t="inlineStr"><is><t>${text}</t></is></c>`);
        continue;
      }
      const v = valueRe.exec(inner);
      const value = v?.[1] ?? '';
      if (value !== '') {
        if (t === 'd') {
          dates.set(at, decodeXml(value));
          dated = true;
        } else kept.push(`<c r="${at}"${style}${TYPES.has(t) ? ` t="${t}"` : ''}><v>${value}</v></c>`);
        continue;
      }
      const f = formulaRe.exec(inner);
      // A formula whose cached result is an empty string shows nothing: an empty cell.
      if (f && !(v && t === 'str')) kept.push(`<c r="${at}"><f>${f[1] ?? ''}</f></c>`);
    }
    if (kept.length || dated) rows += 1;
    if (kept.length) {
      cells += kept.length;
      out.push(`<row r="${rowNumber}">`, ...kept, '</row>');
    }
  }
  out.push(SHEET_TAIL);
  return { xml: out.join(''), rows, cells: cells + dates.size, dates };
};

// ---------------------------------------------------------------------------------------------
// The new package

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const EMPTY_SST = `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="0" uniqueCount="0"/>`;
const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`;
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

/**
 * A part cut short still parses in exceljs (it never closes its XML parser): a whole part ends
 * with its root's closing tag (then perhaps comments), or is a single empty root element.
 */
const complete = (xml: string, root: string, part: string): string => {
  const tail = xml.slice(-5000).replace(/(?:\s|<!--[^]*?-->)+$/, '');
  const closed =
    new RegExp(`</(?:[\\w.-]+:)?${root}>$`).test(tail) ||
    (xml.length < 5000 && new RegExp(`^\\s*(?:<\\?xml[^>]*>)?\\s*<(?:[\\w.-]+:)?${root}(?:\\s[^>]*)?/>$`).test(tail));
  if (!closed) throw new ReadError(corrupt(`phần "${part}" bị cắt cụt hoặc không phải XML hợp lệ`));
  return xml;
};

/** Shared strings as exceljs reads them: no phonetic runs (their text would replace the string's), no prefix. */
const cleanSharedStrings = (xml: string): string => {
  const root = /<([\w.-]+):sst[\s>]/.exec(xml);
  const out = root ? xml.replace(new RegExp(`<(/?)${root[1]}:`, 'g'), '<$1') : xml;
  return withoutPhonetic(out, '');
};

export interface Packed {
  zip: Buffer;
  names: string[];
  dates: Map<string, string>[];
}

/** The new package, with the sheet names and `t="d"` dates of the worksheets it holds, in order. */
export const pack = (bytes: Uint8Array, entries: Map<string, ZipEntry>, opts: ReadGridOptions, limits: GridLimits): Packed => {
  const read = (key: string, required: boolean): Buffer | null => {
    const entry = entries.get(key);
    if (!entry) {
      if (required) throw new ReadError(corrupt(`thiếu phần "${key}"`));
      return null;
    }
    const r = readZipEntry(bytes, entry);
    if (!r.ok) throw new ReadError(r.problem);
    return r.data;
  };
  const { sheets, date1904 } = workbookSheets(xmlText(read('xl/workbook.xml', true)!), xmlText(read('xl/_rels/workbook.xml.rels', true)!), entries);
  const chosen = sheets.filter((s) => !opts.sheets || opts.sheets(s.name));

  const files: { name: string; data: Buffer }[] = [];
  const names: string[] = [];
  const dates: Map<string, string>[] = [];
  let cells = 0;
  chosen.forEach((s, i) => {
    const data = read(s.entry.key, true)!;
    const cut = cutSheet(xmlText(data), s.name);
    if (cut.rows > limits.rowsPerSheet)
      throw new ReadError(tooLarge(`sheet "${s.name}" có ${cut.rows.toLocaleString('vi-VN')} dòng có dữ liệu, tối đa ${limits.rowsPerSheet.toLocaleString('vi-VN')}`));
    cells += cut.cells;
    if (cells > limits.cells) throw new ReadError(tooLarge(`quá ${limits.cells.toLocaleString('vi-VN')} ô có dữ liệu`));
    assertWellFormed(xmlText(data), s.name);
    files.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(cut.xml, 'utf8') });
    names.push(s.name);
    dates.push(cut.dates);
  });

  const workbook =
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>` +
    names.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  const rels =
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    '</Relationships>';
  const styles = read('xl/styles.xml', false);
  const sst = read('xl/sharedstrings.xml', false);
  const head = [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES, 'utf8') },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS, 'utf8') },
    { name: 'xl/workbook.xml', data: Buffer.from(workbook, 'utf8') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels, 'utf8') },
    ...(styles ? [{ name: 'xl/styles.xml', data: Buffer.from(complete(xmlText(styles), 'styleSheet', 'xl/styles.xml'), 'utf8') }] : []),
    { name: 'xl/sharedStrings.xml', data: Buffer.from(sst ? cleanSharedStrings(complete(xmlText(sst), 'sst', 'xl/sharedStrings.xml')) : EMPTY_SST, 'utf8') },
  ];
  return { zip: storedZip([...head, ...files]), names, dates };
};
