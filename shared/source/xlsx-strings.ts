/**
 * `xl/sharedStrings.xml`: each `<si>` is the text of its `<t>` runs (plain or rich), without the
 * phonetic readings (`<rPh>`), as the RawValue a cell holding it reads as. Bounded in count and
 * characters, so a million strings never reach memory.
 */
import { tooLarge } from '../model/problem.js';
import { LIMITS } from '../numbers/limits.js';
import type { RawValue } from '../numbers/reading.js';
import { textValue } from './xlsx-cells.js';
import type { Parts } from './xlsx-zip.js';
import { parseXml, ReadError } from './xlsx-xml.js';

const vi = (n: number): string => n.toLocaleString('vi-VN');

export const readSharedStrings = (parts: Parts): RawValue[] => {
  const data = parts.read('xl/sharedstrings.xml', false);
  if (!data) return [];
  const out: RawValue[] = [];
  let chars = 0;
  let item: string[] | null = null;
  let itemChars = 0;
  let inText = false;
  let phonetic = 0;
  parseXml(data, 'phần "xl/sharedStrings.xml"', {
    open: (name) => {
      if (name === 'si') {
        if (out.length >= LIMITS.sharedStrings) throw new ReadError(tooLarge(`bảng chuỗi dùng chung có hơn ${vi(LIMITS.sharedStrings)} chuỗi`));
        item = [];
        itemChars = 0;
      } else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = item !== null && phonetic === 0;
    },
    close: (name) => {
      if (name === 'si' && item) {
        out.push(textValue(item.join('')));
        item = null;
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    text: (text) => {
      if (!inText || !item) return;
      chars += text.length;
      if (chars > LIMITS.sharedStringChars) throw new ReadError(tooLarge(`bảng chuỗi dùng chung dài hơn ${vi(LIMITS.sharedStringChars)} ký tự`));
      // One past the bound is kept, so textValue knows to cut it.
      if (itemChars <= LIMITS.textChars) item.push(text.slice(0, LIMITS.textChars + 1 - itemChars));
      itemChars += text.length;
    },
  });
  return out;
};
