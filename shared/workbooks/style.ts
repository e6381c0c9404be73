/**
 * The look of the workbooks we write (submission template, summary, annotated copy): one font and
 * palette, fills, borders, text that always stays text, and A4 landscape printing. The template
 * is set in 12 points with input cells to fill in; the summary and the annotated copy are tables
 * set in 11 points.
 */
import type { Alignment, Borders, Cell, Fill, Font, PageSetup, Worksheet, WorksheetView } from 'exceljs';
import { columnLetters } from '../grid/grid.js';
import { fromHundredths, toNumber, type Rational } from '../numbers/rational.js';
import { nfc } from '../text/match.js';

export const FONT_NAME = 'Times New Roman';
export const POINTS_FORMAT = '0.00';

/** ARGB colours. */
export const COLOR = {
  input: 'FFFFF2CC', // light yellow: cells staff fill in
  header: 'FFD9E1F2', // column headers
  section: 'FFE7E6E6', // section, bonus and deduction headings
  computed: 'FFF2F2F2', // computed or not applicable
  muted: 'FF505050',
  title: 'FF1F3864',
  dataBar: 'FFBDD7EE', // light: a number on it stays readable, in colour and in grey
  dataBarBorder: 'FF2F5597',
  errorText: 'FFC00000',
} as const;

export const font = (o: Partial<Font> = {}): Partial<Font> => ({ name: FONT_NAME, size: 12, ...o });
export const FONT = font({ size: 11 });
export const BOLD: Partial<Font> = { ...FONT, bold: true };
export const TITLE_FONT = font({ size: 14, bold: true });
export const SUBTITLE_FONT = font({ bold: true });
export const NOTE_FONT = font({ size: 10, italic: true, color: { argb: 'FF555555' } });
export const ITALIC_FONT: Partial<Font> = { ...FONT, italic: true };
export const ERROR_FONT: Partial<Font> = { ...FONT, color: { argb: COLOR.errorText } };
export const ERROR_BOLD: Partial<Font> = { ...BOLD, color: { argb: COLOR.errorText } };

export const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const tableFill = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });
export const FILL = {
  header: tableFill(COLOR.header),
  section: tableFill('FFEDF2F9'),
  total: tableFill('FFFCE4D6'),
  diff: tableFill('FFFFF2CC'),
  error: tableFill('FFFFC7CE'),
  warning: tableFill('FFFFD8A8'),
  muted: tableFill('FFF2F2F2'),
} as const;

const edge = (style: 'thin' | 'medium', argb: string) => ({ style, color: { argb } });
const box = (e: ReturnType<typeof edge>): Partial<Borders> => ({ top: e, left: e, bottom: e, right: e });
export const TEMPLATE_BORDER = box(edge('thin', 'FF9E9E9E'));
export const TABLE_BORDER = box(edge('thin', 'FFA6A6A6'));
export const GROUP_TOP_BORDER: Partial<Borders> = { ...TABLE_BORDER, top: edge('medium', 'FF595959') };

// ---------------------------------------------------------------------------------------------
// Text and numbers

