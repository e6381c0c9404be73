/** `bloc run` over the workbooks other programs wrote (test/fixtures/workbooks): rankings and one report per file. */
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc } from '../support/cli.js';
import { ROOT, tempFiles } from '../support/rubric-builders.js';
import { goldenRankings } from '../support/sample.js';

const FIXTURES = join(ROOT, 'test/fixtures/workbooks');

interface Expected {
  status: 'accepted' | 'rejected';
  unit: string | null;
  errors: { code: string; cell: string | null }[];
  warnings: { code: string; cell: string | null }[];
}

const sorted = (xs: { code: string; cell: string | null }[]) => xs.map((x) => `${x.code} ${x.cell}`).sort();

describe('bloc run over workbooks written by SheetJS and LibreOffice', () => {
  let out: string;
  let expected: Record<string, Expected>;
  let code: number;
  beforeAll(async () => {
    const dir = await tempFiles({});
    const inbox = join(dir, 'in');
    out = join(dir, 'out');
    await mkdir(inbox);
    expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
    for (const name of Object.keys(expected)) await copyFile(join(FIXTURES, name), join(inbox, name));
    ({ code } = await runBloc(['run', '--config', join(ROOT, 'templates/ntb-tn-2025/bloc.json'), '--period', 'Y', '--in', inbox, '--out', out], {
      timeout: 300_000,
    }));
  }, 300_000);

  it('completes, and ranks the accepted files exactly as the golden example', async () => {
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'rankings.json'), 'utf8'))).toEqual(await goldenRankings());
  });

  it('writes one report per file with the expected codes and cells', async () => {
    const reports = await readdir(join(out, 'reports'));
    for (const [file, want] of Object.entries(expected)) {
      expect(reports, file).toContain(`${file}.json`);
      const got = JSON.parse(await readFile(join(out, 'reports', `${file}.json`), 'utf8'));
      expect({ file: got.file, status: got.status, unit: got.unit }, file).toEqual({ file, status: want.status, unit: want.unit });
      expect(sorted(got.errors), file).toEqual(sorted(want.errors));
      expect(sorted(got.warnings), file).toEqual(sorted(want.warnings));
    }
  });
});
