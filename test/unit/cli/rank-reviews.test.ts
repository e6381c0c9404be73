/** `bloc rank --reviews` (SPEC §10) as a user runs it: on the sample region and on the second bloc. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../../support/cli.js';
import { FIXTURE, tempFiles } from '../../support/rubric-builders.js';
import { writeSecondBloc } from '../review/second-bloc.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args, { env: { ...process.env, BLOC_DEBUG: '' } });
const CONFIG = join(FIXTURE, 'bloc.json');
const INPUTS = join(FIXTURE, 'golden/inputs-Y.json');
const accepted = (r: Run, group: number) =>
  JSON.parse(r.stdout)
    .groups[group].members.filter((m: { rank: number | null }) => m.rank !== null)
    .map((m: { unit: string; rank: number; total: string }) => [m.unit, m.rank, m.total]);

describe('bloc rank --reviews on the sample region', () => {
  it("scores with the lead's reviewed values: STP-KHA I.2 6 → 3.5 and I.1 61/63 (7 points) → 7/10 (4 points): 84.37 → 78.87, rank 2 → 6", async () => {
    const reviews = {
      'STP-KHA': {
        'I.2': { value: '3.5', reviewer: 'THADS-KHA', reason: 'Chưa có kết quả rà soát' },
        'I.1': { achieved: '7', base: '10', reviewer: 'THADS-KHA', reason: 'Số dự thảo theo báo cáo của UBND tỉnh' },
      },
    };
    const dir = await tempFiles({ 'reviews.json': reviews });
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--reviews', join(dir, 'reviews.json'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(accepted(r, 0).slice(0, 6)).toEqual([
      ['STP-DNO', 1, '84.90'],
      ['STP-QNG', 2, '82.72'],
      ['STP-PYE', 3, '79.94'],
      ['STP-DLK', 4, '79.50'],
      ['STP-BDI', 5, '79.40'],
      ['STP-KHA', 6, '78.87'],
    ]);
    const kha = JSON.parse(r.stdout).groups[0].members[5];
    expect(kha.sections.I).toBe('13.50'); // 19.00 − 2.50 − 3.00
  });

  it('an empty reviews file changes nothing: the golden rankings byte for byte', async () => {
    const dir = await tempFiles({ 'reviews.json': {} });
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--reviews', join(dir, 'reviews.json'));
    expect(r.stdout).toBe(await readFile(join(FIXTURE, 'golden/rankings-Y.json'), 'utf8'));
  });

  it('rejects invalid reviews with exit 2, one line per problem with its code and JSON path', async () => {
    const reviews = {
      'STP-KHA': { 'I.2': { value: '3.25', reviewer: 'THADS-KHA', reason: 'x' }, 'I.1': { achieved: '7', reviewer: 'THADS-KHA', reason: 'x' } },
      'STP-QNG': { 'I.3': { value: '2', reviewer: 'STP-PYE', reason: 'x' } },
      'STP-PYE': { 'I.3': { value: '2', reviewer: 'THADS-KHA' } },
    };
    const dir = await tempFiles({ 'reviews.json': reviews });
    const out = join(dir, 'rankings.json');
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--reviews', join(dir, 'reviews.json'), '--out', out);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(
      r.stderr
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual([
      'lỗi VALUE_MISSING STP-KHA/I.1/base', // rubric order within a unit
      'lỗi SCORE_OFF_STEP STP-KHA/I.2',
      'lỗi REVIEWER_NOT_ALLOWED STP-QNG/I.3/reviewer',
      'lỗi REVIEW_REASON_MISSING STP-PYE/I.3/reason',
    ]);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('rejects an unreadable reviews file with exit 2', async () => {
    const dir = await tempFiles({ 'reviews.json': '{"STP-KHA": ' });
    for (const file of [join(dir, 'reviews.json'), join(dir, 'none.json')]) {
      const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--reviews', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^lỗi: không đọc được tệp thẩm định/);
    }
  });
});

describe('bloc rank --reviews on the second bloc (cross-reviewers of its own period)', () => {
  it('an assigned cross-reviewer changes the ranking; the same reviewer in another period is not allowed', async () => {
    const config = await writeSecondBloc((b) => (b.periods[1].reviewers = { 'SO-TNH': ['SO-BDG'] }));
    const inputs = {
      'SO-BDG': { A1: '18', A2: { achieved: '8', base: '10' }, B1: { achieved: '9', base: '10' } }, // 18 + 10 + 20 = 48
      'SO-BPC': { A1: '17', A2: { achieved: '8', base: '10' }, B1: { achieved: '9', base: '10' } }, // 47
    };
    const reviews = { 'SO-BDG': { B1: { achieved: '6', base: '10', reviewer: 'SO-TNH', reason: 'Hồ sơ tồn chưa tính' } } }; // 0.6 → 10: 38
    const files = await tempFiles({ 'inputs.json': inputs, 'reviews.json': reviews });
    const args = ['--config', config, '--inputs', join(files, 'inputs.json'), '--reviews', join(files, 'reviews.json')];
    const cn = await bloc('rank', '--period', 'CN', ...args);
    expect([cn.code, cn.stderr]).toEqual([0, '']);
    expect(accepted(cn, 0)).toEqual([
      ['SO-BPC', 1, '47.00'],
      ['SO-BDG', 2, '38.00'],
    ]);
    const q2 = await bloc('rank', '--period', 'Q2', ...args);
    expect(q2.code).toBe(2);
    expect(q2.stderr).toMatch(/^lỗi REVIEWER_NOT_ALLOWED SO-BDG\/B1\/reviewer: SO-TNH không phải trưởng khối \(SO-DNI\)/m);
  });
});