/** Excel's limit for a cell's text; control characters other than tab and newline are not valid XML. */
const MAX_CELL_TEXT = 32_767;
export const cleanText = (text: string): string =>
  nfc(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .slice(0, MAX_CELL_TEXT);

/**
 * Writes text as a plain string cell, never a formula or rich text: exceljs writes a JavaScript
 * string as a shared string (t="s") whatever it starts with, so `=HYPERLINK(…)` stays text; the
 * test suite checks the XML.
 */
export const setText = (cell: Cell, text: string): void => {
  cell.value = cleanText(text);
};

/** Text from a submission or a configuration; nothing or '' leaves the cell empty. */
export const text = (cell: Cell, value: string | null | undefined): void => {
  if (value === null || value === undefined || value === '') {
    cell.value = null;
    return;
  }
  setText(cell, String(value));
};

/** Points in hundredths as an exact number cell shown with two decimals. */
export const points = (cell: Cell, h: bigint | null | undefined): void => {
  if (h === null || h === undefined) {
    cell.value = null;
    return;
  }
  cell.value = toNumber(fromHundredths(h));
  cell.numFmt = POINTS_FORMAT;
};

/** A rational (a self-score, a difference) as a number cell shown with two decimals. */
export const decimal = (cell: Cell, r: Rational | null | undefined): void => {
  if (!r) {
    cell.value = null;
    return;
  }
  cell.value = toNumber(r);
  cell.numFmt = POINTS_FORMAT;
};

export const integer = (cell: Cell, n: number | null | undefined): void => {
  cell.value = n === null || n === undefined ? null : n;
};

// ---------------------------------------------------------------------------------------------
// The template's cells

/** A cell staff fill in: unlocked and light yellow. */
export const markInput = (cell: Cell): void => {
  cell.protection = { locked: false };
  cell.fill = solid(COLOR.input);
};

export const alignment = (o: Partial<Alignment> = {}): Partial<Alignment> => ({ vertical: 'middle', wrapText: true, ...o });

/**
 * Rows are given an explicit height, since not every program fits wrapped text on opening. Lines
 * of `text` in a column `width` characters wide, in a font of `size` points (slightly pessimistic).
 */
export const linesIn = (text: string, width: number, size = 12): number => {
  const perLine = Math.max(1, Math.floor((width * 1.25 * 12) / size) - 2);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil([...para].length / perLine)), 0);
};

/** Height in points of one line of text in a font of `size` points. */
export const lineHeight = (size = 12): number => size * 1.3125;

export const heightFor = (lines: number, padding = 4, size = 12): number => Math.ceil(lines * lineHeight(size) + padding);

/** Protection without a password: staff may still resize rows and columns and select any cell. */
export const protectSheet = (ws: Worksheet): Promise<void> =>
  ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

// ---------------------------------------------------------------------------------------------
// Tables (summary, annotated copy)

/** Applies the table body look (font, thin borders, vertical centring) to a row's cells 1..cols. */
export const bodyRow = (ws: Worksheet, row: number, cols: number, extra: { font?: Partial<Font>; fill?: Fill; border?: Partial<Borders> } = {}): void => {
  for (let c = 1; c <= cols; c++) {
    const cell = ws.getCell(row, c);
    cell.font = extra.font ?? FONT;
    cell.border = extra.border ?? TABLE_BORDER;
    if (extra.fill) cell.fill = extra.fill;
    cell.alignment = { ...(cell.alignment ?? {}), vertical: 'middle' };
  }
};

/** A header row: bold, filled, centred, wrapped. */
export const headerRow = (ws: Worksheet, row: number, labels: (string | null)[]): void => {
  labels.forEach((label, i) => {
    const cell = ws.getCell(row, i + 1);
    text(cell, label);
    cell.font = BOLD;
    cell.fill = FILL.header;
    cell.border = TABLE_BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
};

export const wrap = (cell: Cell, horizontal: 'left' | 'center' | 'right' = 'left'): void => {
  cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
};

export const align = (cell: Cell, horizontal: 'left' | 'center' | 'right'): void => {
  cell.alignment = { horizontal, vertical: 'middle' };
};

/**
 * Rough number of lines a wrapped text takes in a column of `width` characters. Column widths
 * count digits of the default font (Calibri 11); about 1.4 letters of Times New Roman 11 fit in
 * one of them (measured in LibreOffice's PDF output), bold a little fewer, so 1.35 leaves a margin.
 */
export const linesFor = (value: string, width: number): number => {
  const perLine = Math.max(1, Math.floor(width * 1.35) - 1);
  return value.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil([...part].length / perLine)), 0);
};

