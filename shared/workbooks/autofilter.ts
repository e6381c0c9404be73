/**
 * Finishing touches on a package exceljs wrote. LibreOffice shows a sheet's `<autoFilter>` only
 * when the workbook also names its range `_xlnm._FilterDatabase`, local to the sheet and hidden,
 * as Excel always writes it; exceljs writes the element but not the name (and loses the sheet
 * scope of such names it read). Measured here: LibreOffice 7.4 dropped the autofilter of an
 * exceljs file on re-save, and kept it once the name was added.
 */
import JSZip from 'jszip';

const decodeXml = (s: string): string => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
const encodeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const absolute = (ref: string): string =>
  ref
    .split(':')
    .map((end) => end.replace(/\$/g, '').replace(/^([A-Za-z]{1,3})(\d+)$/, '$$$1$$$2'))
    .join(':');

const partPath = (target: string): string => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');

/** The sheets of a package in workbook order, each with the path of its part. */
const sheetParts = async (zip: JSZip): Promise<{ name: string; path: string }[]> => {
  const wb = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1]!)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[1]!)?.[1];
    if (id && target) targets.set(id, decodeXml(target));
  }
  return [...wb.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
    const id = /\br:id="([^"]*)"/.exec(m[1]!)?.[1] ?? '';
    return { name, path: partPath(targets.get(id) ?? '') };
  });
};

/** Adds a hidden, sheet-local `_xlnm._FilterDatabase` name for every sheet with an autofilter. */
export const withFilterDatabaseNames = async (bytes: Uint8Array): Promise<Buffer> => {
  const zip = await JSZip.loadAsync(bytes);
  const names: string[] = [];
  for (const [i, sheet] of (await sheetParts(zip)).entries()) {
    const xml = await zip.file(sheet.path)?.async('string');
    const ref = xml && /<autoFilter\b[^>]*\bref="([^"]+)"/.exec(xml)?.[1];
    if (!ref) continue;
    const range = `'${sheet.name.replace(/'/g, "''")}'!${absolute(ref)}`;
    names.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${encodeXml(range)}</definedName>`);
  }
  if (!names.length) return Buffer.from(bytes);
  let wb = await zip.file('xl/workbook.xml')!.async('string');
  wb = wb.replace(/<definedName\b[^>]*\bname="_xlnm\._FilterDatabase"[^>]*>[\s\S]*?<\/definedName>/g, '');
  if (/<definedNames\s*\/>/.test(wb)) wb = wb.replace(/<definedNames\s*\/>/, `<definedNames>${names.join('')}</definedNames>`);
  else if (wb.includes('</definedNames>')) wb = wb.replace('</definedNames>', `${names.join('')}</definedNames>`);
  else {
    const after = wb.includes('</externalReferences>') ? '</externalReferences>' : '</sheets>';
    wb = wb.replace(after, `${after}<definedNames>${names.join('')}</definedNames>`);
  }
  zip.file('xl/workbook.xml', wb);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
};
