/**
 * A workbook written in one pass by exceljs's streaming writer: each row goes to the zip when it
 * is committed. Cell styles are shared, frozen objects: exceljs files a style once per object, so
 * a new object per cell costs an XML rendering of its font, fill and border per cell (2.7 s of the
 * 3.4 s of a large summary). Writes in the same pass what the streaming writer leaves out and the
 * buffered one writes (`<printOptions>`, the Excel 2010 extension that draws data bars), and the
 * hidden `_xlnm._FilterDatabase` name of each autofilter (autofilter.ts says why), so that no
 * package has to be re-zipped afterwards.
 */
import ExcelJS from 'exceljs';
import ExtLstXform from 'exceljs/lib/xlsx/xform/sheet/ext-lst-xform.js';
import { columnLetters } from '../grid/grid.js';
import { setWidths } from './style.js';

export type CellStyle = Readonly<Partial<ExcelJS.Style>>;

export interface SheetOptions {
  views: Partial<ExcelJS.WorksheetView>[];
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
  /** Column widths in characters, from column A. */
  widths: number[];
}

/** What the streaming writer keeps inside a sheet and a workbook, reached to add what it leaves out. */
interface SheetWriter {
  stream: { write(text: string): void };
  conditionalFormatting: ExcelJS.ConditionalFormattingOptions[];
  _writePageMargins(): void;
  _writeConditionalFormatting(): void;
  _writeCloseWorksheet(): void;
}
interface ZipWriter {
  append(source: string | Buffer, data: { name: string }): void;
}

const xmlText = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `<printOptions>` as the buffered writer renders it from the page setup. */
const printOptionsXml = (p: Partial<ExcelJS.PageSetup>): string => {
  const attrs = (
    [
      ['headings', p.showRowColHeaders],
      ['gridLines', p.showGridLines],
      ['horizontalCentered', p.horizontalCentered],
      ['verticalCentered', p.verticalCentered],
    ] as const
  ).flatMap(([name, on]) => (on ? [` ${name}="1"`] : []));
  return attrs.length ? `<printOptions${attrs.join('')}/>` : '';
};

/** Adds the extension of data bars (and their ids in the rules) and the print options to a sheet being written. */
const completeSheet = (ws: SheetWriter, pageSetup: Partial<ExcelJS.PageSetup>, styles: unknown): void => {
  const ext = new ExtLstXform();
  const model = { conditionalFormattings: ws.conditionalFormatting };
  const { _writePageMargins, _writeConditionalFormatting, _writeCloseWorksheet } = ws;
  ws._writeConditionalFormatting = function () {
    ext.prepare(model, { styles });
    _writeConditionalFormatting.call(this);
  };
  ws._writePageMargins = function () {
    this.stream.write(printOptionsXml(pageSetup));
    _writePageMargins.call(this);
  };
  ws._writeCloseWorksheet = function () {
    this.stream.write(ext.toXml(model));
    _writeCloseWorksheet.call(this);
  };
};

const filterRange = (name: string, f: ExcelJS.AutoFilter): string | null => {
  if (typeof f !== 'object' || typeof f.from !== 'object' || typeof f.to !== 'object') return null;
  const cell = (a: { row: number; column: number }) => `$${columnLetters(a.column)}$${a.row}`;
  return `'${name.replace(/'/g, "''")}'!${cell(f.from)}:${cell(f.to)}`;
};

const ids = new WeakMap<object, number>();
let nextId = 0;
/** A number for an object, the same each time: styles made of the same font, fill and border objects are one style. */
const idOf = (o: object | undefined): string => {
  if (!o) return '';
  if (!ids.has(o)) ids.set(o, nextId++);
  return String(ids.get(o));
};

export class StreamBook {
  private readonly writer: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheets: { name: string; ws: ExcelJS.Worksheet }[] = [];
  private readonly styles = new Map<string, CellStyle>();

  constructor(o: { creator: string; created: Date }) {
    // Level 6, as the package was compressed before (exceljs's zip library defaults to 1: a fifth larger).
    this.writer = new ExcelJS.stream.xlsx.WorkbookWriter({ useStyles: true, useSharedStrings: true, zip: { zlib: { level: 6 } } });
    Object.assign(this.writer, { creator: o.creator, lastModifiedBy: o.creator, created: o.created, modified: o.created });
    const zip = (this.writer as unknown as { zip: ZipWriter }).zip;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(data.name === '/xl/workbook.xml' ? this.withFilterNames(String(source)) : source, data);
  }

  set title(title: string) {
    this.writer.title = title;
  }

  /**
   * The one shared style of these parts. Fonts, fills and borders are told apart by identity (use
   * the constants of style.ts), alignments by value.
   */
  style(parts: {
    font?: Partial<ExcelJS.Font>;
    fill?: ExcelJS.Fill;
    border?: Partial<ExcelJS.Borders>;
    alignment?: Partial<ExcelJS.Alignment>;
    numFmt?: string;
  }): CellStyle {
    const a = parts.alignment;
    const key = [idOf(parts.font), idOf(parts.fill), idOf(parts.border), a ? `${a.horizontal}/${a.vertical}/${a.wrapText}` : '', parts.numFmt ?? ''].join('|');
    let style = this.styles.get(key);
    if (!style) {
      style = Object.freeze(Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)));
      this.styles.set(key, style);
    }
    return style;
  }

  addSheet(name: string, o: SheetOptions): ExcelJS.Worksheet {
    const ws = this.writer.addWorksheet(name, { views: o.views, pageSetup: o.pageSetup, headerFooter: o.headerFooter });
    completeSheet(ws as unknown as SheetWriter, o.pageSetup, (this.writer as unknown as { styles: unknown }).styles);
    setWidths(ws, o.widths);
    this.sheets.push({ name: ws.name, ws });
    return ws;
  }

  async finish(): Promise<Buffer> {
    await this.writer.commit();
    return (this.writer as unknown as { stream: { read(): Buffer } }).stream.read();
  }

  private withFilterNames(xml: string): string {
    const names = this.sheets.flatMap(({ name, ws }, i) => {
      const range = ws.autoFilter && filterRange(name, ws.autoFilter);
      return range ? [`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(range)}</definedName>`] : [];
    });
    if (!names.length) return xml;
    if (xml.includes('</definedNames>')) return xml.replace('</definedNames>', `${names.join('')}</definedNames>`);
    return xml.replace('</sheets>', `</sheets><definedNames>${names.join('')}</definedNames>`);
  }
}
