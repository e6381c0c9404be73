/** The one exceljs part stream-book.ts uses that exceljs does not export: the sheet's `<extLst>` (data bars of Excel 2010). */
declare module 'exceljs/lib/xlsx/xform/sheet/ext-lst-xform.js' {
  export default class ExtLstXform {
    prepare(model: { conditionalFormattings: unknown[] }, options: { styles: unknown }): void;
    toXml(model: { conditionalFormattings: unknown[] }): string;
  }
}