/** The height of a row whose wrapped texts show in full, or undefined for the default (exceljs does not measure text). */
export const fittedHeight = (texts: { value: string | null | undefined; width: number }[], lineHeight = 14.5): number | undefined => {
  const lines = Math.max(1, ...texts.map((t) => (t.value ? linesFor(t.value, t.width) : 1)));
  return lines > 1 ? Math.min(409, lines * lineHeight + 3) : undefined;
};

/** Sets a row's height so that its wrapped texts show in full (exceljs does not measure text). */
export const fitRowHeight = (ws: Worksheet, row: number, texts: { value: string | null | undefined; width: number }[], lineHeight = 14.5): void => {
  const height = fittedHeight(texts, lineHeight);
  if (height !== undefined) ws.getRow(row).height = height;
};

/** A column width as setWidths writes it: exceljs takes exactly 9 for its default and does not write it, so 9 is nudged. */
export const columnWidth = (w: number): number => (w === 9 ? 9.14 : w);

/** Column widths in characters. */
export const setWidths = (ws: Worksheet, widths: number[]): void => {
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = columnWidth(w);
  });
};

/** A column wide enough for its longest line of text (see linesFor), within [min, max]. */
export const widthFor = (values: (string | null | undefined)[], min: number, max: number): number =>
  Math.min(max, Math.max(min, ...values.map((v) => (v ? Math.ceil(Math.max(...v.split('\n').map((l) => [...l].length)) / 1.2) + 2 : 0))));

// ---------------------------------------------------------------------------------------------
// Printing and panes

/** `&` starts a code in Excel headers and footers. */
const footerText = (text: string): string => cleanText(text).replace(/&/g, '&&');

export interface PrintOptions {
  /** Rows repeated on every printed page, e.g. [5, 5]. */
  titleRows?: [number, number];
  /** Left part of the footer (plain text). */
  footer?: string;
  /** Pages tall to fit into (0: as many as it takes, the default). */
  fitToHeight?: number;
}

/** The page setup of printSetup, over `base`. */
export const pageSetupOf = (o: PrintOptions = {}, base: Partial<PageSetup> = {}): Partial<PageSetup> => ({
  ...base,
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: o.fitToHeight ?? 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 },
  ...(o.titleRows && { printTitlesRow: `${o.titleRows[0]}:${o.titleRows[1]}` }),
});

/** The footer of printSetup: the text on the left, page numbers on the right. */
export const footerOf = (o: PrintOptions = {}): string => {
  const left = o.footer ? `&L&8 ${footerText(o.footer)}` : ''; // the space ends the font size
  return `${left}&R&8Trang &P/&N`;
};

/** A4 landscape, fit to one page wide, pages numbered in the footer. */
export const printSetup = (ws: Worksheet, o: PrintOptions = {}): void => {
  ws.pageSetup = pageSetupOf(o, ws.pageSetup);
  ws.headerFooter = { ...ws.headerFooter, oddFooter: footerOf(o) };
};

/** The frozen view of freezeRows. */
export const frozenView = (firstScrollingRow: number, columns = 0, view: { showGridLines?: boolean } = {}): Partial<WorksheetView> => {
  const topLeft = `${columnLetters(columns + 1)}${firstScrollingRow}`;
  return { state: 'frozen', xSplit: columns, ySplit: firstScrollingRow - 1, topLeftCell: topLeft, activeCell: topLeft, ...view };
};

/** Freezes the rows above `firstScrollingRow` and the first `columns` columns. */
export const freezeRows = (ws: Worksheet, firstScrollingRow: number, columns = 0, view: { showGridLines?: boolean } = {}): void => {
  ws.views = [frozenView(firstScrollingRow, columns, view)];
};

export interface TableOptions {
  /** Header rows repeated on every printed page, e.g. [5, 6]. */
  titleRows: [number, number];
  /** Pages tall to fit into (0: as many as it takes); see pagesTall. */
  fitToHeight?: number;
  /** Frozen rows (everything above the first data row) and columns. */
  frozenRows: number;
  frozenColumns?: number;
  footer?: string;
}

