/**
 * The summary workbook stays the same for its users whatever writes it: each case's canonical dump
 * (summary-dump.ts) equals the one recorded from the buffered writer it replaced. The large case
 * (100 units × 120 criteria, a 3.5 MB dump) is recorded as a hash; set SUMMARY_DUMP_LARGE to a
 * recorded dump to see the first lines that differ. UPDATE_SUMMARY_DUMPS=1 records anew after an
 * intended change.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '#shared/workbooks/summary/summary.js';
import { LARGE_CASE, SUMMARY_CASES, type SummaryCase } from './summary-cases.js';
import { dumpText, dumpWorkbook } from './summary-dump.js';

const DIR = join(import.meta.dirname, 'summary-dumps');
const UPDATE = process.env['UPDATE_SUMMARY_DUMPS'] === '1';

const dumpOf = async (make: () => Promise<SummaryCase>): Promise<string> => dumpText(await dumpWorkbook(await buildSummary(await make())));

/** The first lines that differ, with their line numbers: what a failure shows. */
const firstDiffs = (actual: string, expected: string, n = 5): string[] => {
  const [a, e] = [actual.split('\n'), expected.split('\n')];
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, e.length) && out.length < n; i++) if (a[i] !== e[i]) out.push(`${i + 1}:\n- ${e[i]}\n+ ${a[i]}`);
  return out;
};

describe('the summary workbook, against the dumps recorded from the buffered writer', () => {
  for (const [name, make] of Object.entries(SUMMARY_CASES))
    it(`is the same workbook: ${name}`, async () => {
      const file = join(DIR, `${name}.dump`);
      const actual = await dumpOf(make);
      if (UPDATE) await writeFile(file, actual);
      expect(firstDiffs(actual, await readFile(file, 'utf8'))).toEqual([]);
    }, 60_000);

  it('is the same workbook: 100 units × 120 criteria', async () => {
    const actual = await dumpOf(LARGE_CASE);
    const hash = createHash('sha256').update(actual).digest('hex');
    const file = join(DIR, 'large.sha256');
    if (UPDATE) await writeFile(file, `${hash}\n`);
    const recorded = process.env['SUMMARY_DUMP_LARGE'];
    if (recorded && existsSync(recorded)) expect(firstDiffs(actual, await readFile(recorded, 'utf8'))).toEqual([]);
    expect(hash).toBe((await readFile(file, 'utf8')).trim());
  }, 300_000);
});
