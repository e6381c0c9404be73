/**
 * `xl/workbook.xml` and its rels: the worksheets in workbook order, each with its name, whether a
 * person sees it (`state="hidden"` / `"veryHidden"`) and its part; and the date system.
 */
import { posix } from 'node:path';
import { corrupt, tooLarge } from '../model/problem.js';
import { LIMITS, quote } from '../numbers/limits.js';
import type { Parts } from './xlsx-zip.js';
import { attrLocal, parseXml, ReadError } from './xlsx-xml.js';

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  /** The key of its part in the zip (lower case). */
  key: string;
}

export interface WorkbookInfo {
  sheets: WorkbookSheet[];
  date1904: boolean;
}

const relationships = (data: Buffer): Map<string, { target: string; type: string }> => {
  const out = new Map<string, { target: string; type: string }>();
  parseXml(data, 'phần "xl/_rels/workbook.xml.rels"', {
    open: (name, a) => {
      if (name !== 'Relationship' || a['Id'] === undefined) return;
      if (out.size >= LIMITS.entries) throw new ReadError(tooLarge(`xl/_rels/workbook.xml.rels có hơn ${LIMITS.entries} quan hệ`));
      out.set(a['Id'], { target: a['Target'] ?? '', type: a['Type'] ?? '' });
    },
    close: () => undefined,
  });
  return out;
};

export const readWorkbook = (parts: Parts): WorkbookInfo => {
  const rels = relationships(parts.read('xl/_rels/workbook.xml.rels', true)!);
  const listed: { name: string; hidden: boolean; id: string }[] = [];
  let date1904 = false;
  let root: string | undefined;
  parseXml(parts.read('xl/workbook.xml', true)!, 'phần "xl/workbook.xml"', {
    open: (name, a) => {
      root ??= name;
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(a['date1904'] ?? '');
      if (name !== 'sheet') return;
      if (listed.length >= LIMITS.sheets) throw new ReadError(tooLarge(`sổ làm việc có hơn ${LIMITS.sheets} sheet`));
      const state = a['state'] ?? 'visible';
      if ((a['name'] ?? '').length > LIMITS.sheetNameChars) throw new ReadError(corrupt(`tên sheet dài hơn ${LIMITS.sheetNameChars} ký tự`));
      listed.push({
        name: (a['name'] ?? `Sheet${listed.length + 1}`).normalize('NFC'),
        hidden: state === 'hidden' || state === 'veryHidden',
        id: attrLocal(a, 'id') ?? '',
      });
    },
    close: () => undefined,
  });
  if (root !== 'workbook') throw new ReadError(corrupt('xl/workbook.xml không phải là XML của sổ làm việc'));
  const sheets: WorkbookSheet[] = [];
  for (const s of listed) {
    const rel = rels.get(s.id);
    if (!rel || !/\/worksheet$/.test(rel.type)) continue; // chart sheets, dialog sheets: no cells
    const target = rel.target.startsWith('/') ? rel.target.slice(1) : posix.join('xl', rel.target);
    const key = posix.normalize(target).toLowerCase();
    if (!parts.has(key)) throw new ReadError(corrupt(`thiếu phần "${quote(target)}" của sheet`));
    sheets.push({ name: s.name, hidden: s.hidden, key });
  }
  if (!sheets.length) throw new ReadError(corrupt('sổ làm việc không có sheet nào'));
  return { sheets, date1904 };
};