/** A table: printed as printSetup says with its header rows repeated, frozen panes, no grid lines. */
export const printTable = (ws: Worksheet, opts: TableOptions): void => {
  printSetup(ws, {
    titleRows: opts.titleRows,
    ...(opts.footer && { footer: opts.footer }),
    ...(opts.fitToHeight !== undefined && { fitToHeight: opts.fitToHeight }),
  });
  freezeRows(ws, opts.frozenRows + 1, opts.frozenColumns ?? 0, { showGridLines: false });
};

// ---------------------------------------------------------------------------------------------
// Pages

/** Printable area of an A4 landscape page with printSetup's margins, in points. */
const PRINTABLE = { width: 841.89 - 0.8 * 72, height: 595.28 - 1.1 * 72 } as const;
/** Excel's column width in characters → points (7 pixels a character and 5 of padding, at 96 dpi). */
const columnPoints = (width: number): number => (width * 7 + 5) * 0.75;
const DEFAULT_ROW_HEIGHT = 15;

interface PageLayout {
  /** Columns printed (1..columns) and the last row printed. */
  columns: number;
  lastRow: number;
  /** Rows repeated on every page after the first. */
  titleRows?: [number, number];
}

/** What printing one page wide needs to know of a sheet: column widths from A and row heights by row number (undefined: the default). */
export interface SheetSize {
  widths: readonly (number | undefined)[];
  heights: readonly (number | undefined)[];
}

/** A sheet's rows measured for printing one page wide: row heights in points at the printed scale, and the room on a page. */
const measure = (size: SheetSize, o: PageLayout) => {
  let width = 0;
  for (let c = 1; c <= o.columns; c++) width += columnPoints(size.widths[c - 1] ?? 9);
  const scale = Math.min(1, PRINTABLE.width / width);
  const rowHeight = (r: number): number => (size.heights[r] ?? DEFAULT_ROW_HEIGHT) * scale;
  const sum = (from: number, to: number): number => {
    let h = 0;
    for (let r = from; r <= to; r++) h += rowHeight(r);
    return h;
  };
  const titles = o.titleRows ? sum(o.titleRows[0], o.titleRows[1]) : 0;
  return { sum, titles, room: PRINTABLE.height };
};

/**
 * How many pages tall a sheet printed one page wide takes, allowing it to shrink to `minShrink` of
 * its one-page-wide scale: 1 means fitToHeight 1 keeps it on one page, still legible. An estimate
 * from the column widths and row heights set on the sheet (exceljs does not measure text).
 */
export const pagesTall = (size: SheetSize, o: PageLayout & { minShrink?: number }): number => {
  const m = measure(size, o);
  const total = m.sum(1, o.lastRow) * (o.minShrink ?? 0.75);
  for (let n = 1; ; n++) if (n * m.room - (n - 1) * m.titles >= total) return n;
};

/**
 * Manual page breaks for a sheet printed one page wide on several pages: rows `starts` begin
 * blocks that are kept together where they fit (a block ends where the next one starts; the last
 * one runs to `lastRow`), so that no page is left with a few rows that belong to the block before.
 * Returns the rows after which a page ends.
 */
export const blockBreaks = (size: SheetSize, o: PageLayout & { starts: number[] }): number[] => {
  const m = measure(size, o);
  const starts = [...o.starts].sort((a, b) => a - b);
  const breaks: number[] = [];
  let used = m.sum(1, (starts[0] ?? o.lastRow + 1) - 1);
  starts.forEach((start, i) => {
    const block = m.sum(start, (starts[i + 1] ?? o.lastRow + 1) - 1);
    if (used + block > m.room && used > m.titles) {
      breaks.push(start - 1);
      used = m.titles + block;
    } else used += block;
    while (used > m.room) used -= m.room - m.titles; // a block longer than a page breaks where it must
  });
  return breaks;
};
