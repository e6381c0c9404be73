/**
 * Every bound on what an uploaded workbook (or a pulled Google Sheet) may make us hold or do, in one
 * place (SPEC §6 FILE_TOO_LARGE). It lives in numbers/, the lowest stage, because the number
 * reader and the messages need some of it too and every stage may import from here.
 *
 * Each bound is far above any real submission (a form is a few hundred rows of a dozen cells) and
 * low enough that the worst file within it is read in seconds and tens of megabytes.
 */
export const LIMITS = Object.freeze({
  /** The uploaded file (SPEC §6). */
  fileBytes: 10 * 1024 * 1024,
  /** All entries of the zip, uncompressed, as the central directory declares them (SPEC §6). */
  unzippedBytes: 100 * 1024 * 1024,
  /** Entries of the zip (SPEC §6). */
  entries: 2_000,
  /** One part we inflate and parse (a worksheet, the shared strings, …): declared and inflated. */
  partBytes: 50 * 1024 * 1024,
  /** Rows holding at least one value, in one sheet we read (SPEC §6). */
  rowsPerSheet: 100_000,
  /** `<row>` elements scanned in one sheet, empty or not: Excel's own maximum row count. */
  rowsScanned: 1_048_576,
  /** Cells holding a value, over all sheets read: a bound on the grid's memory. */
  cells: 1_000_000,
  /** `<c>` elements scanned over all sheets read, empty styled cells included. */
  cellsScanned: 2_000_000,
  /** Cells of a Google Sheet's grid, empty ones included (rows × columns), that we agree to pull. */
  pulledGridCells: 2_000_000,
  /** Items of the shared string table. */
  sharedStrings: 200_000,
  /** Characters of all shared strings together. */
  sharedStringChars: 10_000_000,
  /** Cell formats (`<xf>` of `<cellXfs>`); Excel itself allows about 64,000. */
  styles: 64_000,
  /** Number formats (`<numFmt>`); Excel allows a few hundred custom ones. */
  numberFormats: 1_000,
  /** Sheets listed by the workbook; Excel's own bound is memory, real forms have a handful. */
  sheets: 500,
  /** Characters of a sheet name: Excel allows 31, LibreOffice more; longer is not a workbook. */
  sheetNameChars: 255,
  /** Characters of one text cell or shared string: Excel's own maximum. Longer is cut and ends with "…". */
  textChars: 32_767,
  /**
   * Characters of a number written in a number cell (`<v>`) or as text, separators and sign
   * included: Excel keeps 15 significant digits, so longer is noise or an attack, never a number.
   */
  numberChars: 40,
  /**
   * Characters of a decimal literal parsed exactly (rational.ts parseDecimal), stored values
   * included: 15 significant digits within Excel's range (1e±308) written out are under 340.
   */
  decimalChars: 1_000,
  /** Characters of user text quoted back in a message; longer is cut and ends with "…". */
  quoteChars: 80,
});

/** User text as a message quotes it: at most LIMITS.quoteChars characters. */
export const quote = (text: string): string => {
  if (text.length <= LIMITS.quoteChars) return text;
  const cut = text.slice(0, LIMITS.quoteChars);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
};
