/**
 * A member's package made safe and faithful for exceljs's buffered `load`, before annotate.ts
 * loads it.
 *
 * exceljs's buffered `load` expands merged ranges and data validations into cells (STACK-NOTES: a
 * merge H10:Z200000 takes GBs), so huge `<mergeCells>` / `<dataValidations>` entries are dropped
 * from the sheet XML before loading: they cover more cells than any real form, and dropping them
 * loses a merge or an input rule, never a value.
 *
 * exceljs also misreads `true`/`false` attributes (BOOLEAN_TAGS below): they are written `1`/`0`.
 */
import { readZipEntry, storedZip, type DirectoryRead } from '../../zip/zip.js';
import { MAX_COLS, MAX_ROWS, columnNumber } from '../../grid/grid.js';

/** Merges and validations together may cover at most this many cells of a sheet before the largest are dropped. */
export const MAX_COVERED_CELLS = 100_000;

// ---------------------------------------------------------------------------------------------
// Huge ranges out of the sheet XML

const END = /^\$?([A-Za-z]{1,3})?\$?(\d{1,7})?$/;

/** Cells covered by one reference (`A1`, `A1:B2`, `A:C`, `3:5`); a malformed one counts as the whole sheet. */
export const cellsInRef = (ref: string): number => {
  const [a = '', b = a, ...rest] = ref.split(':');
  const p = END.exec(a);
  const q = END.exec(b);
  const whole = MAX_ROWS * MAX_COLS;
  if (rest.length || !p || !q || (!p[1] && !p[2]) || (!q[1] && !q[2])) return whole;
  const rows = p[2] && q[2] ? Math.abs(Number(q[2]) - Number(p[2])) + 1 : MAX_ROWS;
  const cols = p[1] && q[1] ? Math.abs(columnNumber(q[1]) - columnNumber(p[1])) + 1 : MAX_COLS;
  if (!p[1] !== !q[1] || !p[2] !== !q[2]) return whole;
  return rows * cols;
};

/** Cells covered by a space-separated list of references (`sqref`). */
export const cellsInSqref = (sqref: string): number =>
  sqref
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .reduce((n, r) => n + cellsInRef(r), 0);

interface Item {
  xml: string;
  cells: number;
  keep: boolean;
}

interface Container {
  /** Whole element as found, its prefix (`x:` or empty), its attributes text and its items. */
  match: string;
  prefix: string;
  attrs: string;
  name: 'mergeCells' | 'dataValidations';
  items: Item[];
}

const ATTRS = `((?:[^>"']|"[^"]*"|'[^']*')*?)`;
const attr = (attrs: string, name: string): string | undefined =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    .exec(attrs)
    ?.slice(1)
    .find((v) => v !== undefined);

