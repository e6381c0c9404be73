/**
 * Writes test/fixtures/workbooks/: submission files as other programs make them, and
 * `expected.json`, what the reader must report for each (SPEC §5, §6). Run it on a machine with
 * LibreOffice and msoffcrypto-tool; CI only reads the committed files
 * (test/unit/fixtures/workbook-fixtures.test.ts):
 *
 *     npx tsx scripts/make-fixtures.ts
 *
 * - Workbooks are built from scratch with SheetJS, as a third-party program fills the SPEC §5
 *   layout: no formulas (or formulas without cached results), worksheets stored before
 *   `xl/workbook.xml`. Some are then re-saved by LibreOffice (`soffice --convert-to xlsx`), which
 *   rewrites every part in its own flavour and caches formula results.
 * - The files of other formats come from LibreOffice too (`.xls`, `.ods`, `.csv`, `.pdf`); the
 *   password-protected one from `msoffcrypto-tool -e` where the installed version can encrypt
 *   (5.1 and later), else from the agile encryption of fixtures/encryption.ts (Debian's msoffcrypto-tool 5.0 only decrypts),
 *   and msoffcrypto-tool must decrypt it back to the workbook either way; the broken and oversized
 *   ones are real workbooks cut, flipped or padded at the zip level.
 * - Every unit's values are its golden inputs (templates/ntb-tn-2025/golden/inputs-Y.json): the
 *   accepted files cover the 14 units that have inputs exactly once, so read together they rank
 *   exactly as golden/rankings-Y.json. Rejected files only use units that also have an accepted
 *   file, or none (`unit: null`), and never STP-KTU or THADS-KTU (which sent nothing).
 *
 * The cells of `expected.json` are worked out from the layout each file was built with (where each
 * label, header and criterion row was put, scripts/fixtures/layout.ts), not read back from the reader.
 *
 * The families are in scripts/fixtures/, one module each; the order below is the order of the files
 * in `expected.json`.
 */
import { resolve } from 'node:path';
import { acceptedFixtures } from './fixtures/accepted.js';
import { contentProblemFixtures } from './fixtures/content-problems.js';
import { fileProblemFixtures } from './fixtures/file-problems.js';
import { hugeRangeFixtures } from './fixtures/huge-ranges.js';
import { ROOT } from './fixtures/sample.js';
import { tenMistakeFixtures } from './fixtures/ten-mistakes.js';
import { writeFixtures } from './fixtures/write.js';

await writeFixtures(
  [...acceptedFixtures, ...hugeRangeFixtures, ...fileProblemFixtures, ...contentProblemFixtures, ...tenMistakeFixtures],
  resolve(ROOT, 'test/fixtures/workbooks'),
);
