/**
 * One XML part of a workbook, parsed by saxes straight from its inflated bytes. The parser throws
 * at the first error (STACK-NOTES: one that keeps going costs seconds per megabyte of garbage), so
 * any part costs time linear in its size; handlers see local names (`x:c` is `c`).
 */
import { SaxesParser } from 'saxes';
import { corrupt } from '../model/problem.js';
import { quote } from '../numbers/limits.js';
import type { Problem } from '../model/problem.js';

/** A problem found while reading a part: readXlsxGrid returns it. */
export class ReadError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export type Attributes = Record<string, string>;

export interface XmlHandlers {
  open(name: string, attrs: Attributes): void;
  close(name: string): void;
  text?(text: string): void;
}

/** An attribute by local name, whatever its prefix (`r:id`, `relationships:id`). */
export const attrLocal = (attrs: Attributes, local: string): string | undefined => {
  if (attrs[local] !== undefined) return attrs[local];
  for (const k in attrs) if (k.endsWith(`:${local}`)) return attrs[k];
  return undefined;
};

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

const CHUNK = 1 << 20;

/** `label` names the part in messages: `phần "xl/styles.xml"`, `sheet "Chấm điểm"`. */
export const parseXml = (data: Buffer, label: string, h: XmlHandlers): void => {
  const parser = new SaxesParser({ position: false });
  parser.on('doctype', () => {
    throw new ReadError(corrupt(`${label} có khai báo DOCTYPE`));
  });
  parser.on('opentag', (tag) => h.open(localName(tag.name), tag.attributes as Attributes));
  parser.on('closetag', (tag) => h.close(localName(tag.name)));
  if (h.text) {
    const text = h.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const utf16 = data[0] === 0xff && data[1] === 0xfe;
  const decoder = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8');
  try {
    for (let at = 0; at < data.length; at += CHUNK) parser.write(decoder.decode(data.subarray(at, at + CHUNK), { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError(corrupt(`${label} không phải XML hợp lệ: ${quote(String((e as Error)?.message ?? e))}`));
  }
};