const containers = (xml: string, name: 'mergeCells' | 'dataValidations', item: string, refAttr: string): Container[] => {
  const out: Container[] = [];
  const outer = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${name}\\b${ATTRS}(?:/>|>([\\s\\S]*?)</\\1${name}\\s*>)`, 'g');
  for (const m of xml.matchAll(outer)) {
    const prefix = m[1] ?? '';
    if (prefix === 'x14:') continue; // Excel 2010 extension lists: exceljs does not expand them
    const inner = m[3] ?? '';
    const itemRe = new RegExp(`<${prefix}${item}\\b${ATTRS}(?:/>|>[\\s\\S]*?</${prefix}${item}\\s*>)`, 'g');
    const items = [...inner.matchAll(itemRe)].map((i) => ({ xml: i[0], cells: cellsInSqref(attr(i[1] ?? '', refAttr) ?? ''), keep: true }));
    out.push({ match: m[0], prefix, attrs: m[2] ?? '', name, items });
  }
  return out;
};

const rebuild = (c: Container): string => {
  const kept = c.items.filter((i) => i.keep);
  if (!kept.length) return '';
  const attrs = c.attrs.replace(/\bcount\s*=\s*("[^"]*"|'[^']*')/, `count="${kept.length}"`);
  return `<${c.prefix}${c.name}${attrs}>${kept.map((i) => i.xml).join('')}</${c.prefix}${c.name}>`;
};

/**
 * One sheet's XML with its largest merges and validations removed until they cover at most
 * `limit` cells; the same string when nothing needs to go.
 */
export const stripHugeRanges = (xml: string, limit = MAX_COVERED_CELLS): string => {
  if (!xml.includes('mergeCell') && !xml.includes('dataValidation')) return xml;
  const found = [...containers(xml, 'mergeCells', 'mergeCell', 'ref'), ...containers(xml, 'dataValidations', 'dataValidation', 'sqref')];
  const items = found.flatMap((c) => c.items);
  let total = items.reduce((n, i) => n + i.cells, 0);
  if (total <= limit) return xml;
  for (const i of [...items].sort((a, b) => b.cells - a.cells)) {
    if (total <= limit) break;
    i.keep = false;
    total -= i.cells;
  }
  let out = xml;
  for (const c of found) if (c.items.some((i) => !i.keep)) out = out.replace(c.match, () => rebuild(c));
  return out;
};

const SHEET_PART = /(^|\/)worksheets\/[^/]+\.xml$/i;

/**
 * Elements whose `true`/`false` attributes exceljs misreads (it compares with '1'): LibreOffice
 * writes `fitToPage="true"`, `sheet="true"` (protection), `locked="false"` (an unlocked input cell),
 * which would lose fit-to-page and protection, and lock input cells, in the annotated copy.
 */
const BOOLEAN_TAGS: Record<'sheet' | 'styles' | 'workbook', string[]> = {
  sheet: [
    'sheetPr',
    'pageSetUpPr',
    'outlinePr',
    'sheetView',
    'pane',
    'selection',
    'sheetFormatPr',
    'sheetProtection',
    'printOptions',
    'pageSetup',
    'headerFooter',
  ],
  styles: ['protection'],
  workbook: ['workbookPr', 'workbookView'],
};

/** `true`/`false` attribute values of the given elements as `1`/`0` (the same xsd:boolean). */
export const normalizeBooleans = (xml: string, tags: string[]): string => {
  const re = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?(?:${tags.join('|')}))(\\s[^>]*?)?(/?)>`, 'g');
  return xml.replace(re, (whole, name: string, attrs: string | undefined, close: string) =>
    attrs && /="(?:true|false)"/.test(attrs)
      ? `<${name}${attrs.replace(/(\s[\w:.-]+\s*=\s*)"(true|false)"/g, (_m, a: string, v: string) => `${a}"${v === 'true' ? '1' : '0'}"`)}${close}>`
      : whole,
  );
};

/** How each part must change before exceljs reads it, by its lower-case part name. */
const changeFor = (key: string, limit: number): ((xml: string) => string) | null => {
  if (SHEET_PART.test(key)) return (xml) => normalizeBooleans(stripHugeRanges(xml, limit), BOOLEAN_TAGS.sheet);
  if (key === 'xl/styles.xml') return (xml) => normalizeBooleans(xml, BOOLEAN_TAGS.styles);
  if (key === 'xl/workbook.xml') return (xml) => normalizeBooleans(xml, BOOLEAN_TAGS.workbook);
  return null;
};

/**
 * The package made safe and faithful for exceljs's buffered `load`: huge merges and validations
 * dropped from every worksheet, booleans written as 1/0. The same bytes when nothing changes.
 * `checked` is its zip directory as checked on receipt (`checkContainer`); every entry is read
 * through the bounded zip reader (sizes and CRCs checked). Throws when the package cannot be read.
 */
export const prepareForLoad = (bytes: Uint8Array, checked: DirectoryRead, limit = MAX_COVERED_CELLS): Uint8Array => {
  if (!checked.ok) throw new Error(`${checked.problem.code}: ${checked.problem.message}`);
  const files: { name: string; data: Buffer }[] = [];
  let changed = false;
  for (const entry of checked.entries.values()) {
    const read = readZipEntry(bytes, entry);
    if (!read.ok) throw new Error(`${read.problem.code}: ${read.problem.message}`);
    let data = read.data;
    const change = changeFor(entry.key, limit);
    if (change) {
      const xml = data.toString('utf8');
      const out = change(xml);
      if (out !== xml) {
        data = Buffer.from(out, 'utf8');
        changed = true;
      }
    }
    files.push({ name: entry.name, data });
  }
  return changed ? storedZip(files) : bytes;
};
