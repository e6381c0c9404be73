/**
 * A workbook as its users see it, in canonical JSON: sheet order, every cell's value, type and
 * resolved style (font, fill, border, alignment, number format), row heights, and per sheet the
 * XML of what is not a cell (columns, panes, merges, autofilter, conditional formats with their
 * Excel 2010 extension, print options, margins, page setup, header and footer, page breaks,
 * protection), and the workbook's defined names. Style indexes, the order of defined names and
 * the random ids of data-bar extensions are left out: they differ between two writers of the same
 * workbook. Compares the summary written by two implementations.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const SHEET_PARTS = [
  'sheetPr',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetProtection',
  'autoFilter',
  'mergeCells',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'dataValidations',
  'hyperlinks',
] as const;

/** Keys sorted at every level, so that two equal objects print the same. */
const canonical = (v: unknown): unknown => {
  if (v instanceof Date) return { date: v.toISOString() };
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
};

const element = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g'))].map((m) => m[0]);

/** Random GUIDs numbered in order of appearance. */
const stableIds = (xml: string): string => {
  const ids = new Map<string, number>();
  return xml.replace(/\{[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}\}/g, (id) => {
    if (id === '{78C0D931-6437-407d-A8EE-F0AAD7539E65}' || id === '{B025F937-C7B1-47D3-B67F-A62EFF666E3E}') return id;
    if (!ids.has(id)) ids.set(id, ids.size);
    return `{id-${ids.get(id)}}`;
  });
};

const sheetPaths = async (zip: JSZip): Promise<{ name: string; path: string }[]> => {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([el]) => [/Id="([^"]+)"/.exec(el)![1]!, /Target="([^"]+)"/.exec(el)![1]!]));
  return [...wb.matchAll(/<sheet\b[^>]*>/g)].map(([el]) => ({
    name: /name="([^"]+)"/.exec(el)![1]!,
    path: targets.get(/r:id="([^"]+)"/.exec(el)![1]!)!.replace(/^\/?(xl\/)?/, 'xl/'),
  }));
};

/** Rows as [row, height, ...[address, type, value, style number]], style numbers indexing `styles`. */
const cellsOf = (ws: ExcelJS.Worksheet, styles: Map<string, number>) => {
  const styleNo = (style: unknown): number => {
    const key = JSON.stringify(canonical(style));
    if (!styles.has(key)) styles.set(key, styles.size);
    return styles.get(key)!;
  };
  const rows: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cells.push([cell.address, cell.type, canonical(cell.value) ?? null, styleNo(cell.style)]);
    });
    rows.push([r, row.height ?? null, ...cells]);
  });
  return rows;
};

export interface WorkbookDump {
  sheets: string[];
  definedNames: string[];
  core: string[];
  /** Every distinct cell style, canonical JSON, in order of first use. */
  styles: string[];
  sheet: Record<string, { parts: Record<string, string[]>; conditionalFormatting: string[]; extLst: string[]; rows: unknown[] }>;
}

export const dumpWorkbook = async (bytes: Uint8Array): Promise<WorkbookDump> => {
  const zip = await JSZip.loadAsync(bytes);
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const paths = await sheetPaths(zip);
  const sheet: WorkbookDump['sheet'] = {};
  const styles = new Map<string, number>();
  for (const [i, { name, path }] of paths.entries()) {
    const xml = await zip.file(path)!.async('string');
    const body = xml.replace(/<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/, '');
    sheet[name] = {
      parts: Object.fromEntries(SHEET_PARTS.map((t) => [t, element(body, t)])),
      conditionalFormatting: element(body, 'conditionalFormatting').map(stableIds),
      extLst: element(body, 'extLst').map(stableIds),
      rows: cellsOf(book.worksheets[i]!, styles),
    };
  }
  return {
    sheets: paths.map((p) => p.name),
    definedNames: element(wbXml, 'definedName').sort(),
    styles: [...styles.keys()],
    core: ['dc:creator', 'dc:title', 'dcterms:created', 'dcterms:modified'].flatMap((t) => element(core, t)),
    sheet,
  };
};

/** One line per row: small diffs, readable files. */
export const dumpText = (d: WorkbookDump): string =>
  `${JSON.stringify({ ...d, sheet: undefined }, null, 1)}\n${Object.entries(d.sheet)
    .map(([name, s]) => [JSON.stringify(name), JSON.stringify({ ...s, rows: undefined }), ...s.rows.map((r) => JSON.stringify(r))].join('\n'))
    .join('\n')}\n`;
