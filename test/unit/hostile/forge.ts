/**
 * Hostile workbooks built in memory for the reader's tests: small in bytes (deflated), however
 * large they inflate. The zip writer is test/support/workbooks.ts's, which can also lie about sizes.
 */
import { zip, type ZipFile } from '../../support/workbooks.js';

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface ForgedSheet {
  name: string;
  /** The whole worksheet part, or just what goes inside `<sheetData>`. */
  xml?: string;
  rows?: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
}

export interface Forge {
  sheets: ForgedSheet[];
  sharedStrings?: string;
  styles?: string;
  declare?: Record<string, { size?: number; crc?: number }>;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export const forgeFiles = (f: Forge): ZipFile[] => {
  const file = (name: string, text: string | Buffer): ZipFile => ({ name, data: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets>${f.sheets
    .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${f.sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')}</Relationships>`;
  return [
    file('xl/workbook.xml', workbook),
    file('xl/_rels/workbook.xml.rels', rels),
    ...(f.styles ? [file('xl/styles.xml', f.styles)] : []),
    ...(f.sharedStrings ? [file('xl/sharedStrings.xml', f.sharedStrings)] : []),
    ...f.sheets.map((s, i) => file(`xl/worksheets/sheet${i + 1}.xml`, s.xml ?? `<worksheet xmlns="${NS}"><sheetData>${s.rows ?? ''}</sheetData></worksheet>`)),
  ];
};

export const forge = (f: Forge): Buffer => zip(forgeFiles(f), f.declare);

/** `<c>` cells of one row, column A onwards. */
export const row = (r: number, cells: string[]): string => `<row r="${r}">${cells.join('')}</row>`;
