/**
 * `xl/styles.xml`, only for which cell formats (`s` of a cell) show a number as a date or time: a
 * number in such a cell is a date (SPEC §5: a date is not a number). Same rule as exceljs, which
 * read these files before: built-in formats 14–22 and 45–47, or a custom code with date letters.
 */
import { tooLarge } from '../model/problem.js';
import { LIMITS } from '../numbers/limits.js';
import type { Parts } from './xlsx-zip.js';
import { parseXml, ReadError } from './xlsx-xml.js';

const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Letters of a date or time format, outside quotes and brackets (`[Red]`, `[$-409]`). */
export const isDateFormat = (code: string): boolean => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** For each cell format index, whether it shows a date; empty when there are no styles. */
export const readDateStyles = (parts: Parts): boolean[] => {
  const data = parts.read('xl/styles.xml', false);
  if (!data) return [];
  const formats = new Map<number, string>();
  const dates: boolean[] = [];
  let inCellXfs = false;
  parseXml(data, 'phần "xl/styles.xml"', {
    open: (name, a) => {
      if (name === 'numFmt') {
        if (formats.size >= LIMITS.numberFormats) throw new ReadError(tooLarge(`có hơn ${LIMITS.numberFormats.toLocaleString('vi-VN')} định dạng số`));
        formats.set(Number(a['numFmtId']), a['formatCode'] ?? '');
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        if (dates.length >= LIMITS.styles) throw new ReadError(tooLarge(`có hơn ${LIMITS.styles.toLocaleString('vi-VN')} định dạng ô`));
        const id = Number(a['numFmtId'] ?? 0);
        const code = formats.get(id);
        dates.push(id !== 0 && (code ? isDateFormat(code) : BUILT_IN_DATES.has(id)));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
};
