/**
 * Cell writers and print settings shared by the workbooks we write for people to read: the summary
 * (SPEC §7) and the annotated copy of a submission (SPEC §8). Text is always written as a string
 * cell (never a formula), points as numbers with two decimals.
 */
import type { Borders, Cell, Fill, Font, Worksheet } from 'exceljs';
import { fromHundredths, toNumber, type Rational } from '../numbers/rational.js';
import { freezeRows, printSetup } from './style.js';

export const FONT_NAME = 'Times New Roman';
export const FONT: Partial<Font> = { name: FONT_NAME, size: 11 };
export const BOLD: Partial<Font> = { ...FONT, bold: true };
export const TITLE_FONT: Partial<Font> = { name: FONT_NAME, size: 14, bold: true };
export const SUBTITLE_FONT: Partial<Font> = { name: FONT_NAME, size: 12, bold: true };
export const NOTE_FONT: Partial<Font> = { name: FONT_NAME, size: 10, italic: true, color: { argb: 'FF555555' } };

export const POINTS_FORMAT = '0.00';
export const MAX_TEXT = 32_767;

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });
export const FILL = {
  header: solid('FFD9E1F2'),
  section: solid('FFEDF2F9'),
  total: solid('FFFCE4D6'),
  diff: solid('FFFFF2CC'),
  error: solid('FFFFC7CE'),
  warning: solid('FFFFD8A8'),
  muted: solid('FFF2F2F2'),
} as const;

export const COLOR = { dataBar: 'FF5B9BD5', errorText: 'FFC00000', mutedText: 'FF7F7F7F' } as const;

const thin = { style: 'thin' as const, color: { argb: 'FFA6A6A6' } };
export const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const medium = { style: 'medium' as const, color: { argb: 'FF595959' } };
export const GROUP_TOP_BORDER: Partial<Borders> = { ...BORDER, top: medium };

/** NFC, without the control characters XML cannot hold, within Excel's limit for a cell. */
export const cleanText = (value: string): string =>
  value
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .slice(0, MAX_TEXT);

/** Text from a submission or a configuration as a plain string cell: never a formula, never rich text. */
export const text = (cell: Cell, value: string | null | undefined): void => {
  if (value === null || value === undefined || value === '') {
    cell.value = null;
    return;
  }
  // exceljs writes a JavaScript string as a shared string (t="s") whatever it starts with, so
  // `=HYPERLINK(...)` stays text; the test suite checks the XML.
  cell.value = cleanText(String(value));
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

/** Applies the table body look (font, thin borders, vertical centring) to a row's cells 1..cols. */
export const bodyRow = (ws: Worksheet, row: number, cols: number, extra: { font?: Partial<Font>; fill?: Fill; border?: Partial<Borders> } = {}): void => {
  for (let c = 1; c <= cols; c++) {
    const cell = ws.getCell(row, c);
    cell.font = extra.font ?? FONT;
    cell.border = extra.border ?? BORDER;
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
    cell.border = BORDER;
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
  return value
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil([...part].length / perLine)), 0);
};

/** Sets a row's height so that its wrapped texts show in full (exceljs does not measure text). */
export const fitRowHeight = (ws: Worksheet, row: number, texts: { value: string | null | undefined; width: number }[], lineHeight = 14.5): void => {
  const lines = Math.max(1, ...texts.map((t) => (t.value ? linesFor(t.value, t.width) : 1)));
  if (lines > 1) ws.getRow(row).height = Math.min(409, lines * lineHeight + 3);
};

export interface TableOptions {
  /** Header rows repeated on every printed page, e.g. [5, 6]. */
  titleRows: [number, number];
  /** Frozen rows (everything above the first data row) and columns. */
  frozenRows: number;
  frozenColumns?: number;
  footer?: string;
}

/** A4 landscape, fit to one page wide, repeated header rows, frozen panes, page numbers. */
export const printTable = (ws: Worksheet, opts: TableOptions): void => {
  printSetup(ws, { titleRows: opts.titleRows, ...(opts.footer && { footer: opts.footer }) });
  freezeRows(ws, opts.frozenRows + 1, opts.frozenColumns ?? 0, { showGridLines: false });
};


/** Column widths in characters. exceljs takes exactly 9 for its default and does not write it: nudge it. */
export const setWidths = (ws: Worksheet, widths: number[]): void => {
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w === 9 ? 9.14 : w;
  });
};

/** A column wide enough for its longest line of text (see linesFor), within [min, max]. */
export const widthFor = (values: (string | null | undefined)[], min: number, max: number): number =>
  Math.min(max, Math.max(min, ...values.map((v) => (v ? Math.ceil(Math.max(...v.split('\n').map((l) => [...l].length)) / 1.2) + 2 : 0))));

/** A note in place of an empty table; returns the next free row. */
export const emptyTableNote = (ws: Worksheet, row: number, message: string): number => {
  const cell = ws.getCell(row, 1);
  text(cell, message);
  cell.font = NOTE_FONT;
  return row + 1;
};
