/**
 * The review workbook as a file (SPEC §10): protected sheets with only the reviewer's inputs
 * unlocked, validations, A4 landscape, text as text; the sample bloc; and a pass through LibreOffice.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { readReviewWorkbook } from '#shared/review/review-workbook.js';
import { buildReviewWorkbook, type ReviewedVersion } from '#shared/workbooks/review/review-workbook.js';
import { FIXTURE, q } from '../../support/rubric-builders.js';
import { gridOf, sampleVersions, secondVersionIds, secondVersions } from '../review/review-fixtures.js';
import { secondBloc } from '../review/second-bloc.js';

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

/** Sheet name → its XML, and the styles. */
const unzip = async (buf: Buffer) => {
  const zip = await JSZip.loadAsync(buf);
  const text = (path: string) => zip.file(path)!.async('string');
  const workbook = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([el]) => [/Id="([^"]+)"/.exec(el)![1]!, /Target="([^"]+)"/.exec(el)![1]!]));
  const sheets = new Map<string, string>();
  for (const [el] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const target = targets.get(/r:id="([^"]+)"/.exec(el)![1]!)!.replace(/^\/?(xl\/)?/, '');
    sheets.set(/name="([^"]+)"/.exec(el)![1]!, await text(`xl/${target}`));
  }
  return { sheets, styles: await text('xl/styles.xml') };
};

const unlockedStyles = (styles: string): Set<number> => {
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
  const list = [...xfs.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map(([x]) => x);
  return new Set(list.flatMap((x, i) => (/<protection[^>]*locked="(0|false)"/.test(x) ? [i] : [])));
};

/** Addresses of the cells whose style unlocks them. */
const unlockedCells = (sheetXml: string, unlocked: Set<number>): string[] =>
  [...sheetXml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)\/?>/g)]
    .filter(([, , attrs]) => unlocked.has(Number(/\ss="(\d+)"/.exec(attrs!)?.[1] ?? 0)))
    .map(([, ref]) => ref!);

let bloc: Bloc;
let versions: ReviewedVersion[];
beforeAll(async () => {
  bloc = await secondBloc((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC'] }));
  versions = secondVersions();
});

describe('the review workbook as a file', () => {
  it('protects every sheet; only the reviewer’s inputs are unlocked', async () => {
    const { sheets, styles } = await unzip(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions));
    expect([...sheets.keys()]).toEqual(['Thông tin', 'SO-BPC']);
    const unlocked = unlockedStyles(styles);
    for (const xml of sheets.values()) expect(xml).toMatch(/<sheetProtection\b[^>]*sheet="1"/);
    expect(unlockedCells(sheets.get('Thông tin')!, unlocked)).toEqual(['B8', 'B9']);
    // SO-BPC: A1 manual (row 8: points, reason), A2 target (row 9) and B1 rate bands (row 11): achieved, base, reason; T1 and K1 manual.
    expect(unlockedCells(sheets.get('SO-BPC')!, unlocked)).toEqual(['I8', 'J8', 'G9', 'H9', 'J9', 'G11', 'H11', 'J11', 'I13', 'J13', 'I15', 'J15']);
  });

  it('shows the unit’s numbers and §4 points, validates the inputs, prints A4 landscape', async () => {
    const { sheets } = await unzip(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions));
    const xml = sheets.get('SO-BPC')!;
    const num = (ref: string) => new RegExp(`<c r="${ref}"[^>]*><v>([^<]*)</v>`).exec(xml)?.[1];
    // A1 18 points; A2 8/10 of target 0.8 → 10; B1 9/10 ≥ 0.9 → 20; T1 1; K1 absent → 0.
    expect([num('F8'), num('D9'), num('E9'), num('F9'), num('D11'), num('E11'), num('F11'), num('F13'), num('F15')]).toEqual([
      '18',
      '8',
      '10',
      '10',
      '9',
      '10',
      '20',
      '1',
      '0',
    ]);
    expect(xml).not.toMatch(/<f>/);
    expect(xml).toMatch(/<dataValidation type="decimal" allowBlank[^>]*sqref="I8"><formula1>0<\/formula1><formula2>20<\/formula2>/);
    expect(xml).toMatch(/<dataValidation[^>]*type="decimal"[^>]*operator="greaterThanOrEqual"[^>]*sqref="G9"/);
    expect(xml).toMatch(/<dataValidation[^>]*type="textLength"[^>]*sqref="J8"/);
    expect(xml).toMatch(/<pageSetup[^>]*paperSize="9"[^>]*orientation="landscape"/);
  });

  it('writes reasons and typed text as text, never a formula', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, {
      fill: { 'SO-BPC': { A1: { points: '=1+1', reason: '=HYPERLINK("http://x","y")' } } },
    });
    const { sheets } = await unzip(buf);
    expect(sheets.get('SO-BPC')!).not.toMatch(/<f>/);
    const r = readReviewWorkbook(bloc, 'Q2', await gridOf(buf), { at: 'x', versions: secondVersionIds(versions) });
    expect(r.problems.map((p) => `${p.code} ${p.cell}`)).toEqual(['VALUE_NOT_NUMBER SO-BPC!I8']);
  });
});

