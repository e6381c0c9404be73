/**
 * The table writer of the summary sheets: a sheet of stream-book.ts written top to bottom — title
 * lines, a header row, body rows, notes — each row committed as soon as it is written, with the
 * look of style.ts (fonts, borders, fills, A4 landscape printing, frozen panes, autofilter) in
 * shared style objects. Keeps the widths and row heights, since committed rows are gone and a
 * sheet's page breaks are measured from them (pagesTall, blockBreaks).
 */
import type { Alignment, AutoFilter, Borders, Fill, Font, Worksheet } from 'exceljs';
import { fromHundredths, toNumber, type Rational } from '../numbers/rational.js';
import type { CellStyle, StreamBook } from './stream-book.js';
import {
  BOLD,
  FILL,
  FONT,
  NOTE_FONT,
  POINTS_FORMAT,
  TABLE_BORDER,
  cleanText,
  columnWidth,
  footerOf,
  frozenView,
  pageSetupOf,
  type SheetSize,
  type TableOptions,
} from './style.js';

export type Value = string | number | Date | null;

/** A cell to write: its value (undefined: leave it, as in the other cells of a merge) and its style. */
export interface TableCell {
  v?: Value;
  s: CellStyle;
}

/** How a body cell looks: the table font and thin borders unless told otherwise, centred vertically. */
export interface Look {
  font?: Partial<Font>;
  fill?: Fill;
  border?: Partial<Borders>;
  /** Horizontal alignment; `wrap` wraps the text (left unless told). */
  h?: 'left' | 'center' | 'right';
  wrap?: boolean;
}

const PLAIN: Look = {};

const alignmentOf = (l: Look): Partial<Alignment> => {
  if (l.wrap) return { horizontal: l.h ?? 'left', vertical: 'middle', wrapText: true };
  return l.h ? { horizontal: l.h, vertical: 'middle' } : { vertical: 'middle' };
};

/** Text from a submission or a configuration; nothing or '' is an empty cell. */
export const textValue = (value: string | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : cleanText(String(value));

/** Points in hundredths as an exact number. */
export const pointsValue = (h: bigint | null | undefined): number | null => (h === null || h === undefined ? null : toNumber(fromHundredths(h)));

export const decimalValue = (r: Rational | null | undefined): number | null => (r ? toNumber(r) : null);

export class Table implements SheetSize {
  readonly ws: Worksheet;
  readonly widths: number[];
  readonly heights: (number | undefined)[] = [];
  private next = 1;
  private readonly byLook = new WeakMap<Look, Map<string, CellStyle>>();

  constructor(
    readonly book: StreamBook,
    name: string,
    o: TableOptions & { widths: number[] },
  ) {
    this.widths = o.widths.map(columnWidth);
    this.ws = book.addSheet(name, {
      views: [frozenView(o.frozenRows + 1, o.frozenColumns ?? 0, { showGridLines: false })],
      pageSetup: pageSetupOf({ titleRows: o.titleRows, ...(o.fitToHeight !== undefined && { fitToHeight: o.fitToHeight }) }),
      headerFooter: { oddFooter: footerOf(o.footer ? { footer: o.footer } : {}) },
      widths: o.widths,
    });
  }

  /** The row the next write goes to. */
  get row(): number {
    return this.next;
  }

  /**
   * The style of a body cell; `numFmt` for a number shown with two decimals. Looked up for every
   * cell, so kept cheap: by the Look object itself when the caller keeps one (StreamBook.style
   * makes looks of the same parts one style).
   */
  look(l: Look = PLAIN, numFmt = ''): CellStyle {
    let known = this.byLook.get(l);
    if (!known) this.byLook.set(l, (known = new Map()));
    let style = known.get(numFmt);
    if (!style) {
      style = this.book.style({
        font: l.font ?? FONT,
        border: l.border ?? TABLE_BORDER,
        ...(l.fill && { fill: l.fill }),
        alignment: alignmentOf(l),
        ...(numFmt && { numFmt }),
      });
      known.set(numFmt, style);
    }
    return style;
  }

  /** A body cell of points or a decimal: two decimals when it holds a number. */
  number(v: number | null, l: Look = PLAIN): TableCell {
    return { v, s: this.look(l, v === null ? '' : POINTS_FORMAT) };
  }

  text(v: string | null | undefined, l: Look = PLAIN): TableCell {
    return { v: textValue(v), s: this.look(l) };
  }

  /** Writes the next row and commits it. */
  write(cells: (TableCell | undefined)[], height?: number): number {
    const n = this.next++;
    const row = this.ws.getRow(n);
    cells.forEach((c, i) => {
      if (!c) return;
      const cell = row.getCell(i + 1);
      if (c.v !== undefined) cell.value = c.v;
      cell.style = c.s as Partial<CellStyle> as typeof cell.style;
    });
    if (height !== undefined) row.height = this.heights[n] = height;
    row.commit();
    return n;
  }

  skip(rows = 1): void {
    this.next += rows;
  }

  /** Title lines from A1, in their fonts. */
  titles(lines: { value: string; font: Partial<Font> }[]): void {
    for (const l of lines)
      this.write(
        [{ v: textValue(l.value), s: this.book.style({ font: l.font, alignment: { horizontal: 'left', vertical: 'middle' } }) }],
        l.font.size && l.font.size > 12 ? 21 : 17,
      );
  }

  /** A header row: bold, filled, centred, wrapped. */
  header(labels: (string | null)[], height?: number): number {
    const s = this.book.style({ font: BOLD, fill: FILL.header, border: TABLE_BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } });
    return this.write(
      labels.map((l) => ({ v: textValue(l), s })),
      height,
    );
  }

  /** A line of small italic text in column A (a note under a table, or in place of an empty one). */
  note(text: string): number {
    return this.write([{ v: textValue(text), s: this.book.style({ font: NOTE_FONT }) }]);
  }

  /** Merges cells of rows not written yet. */
  merge(top: number, left: number, bottom: number, right: number): void {
    this.ws.mergeCells(top, left, bottom, right);
  }

  /** Ends the sheet: its autofilter, and what only the whole sheet tells (pages tall, manual page breaks). */
  end(o: { autoFilter: AutoFilter; fitToHeight?: number; rowBreaks?: number[] }): void {
    this.ws.autoFilter = o.autoFilter;
    if (o.fitToHeight !== undefined) this.ws.pageSetup = { ...this.ws.pageSetup, fitToHeight: o.fitToHeight };
    const breaks = (this.ws as unknown as { rowBreaks: { id: number; max: number; man: number }[] }).rowBreaks;
    for (const id of o.rowBreaks ?? []) breaks.push({ id, max: 16_383, man: 1 }); // exceljs's addPageBreak writes 16838
    this.ws.commit();
  }
}
