import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { StreamBook } from '#shared/workbooks/stream-book.js';
import { BOLD, FONT, TABLE_BORDER } from '#shared/workbooks/style.js';
import { dataBar } from '#shared/workbooks/summary/overview.js';

const sheet = { views: [], pageSetup: {}, headerFooter: {}, widths: [10, 20] };

describe('StreamBook', () => {
  it('gives one frozen style object for the same parts, another for other parts', () => {
    const book = new StreamBook({ creator: 't', created: new Date(0) });
    const a = book.style({ font: FONT, border: TABLE_BORDER, alignment: { horizontal: 'center', vertical: 'middle' } });
    expect(book.style({ font: FONT, border: TABLE_BORDER, alignment: { vertical: 'middle', horizontal: 'center' } })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(book.style({ font: BOLD, border: TABLE_BORDER, alignment: { horizontal: 'center', vertical: 'middle' } })).not.toBe(a);
    expect(book.style({ font: FONT, border: TABLE_BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } })).not.toBe(a);
  });

  it('names the autofilter of each sheet in the workbook, without print titles too, and draws data bars with their extension', async () => {
    const book = new StreamBook({ creator: 't', created: new Date(0) });
    const first = book.addSheet("Ng'ày", { ...sheet, pageSetup: { horizontalCentered: true } });
    for (let r = 1; r <= 3; r++) first.getRow(r).getCell(1).value = r;
    first.addConditionalFormatting({ ref: 'A1:A3', rules: [dataBar(1, [1, 3])] });
    first.autoFilter = { from: { row: 1, column: 1 }, to: { row: 3, column: 2 } };
    first.commit();
    book.addSheet('Trống', sheet).commit();
    const zip = await JSZip.loadAsync(await book.finish());
    const wb = await zip.file('xl/workbook.xml')!.async('string');
    expect(wb).toContain(
      `</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;Ng&apos;&apos;ày&apos;!$A$1:$B$3</definedName></definedNames>`,
    );
    expect(wb.match(/_FilterDatabase/g)).toHaveLength(1);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toContain('<printOptions horizontalCentered="1"/><pageMargins');
    const ref = /<x14:id>(\{[^}]+\})<\/x14:id>/.exec(xml)?.[1];
    expect(ref).toBeDefined();
    expect(xml).toMatch(
      new RegExp(`<extLst><ext uri="\\{78C0D931-[^"]+"[^>]*><x14:conditionalFormattings>[\\s\\S]*id="${ref}"[\\s\\S]*</extLst></worksheet>$`),
    );
    expect(await zip.file('xl/worksheets/sheet2.xml')!.async('string')).not.toContain('<printOptions');
  });
});
