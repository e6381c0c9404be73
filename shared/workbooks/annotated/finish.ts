/**
 * Finishing touches on the annotated copy after exceljs wrote it, where exceljs cannot:
 *
 * - exceljs names every comment's author `Author` (it drops the authors it read): the notes we
 *   add are signed by the scoring system, the member's own notes on other cells by nobody;
 * - exceljs writes an internal hyperlink with a relationship to an external target beside its
 *   `location`, which Excel may follow as a file name: the list's links to the problem cells are
 *   written as Excel writes them, `<hyperlink ref="D5" location="'Chấm điểm'!F8"/>`.
 */
import JSZip from 'jszip';

const decodeXml = (s: string): string => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
export const encodeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `xl/worksheets/sheet1.xml` + `../comments1.xml` → `xl/comments1.xml`. */
const resolvePart = (from: string, target: string): string => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
};

const relsOf = (part: string): string => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
};

/** Relationships of a part: id → type and resolved target. */
const relationships = async (zip: JSZip, part: string): Promise<{ id: string; type: string; target: string; xml: string }[]> => {
  const rels = (await zip.file(relsOf(part))?.async('string')) ?? '';
  return [...rels.matchAll(/<Relationship\b([^>]*?)\/?>/g)].map((m) => ({
    id: /\bId="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
    type: /\bType="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
    target: resolvePart(part, decodeXml(/\bTarget="([^"]*)"/.exec(m[1]!)?.[1] ?? '')),
    xml: m[0],
  }));
};

/** The sheets of a package in workbook order, each with the path of its part. */
const sheetParts = async (zip: JSZip): Promise<{ name: string; path: string }[]> => {
  const wb = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const targets = new Map((await relationships(zip, 'xl/workbook.xml')).map((r) => [r.id, r.target]));
  return [...wb.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => ({
    name: decodeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? ''),
    path: targets.get(/\br:id="([^"]*)"/.exec(m[1]!)?.[1] ?? '') ?? '',
  }));
};

export interface Finish {
  /** Comment author of the notes we add. */
  author: string;
  /** Sheet name → addresses of the cells whose notes we wrote. */
  noted: Map<string, Set<string>>;
  /** The list sheet's name and its links: cell of the list → `'Sheet'!A1`. */
  list: { sheet: string; links: { ref: string; location: string }[] };
}

const signComments = (xml: string, author: string, ours: Set<string>): string => {
  const refs = [...xml.matchAll(/<comment\b[^>]*\bref="([^"]+)"/g)].map((m) => m[1]!);
  const others = refs.some((r) => !ours.has(r));
  const authors = `<authors><author>${encodeXml(author)}</author>${others ? '<author></author>' : ''}</authors>`;
  return xml.replace(/<authors>[\s\S]*?<\/authors>|<authors\s*\/>/, authors).replace(/<comment\b([^>]*)>/g, (_whole, attrs: string) => {
    const ref = /\bref="([^"]+)"/.exec(attrs)?.[1] ?? '';
    return `<comment${attrs.replace(/\bauthorId="\d+"/, `authorId="${ours.has(ref) ? 0 : 1}"`)}>`;
  });
};

const addLinks = async (zip: JSZip, part: string, links: Finish['list']['links']): Promise<void> => {
  let xml = await zip.file(part)!.async('string');
  // Whatever exceljs wrote for these cells goes, with its relationships.
  const dropped = new Set<string>();
  xml = xml.replace(/<hyperlinks>[\s\S]*?<\/hyperlinks>/, (block) => {
    for (const m of block.matchAll(/\br:id="([^"]+)"/g)) dropped.add(m[1]!);
    return '';
  });
  if (dropped.size) {
    const relsPath = relsOf(part);
    const rels = await relationships(zip, part);
    let relsXml = (await zip.file(relsPath)?.async('string')) ?? '';
    for (const r of rels) if (dropped.has(r.id)) relsXml = relsXml.replace(r.xml, '');
    zip.file(relsPath, relsXml);
  }
  if (links.length) {
    const block = `<hyperlinks>${links.map((l) => `<hyperlink ref="${l.ref}" location="${encodeXml(l.location)}" display="${encodeXml(l.location)}"/>`).join('')}</hyperlinks>`;
    // CT_Worksheet order: … dataValidations, hyperlinks, printOptions, pageMargins, pageSetup …
    const before = [
      '<printOptions',
      '<pageMargins',
      '<pageSetup',
      '<headerFooter',
      '<rowBreaks',
      '<colBreaks',
      '<drawing',
      '<legacyDrawing',
      '<tableParts',
      '<extLst',
      '</worksheet>',
    ].find((t) => xml.includes(t))!;
    xml = xml.replace(before, `${block}${before}`);
  }
  zip.file(part, xml);
};

export const finishAnnotated = async (bytes: Uint8Array, f: Finish): Promise<Buffer> => {
  const zip = await JSZip.loadAsync(bytes);
  for (const sheet of await sheetParts(zip)) {
    if (sheet.name === f.list.sheet) await addLinks(zip, sheet.path, f.list.links);
    for (const r of await relationships(zip, sheet.path)) {
      if (!r.type.endsWith('/comments')) continue;
      const xml = await zip.file(r.target)?.async('string');
      if (xml) zip.file(r.target, signComments(xml, f.author, f.noted.get(sheet.name) ?? new Set()));
    }
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
};
