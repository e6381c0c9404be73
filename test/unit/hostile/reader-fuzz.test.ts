/**
 * Damaged copies of valid workbooks, made by fast-check: bytes of the zip flipped or cut, and
 * characters of the sheet XML deleted, duplicated or replaced with XML fragments before zipping.
 * Whatever comes in, readXlsxGrid resolves to a grid within LIMITS or to a FILE_* problem.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GridRead } from '#shared/grid/read.js';
import { LIMITS } from '#shared/numbers/limits.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { sheetJsWorkbook, submission, submissionLayout, testRubric, unzip, zip, type ZipFile } from '../../support/workbooks.js';
import { forgeFiles, row } from './forge.js';

const FILE_CODES = ['FILE_NOT_XLSX', 'FILE_ENCRYPTED', 'FILE_CORRUPT', 'FILE_TOO_LARGE'];

const holds = (r: GridRead): void => {
  if (!r.ok) {
    expect(FILE_CODES).toContain(r.problem.code);
    expect(r.problem.message.length).toBeLessThan(1_000);
    return;
  }
  let cells = 0;
  for (const s of r.grid.sheets) {
    expect(s.rows.size).toBeLessThanOrEqual(LIMITS.rowsPerSheet);
    for (const cols of s.rows.values()) {
      cells += cols.size;
      for (const v of cols.values()) if (v.kind === 'text' || v.kind === 'error') expect(v.text.length).toBeLessThanOrEqual(LIMITS.textChars + 1);
    }
  }
  expect(cells).toBeLessThanOrEqual(LIMITS.cells);
};

const read = async (bytes: Uint8Array): Promise<GridRead> => {
  const r = await readXlsxGrid(bytes); // a throw fails the property
  holds(r);
  return r;
};

/** XML fragments that stress a reader: broken tags, entities, references, huge or odd values. */
const FRAGMENTS = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#x10FFFF;',
  '&bogus;',
  '"',
  '</c>',
  '</row>',
  '<row>',
  '<c>',
  '<c r="XFD1048576">',
  '<c t="s"><v>999999</v></c>',
  '<v>0x5</v>',
  '<v>1e999</v>',
  '<is><t>x</t></is>',
  '<f>',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?x?>',
  '<!DOCTYPE x>',
  '\u0000',
  '\uFFFF',
  '<r><t>',
  's="999999"',
  't="d"',
  ' r="0"',
];

const xmlEdit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }), times: fc.integer({ min: 2, max: 2_000 }) }),
);
type XmlEdit = typeof xmlEdit extends fc.Arbitrary<infer T> ? T : never;

const applyEdit = (text: string, e: XmlEdit): string => {
  const at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  return text.slice(0, at) + text.slice(at, at + e.length).repeat(e.times) + text.slice(at);
};

const byteEdit = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

let bases: { name: string; files: ZipFile[]; bytes: Buffer }[] = [];

beforeAll(async () => {
  const exceljs = await submission();
  const sheetjs = sheetJsWorkbook(submissionLayout(testRubric()).sheets);
  const forged = forgeFiles({
    sheets: [
      {
        name: 'S',
        rows: row(1, [
          '<c t="inlineStr"><is><r><t>a</t></r></is></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><f>A1</f></c><c t="d"><v>2030-11-20</v></c>',
        ]),
      },
    ],
    sharedStrings: '<sst><si><t>x</t></si></sst>',
  });
  bases = [
    { name: 'exceljs', files: unzip(exceljs), bytes: exceljs },
    { name: 'sheetjs', files: unzip(sheetjs), bytes: sheetjs },
    { name: 'forged', files: forged, bytes: zip(forged) },
  ];
  for (const b of bases) expect((await readXlsxGrid(b.bytes)).ok).toBe(true);
});

describe('readXlsxGrid on damaged workbooks (fast-check)', () => {
  it('characters of the XML parts edited before zipping', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.array(xmlEdit, { minLength: 1, maxLength: 6 }), async (which, part, edits) => {
        const base = bases[which % bases.length]!;
        const xml = base.files.filter((f) => f.name.endsWith('.xml') || f.name.endsWith('.rels'));
        const target = xml[part % xml.length]!;
        const text = edits.reduce(applyEdit, target.data.toString('utf8'));
        await read(zip(base.files.map((f) => (f === target ? { name: f.name, data: Buffer.from(text, 'utf8') } : f))));
      }),
      { numRuns: 700 },
    );
  }, 120_000);

  it('bytes of the zip flipped or cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(byteEdit, { minLength: 1, maxLength: 8 }), async (which, edits) => {
        let bytes = Buffer.from(bases[which % bases.length]!.bytes);
        for (const e of edits) {
          const at = e.at % bytes.length;
          if (e.kind === 'cut') bytes = bytes.subarray(0, Math.max(1, at));
          else bytes[at] = e.byte;
        }
        await read(bytes);
      }),
      { numRuns: 1_500 },
    );
  }, 120_000);
});
