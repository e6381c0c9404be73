/**
 * Look and print setup shared by the workbooks we write (submission template, summary): one
 * font, a few fills, borders, protection and A4 landscape printing. Text from users or
 * configuration always goes through `setText`, so it stays text.
 */
import type { Alignment, Borders, Cell, Fill, Font, Worksheet } from 'exceljs';
import { columnLetters } from '../grid/grid.js';
import { nfc } from '../text/match.js';

export const FONT_NAME = 'Times New Roman';

/** ARGB colours. */
export const COLOR = {
  input: 'FFFFF2CC', // light yellow: cells staff fill in
  header: 'FFD9E1F2', // column headers
  section: 'FFE7E6E6', // section, bonus and deduction headings
  computed: 'FFF2F2F2', // computed or not applicable
  border: 'FF9E9E9E',
  muted: 'FF505050',
  title: 'FF1F3864',
} as const;

export const font = (o: Partial<Font> = {}): Partial<Font> => ({ name: FONT_NAME, size: 12, ...o });

export const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

const thin = { style: 'thin' as const, color: { argb: COLOR.border } };
export const BOX: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const align = (o: Partial<Alignment> = {}): Partial<Alignment> => ({ vertical: 'middle', wrapText: true, ...o });

/** Excel's limit for a cell's text; control characters other than tab and newline are not valid XML. */
const MAX_CELL_TEXT = 32_767;
export const cleanText = (text: string): string =>
  nfc(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .slice(0, MAX_CELL_TEXT);

/** Writes text as a text cell, never as a formula (`=HYPERLINK(…)` stays text). */
export const setText = (cell: Cell, text: string): void => {
  cell.value = cleanText(text);
};

/** A cell staff fill in: unlocked and light yellow. */
export const markInput = (cell: Cell): void => {
  cell.protection = { locked: false };
  cell.fill = solid(COLOR.input);
};

/** Protection without a password: staff may still resize rows and columns and select any cell. */
export const protectSheet = (ws: Worksheet): Promise<void> =>
  ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

/** `&` starts a code in Excel headers and footers. */
const footerText = (text: string): string => cleanText(text).replace(/&/g, '&&');

export interface PrintOptions {
  /** Rows repeated on every printed page, e.g. [5, 5]. */
  titleRows?: [number, number];
  /** Left part of the footer (plain text). */
  footer?: string;
}

/** A4 landscape, fit to one page wide, pages numbered in the footer. */
export const printSetup = (ws: Worksheet, o: PrintOptions = {}): void => {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 },
    ...(o.titleRows && { printTitlesRow: `${o.titleRows[0]}:${o.titleRows[1]}` }),
  };
  const left = o.footer ? `&L&8 ${footerText(o.footer)}` : ''; // the space ends the font size
  ws.headerFooter = { ...ws.headerFooter, oddFooter: `${left}&R&8Trang &P/&N` };
};

/** Freezes the rows above `firstScrollingRow` and the first `columns` columns. */
export const freezeRows = (ws: Worksheet, firstScrollingRow: number, columns = 0, view: { showGridLines?: boolean } = {}): void => {
  const topLeft = `${columnLetters(columns + 1)}${firstScrollingRow}`;
  ws.views = [{ state: 'frozen', xSplit: columns, ySplit: firstScrollingRow - 1, topLeftCell: topLeft, activeCell: topLeft, ...view }];
};

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