describe('the sample bloc', () => {
  it('the lead’s workbook has every other member; a filled change reads back', async () => {
    const sample = (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;
    const current = await sampleVersions(sample);
    const buf = await buildReviewWorkbook(sample, 'Y', sample.lead, current, { fill: { 'STP-KHA': { 'I.2': { points: '3,5', reason: 'Thiếu minh chứng' } } } });
    const grid = await gridOf(buf);
    const others = current.map((v) => v.unit).filter((u) => u !== sample.lead);
    expect(others.length).toBeGreaterThan(10);
    expect(grid.sheets.map((s) => s.name)).toEqual(['Thông tin', ...others]);
    const r = readReviewWorkbook(sample, 'Y', grid, {
      at: 'r1',
      versions: (u) => ({ known: [current.find((v) => v.unit === u)!.uploadId], current: current.find((v) => v.unit === u)!.uploadId }),
      selfValues: (u) => current.find((v) => v.unit === u)?.values,
    });
    expect(r.problems).toEqual([]);
    expect(r.reviews).toHaveLength(others.length);
    expect(r.reviews.find((x) => x.unit === 'STP-KHA')).toMatchObject({
      reviewer: 'THADS-KHA',
      entries: { 'I.2': { points: q('3.5') } },
      reasons: { 'I.2': 'Thiếu minh chứng' },
    });
  });
});

describe.skipIf(!hasSoffice)('through LibreOffice', () => {
  it('a filled review workbook saved again by LibreOffice still reads, locks and all', async () => {
    const buf = await buildReviewWorkbook(bloc, 'Q2', 'SO-DNI', versions, {
      reviewerName: 'Trần Thị B',
      fill: { 'SO-BPC': { A1: { points: 15.5, reason: 'Thiếu minh chứng' }, B1: { achieved: '8', reason: 'Theo biên bản' } } },
    });
    const dir = await mkdtemp(join(tmpdir(), 'review-soffice-'));
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'review.xlsx'), buf);
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'xlsx',
        '--outdir',
        join(dir, 'out'),
        join(dir, 'in', 'review.xlsx'),
      ],
      { timeout: 90_000 },
    );
    const converted = await readFile(join(dir, 'out', 'review.xlsx'));
    const r = readReviewWorkbook(bloc, 'Q2', await gridOf(converted), {
      at: 'x',
      versions: secondVersionIds(versions),
      selfValues: (u) => versions.find((v) => v.unit === u)?.values,
    });
    expect(r.problems).toEqual([]);
    expect(r.reviews.find((x) => x.unit === 'SO-BPC')!.entries).toEqual({ A1: { points: q('15.5') }, B1: { achieved: q('8'), base: q('10') } });
    const { sheets, styles } = await unzip(converted);
    for (const xml of sheets.values()) expect(xml).toMatch(/<sheetProtection\b[^>]*sheet="(1|true)"/);
    expect(unlockedCells(sheets.get('SO-BPC')!, unlockedStyles(styles))).toContain('I8');
    expect(unlockedCells(sheets.get('SO-BPC')!, unlockedStyles(styles))).not.toContain('F8');
  }, 120_000);
});
