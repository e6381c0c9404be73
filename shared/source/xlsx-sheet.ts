/**
 * One worksheet part to a GridSheet, in one SAX pass over its `<sheetData>`; everything else in the
 * part (merges, validations, conditional formats, drawings) is only checked for well-formedness,
 * never expanded. Rows and cells without a reference follow the previous one, as Excel allows.
 * Every row and cell element counts against LIMITS, empty or not, so the scan stops early.
 */
import { columnLetters, columnNumber, MAX_COLS, MAX_ROWS, setCell, type GridSheet } from '../grid/grid.js';
import { corrupt, tooLarge } from '../model/problem.js';
import { LIMITS, quote } from '../numbers/limits.js';
import type { RawValue } from '../numbers/reading.js';
import { isoDate, numberValue, serialDate, textValue } from './xlsx-cells.js';
import { parseXml, ReadError } from './xlsx-xml.js';

export interface SheetContext {
  strings: RawValue[];
  dateStyles: boolean[];
  date1904: boolean;
  /** Counters over all sheets of one read. */
  budget: { cells: number; cellsScanned: number };
}

interface Cell {
  col: number;
  t: string;
  s: number;
  v: string | null;
  f: string | null;
  inline: string[] | null;
  inlineChars: number;
}

const CELL_REF = /^\$?([A-Za-z]{1,3})\$?\d*$/;
const EMPTY: RawValue = { kind: 'empty' };
const vi = (n: number): string => n.toLocaleString('vi-VN');

export const readSheet = (data: Buffer, name: string, hidden: boolean, ctx: SheetContext): GridSheet => {
  const sheet: GridSheet = { name, ...(hidden && { hidden: true }), rows: new Map() };
  const where = `sheet "${quote(name)}"`;
  const fail = (why: string): never => {
    throw new ReadError(corrupt(`${where}: ${why}`));
  };

  let root: string | undefined;
  let inData = false;
  let inRow = false;
  let row = 0;
  let lastCol = 0;
  let rowHasValue = false;
  let rowsWithValues = 0;
  let rowsScanned = 0;
  let cell: Cell | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;

  const cellValue = (c: Cell): RawValue => {
    if (c.t === 'inlineStr' || c.inline) {
      return textValue(c.inline ? c.inline.join('') : (c.v ?? ''));
    }
    const v = c.v ?? '';
    if (v === '') return c.f !== null && !(c.v !== null && c.t === 'str') ? { kind: 'formula-without-result', formula: c.f } : EMPTY;
    switch (c.t) {
      case 'd':
        return isoDate(v);
      case 's':
        return /^\s*\d{1,9}\s*$/.test(v) ? (ctx.strings[Number(v)] ?? EMPTY) : { kind: 'error', text: quote(v) };
      case 'str':
        return textValue(v);
      case 'e':
        return { kind: 'error', text: quote(v) };
      case 'b':
        return { kind: 'boolean', value: !/^\s*(0|false)\s*$/i.test(v) };
      default: {
        const n = numberValue(v);
        if (!n.ok) return n.raw;
        return ctx.dateStyles[c.s] ? { kind: 'date', text: serialDate(n.value, ctx.date1904) } : { kind: 'number', value: n.value };
      }
    }
  };

  const append = (target: 'v' | 'f', text: string) => {
    const c = cell!;
    const now = c[target] ?? '';
    // Kept one past the bound: enough to tell it is too long, never more.
    if (now.length <= LIMITS.textChars) c[target] = now + text.slice(0, LIMITS.textChars + 1 - now.length);
  };

  parseXml(data, where, {
    open: (tag, a) => {
      if (root === undefined) {
        root = tag;
        if (tag !== 'worksheet') fail('không phải là XML của một sheet');
      }
      if (tag === 'sheetData') inData = true;
      if (!inData) return;
      if (cell) {
        if (tag === 'v') (capture = 'v'), (cell.v ??= '');
        else if (tag === 'f') (capture = 'f'), (cell.f ??= '');
        else if (tag === 'is') cell.inline ??= [];
        else if (tag === 'rPh') phonetic += 1;
        else if (tag === 't' && cell.inline && phonetic === 0) capture = 't';
        else if (tag === 'c' || tag === 'row') fail(`ô ${columnLetters(cell.col)}${row} không đóng`);
        return;
      }
      if (tag === 'row') {
        if (inRow) fail(`dòng ${row} không đóng`);
        if (++rowsScanned > LIMITS.rowsScanned) throw new ReadError(tooLarge(`${where} có hơn ${vi(LIMITS.rowsScanned)} dòng`));
        const r = Number(a['r']);
        row = Number.isInteger(r) && r > row && r <= MAX_ROWS ? r : row + 1;
        if (row > MAX_ROWS) fail(`quá ${vi(MAX_ROWS)} dòng`);
        inRow = true;
        lastCol = 0;
        rowHasValue = false;
      } else if (tag === 'c') {
        if (!inRow) fail('ô nằm ngoài dòng');
        if (++ctx.budget.cellsScanned > LIMITS.cellsScanned) throw new ReadError(tooLarge(`có hơn ${vi(LIMITS.cellsScanned)} ô`));
        const m = CELL_REF.exec(a['r'] ?? '');
        const n = m ? columnNumber(m[1]!) : 0;
        const col = n > lastCol && n <= MAX_COLS ? n : lastCol + 1;
        if (col > MAX_COLS) fail(`dòng ${row} có quá ${vi(MAX_COLS)} cột`);
        lastCol = col;
        cell = { col, t: a['t'] ?? 'n', s: Number(a['s'] ?? 0), v: null, f: null, inline: null, inlineChars: 0 };
      }
    },
    close: (tag) => {
      if (tag === 'sheetData') inData = false;
      if (!inData) return;
      if (cell) {
        if (tag === 'v' || tag === 'f' || tag === 't') capture = null;
        else if (tag === 'rPh') phonetic -= 1;
        else if (tag === 'c') {
          const value = cellValue(cell);
          if (value.kind !== 'empty') {
            if (++ctx.budget.cells > LIMITS.cells) throw new ReadError(tooLarge(`quá ${vi(LIMITS.cells)} ô có dữ liệu`));
            setCell(sheet, row, cell.col, value);
            rowHasValue = true;
          }
          cell = null;
          phonetic = 0;
        }
        return;
      }
      if (tag === 'row') {
        inRow = false;
        if (rowHasValue && ++rowsWithValues > LIMITS.rowsPerSheet) throw new ReadError(tooLarge(`${where} có hơn ${vi(LIMITS.rowsPerSheet)} dòng có dữ liệu`));
      }
    },
    text: (text) => {
      if (!capture || !cell) return;
      if (capture === 't') {
        if (cell.inlineChars <= LIMITS.textChars) cell.inline!.push(text.slice(0, LIMITS.textChars + 1 - cell.inlineChars));
        cell.inlineChars += text.length;
      } else append(capture, text);
    },
  });
  return sheet;
};
