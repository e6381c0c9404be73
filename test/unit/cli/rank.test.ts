/** `bloc rank` run as a child process, as a user runs it (SPEC §8). */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../../support/cli.js';
import { FIXTURE, ROOT, tempFiles } from '../../support/rubric-builders.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args, { env: { ...process.env, BLOC_DEBUG: '' } });

const CONFIG = join(FIXTURE, 'bloc.json');
const INPUTS = join(FIXTURE, 'golden/inputs-Y.json');
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const noStackTrace = (r: Run) => expect(r.stderr).not.toMatch(/^\s+at /m);

describe('bloc rank on the sample region', () => {
  it('writes the golden rankings.json to stdout', async () => {
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const golden = await readJson(join(FIXTURE, 'golden/rankings-Y.json'));
    expect(JSON.parse(r.stdout)).toEqual(golden);
    expect(r.stdout).toBe(await readFile(join(FIXTURE, 'golden/rankings-Y.json'), 'utf8'));
  });

  it('writes the golden rankings.json to --out and nothing to stdout', async () => {
    const out = join(await tempFiles({}), 'rankings.json');
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', INPUTS, '--out', out);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(await readFile(out, 'utf8')).toBe(await readFile(join(FIXTURE, 'golden/rankings-Y.json'), 'utf8'));
  });

  it('rejects invalid inputs with exit 2 and one line per problem: its code and cell', async () => {
    const inputs = await readJson(INPUTS);
    inputs['STP-QNG']['I.2'] = 'tám';
    inputs['STP-BDI']['I.3'] = '7'; // max 6
    inputs['STP-PYE']['I.2'] = '4,25'; // step 0.5
    inputs['STP-KHA']['I.1'] = { achieved: '64', base: '63' };
    inputs['STP-GLA']['III.2'] = '-1';
    delete inputs['THADS-QNG']['II.1'];
    inputs['STP-XXX'] = { 'I.2': '4' };
    const dir = await tempFiles({ 'inputs.json': inputs });
    const out = join(dir, 'rankings.json');
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', join(dir, 'inputs.json'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('lỗi '));
    expect(errors.map((l) => l.split(':')[0]).sort()).toEqual(
      [
        'lỗi VALUE_NOT_NUMBER STP-QNG/I.2',
        'lỗi SCORE_ABOVE_MAX STP-BDI/I.3',
        'lỗi SCORE_OFF_STEP STP-PYE/I.2',
        'lỗi ACHIEVED_ABOVE_BASE STP-KHA/I.1/achieved',
        'lỗi VALUE_NEGATIVE STP-GLA/III.2',
        'lỗi VALUE_MISSING THADS-QNG/II.1',
        'lỗi UNIT_UNKNOWN STP-XXX',
      ].sort(),
    );
    expect(r.stderr).toContain('"tám"');
    await expect(stat(out)).rejects.toThrow();
    noStackTrace(r);
  });

  it('ranks with warnings only (an unknown criterion code): exit 0, the warning on stderr', async () => {
    const inputs = await readJson(INPUTS);
    inputs['STP-QNG']['IX.9'] = '1';
    const dir = await tempFiles({ 'inputs.json': inputs });
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', '--inputs', join(dir, 'inputs.json'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^cảnh báo CRITERION_UNKNOWN STP-QNG\/IX\.9:/m);
    expect(JSON.parse(r.stdout)).toEqual(await readJson(join(FIXTURE, 'golden/rankings-Y.json')));
  });

  it('rejects a bad configuration with exit 2, the file and JSON path, and no stack trace', async () => {
    const config = await readJson(CONFIG);
    config.lead = 'NOBODY';
    config.awards[0].minClass = 'KHA';
    const dir = await tempFiles({ 'bloc.json': config, 'rubric-stp.json': await readJson(join(FIXTURE, 'rubric-stp.json')) });
    const r = await bloc('rank', '--config', join(dir, 'bloc.json'), '--period', 'Y', '--inputs', INPUTS);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${join(dir, 'bloc.json')} $.lead:`);
    expect(r.stderr).toContain(`${join(dir, 'bloc.json')} $.awards[0].minClass:`);
    expect(r.stderr).toContain(`${join(dir, 'rubric-thads.json')} $:`); // not copied: missing
    noStackTrace(r);
  });

  it('rejects an unknown period with exit 2, listing the periods', async () => {
    const r = await bloc('rank', '--config', CONFIG, '--period', 'Q3', '--inputs', INPUTS);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/Q3.*H1, Y/);
    noStackTrace(r);
  });

  it('rejects unreadable inputs and missing options with exit 2', async () => {
    const dir = await tempFiles({ 'inputs.json': '{"STP-QNG": ' });
    for (const args of [['--inputs', join(dir, 'inputs.json')], ['--inputs', join(dir, 'none.json')], []]) {
      const r = await bloc('rank', '--config', CONFIG, '--period', 'Y', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      noStackTrace(r);
    }
  });

  it('--help exits 0 and names the rank command and its options', async () => {
    const top = await bloc('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('rank');
    const sub = await bloc('rank', '--help');
    expect(sub.code).toBe(0);
    for (const o of ['--config', '--period', '--inputs', '--out']) expect(sub.stdout).toContain(o);
  });
});

describe('bloc rank on another bloc (nothing assumes the sample region)', () => {
  const config = {
    id: 'dbscl-ct',
    name: 'Cụm thi đua các Cục THADS Đồng bằng sông Cửu Long',
    year: 2026,
    lead: 'CTHA-CTO',
    timezone: 'Asia/Ho_Chi_Minh',
    periods: [
      { id: 'Q3', name: 'Chín tháng', from: '2026-01-01', to: '2026-09-30', deadline: '2026-10-05' },
      { id: 'CN', name: 'Cả năm', from: '2026-01-01', to: '2026-12-31', deadline: '2026-11-15' },
    ],
    groups: [
      {
        id: 'cuc',
        name: 'Các Cục',
        rubric: 'tieu-chi/ct.json',
        members: ['AGI', 'CTO', 'HGI', 'STR', 'BLI'].map((p) => ({ code: `CTHA-${p}`, name: `Cục ${p}` })),
      },
    ],
    classes: [
      { id: 'A_PLUS', name: 'Loại A+', minTotal: 38, requireTargets: true },
      { id: 'A', name: 'Loại A', minTotal: 30 },
      { id: 'B', name: 'Loại B', minTotal: 10 },
    ],
    awards: [
      { id: 'GIAI_VANG', name: 'Giải vàng', quota: { count: 1 }, minClass: 'A_PLUS' },
      { id: 'GIAI_BAC', name: 'Giải bạc', quota: { percent: 40 }, minClass: 'A' },
    ],
    registrations: { 'CTHA-AGI': ['GIAI_VANG', 'GIAI_BAC'], 'CTHA-CTO': ['GIAI_BAC'], 'CTHA-HGI': ['GIAI_BAC'], 'CTHA-STR': ['GIAI_BAC'] },
    vetoes: {},
  };
  const rubric = {
    id: 'ct-2026',
    name: 'Tiêu chí 2026',
    total: 40,
    sections: [
      {
        code: 'A',
        title: 'Chỉ tiêu',
        max: 25,
        criteria: [
          { code: 'A1', title: 'Nhiệm vụ', type: 'manual', max: 15, step: 1 },
          { code: 'A2', title: 'Tỷ lệ', type: 'target', max: 10, target: 0.75 },
        ],
      },
      {
        code: 'B',
        title: 'Báo cáo',
        max: 15,
        criteria: [
          {
            code: 'B1',
            title: 'Ngày chậm',
            type: 'bands',
            measure: 'value',
            max: 15,
            bands: [
              { atMost: 1, points: 15 },
              { atMost: 3, points: 10 },
            ],
          },
        ],
      },
    ],
    bonus: { code: 'T', title: 'Thưởng', max: 3, criteria: [{ code: 'T1', title: 'Sáng kiến', type: 'manual', max: 5, step: 0.5 }] },
    deduction: { code: 'K', title: 'Trừ', max: 4, criteria: [{ code: 'K1', title: 'Vi phạm', type: 'manual', max: 6, step: 1 }] },
    tieBreak: ['deduction', 'B'],
  };
  const inputs = {
    'CTHA-AGI': { A1: '15', A2: { achieved: '3', base: '4' }, B1: { achieved: '0' }, T1: '4' }, // 15+10 + 15 + min(3, 4) = 43
    'CTHA-CTO': { A1: '14', A2: { achieved: '7', base: '10' }, B1: { achieved: '2' }, T1: '1' }, // 14 + 10×0.7/0.75 = 9.33 → 23.33 + 10 + 1 = 34.33
    'CTHA-HGI': { A1: '15', A2: { achieved: '0', base: '0' }, B1: { achieved: '3' }, K1: '1' }, // 25 + 10 − 1 = 34
    'CTHA-STR': { A1: '13', A2: { achieved: '1', base: '1' }, B1: { achieved: '2' }, T1: '2', K1: '1' }, // 23 + 10 + 2 − 1 = 34
  };
  const row = (
    unit: string,
    rank: number,
    total: string,
    a: string,
    b: string,
    bonus: string,
    deduction: string,
    cls: string,
    award: string | null,
    vote: string | null,
  ) => ({
    unit,
    status: 'accepted',
    rank,
    total,
    sections: { A: a, B: b },
    bonus,
    deduction,
    classification: cls,
    award,
    pendingVote: vote,
  });

  it('ranks, classifies and proposes with its own codes, periods, totals, classes and awards', async () => {
    const dir = await tempFiles({ 'cum/bloc.json': config, 'cum/tieu-chi/ct.json': rubric, 'inputs.json': inputs });
    const r = await bloc('rank', '--config', join(dir, 'cum/bloc.json'), '--period', 'CN', '--inputs', join(dir, 'inputs.json'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    // GIAI_BAC: max(1, floor(5 × 40 / 100)) = 2; CTO takes one, HGI and STR tie (same deduction, same B) → vote
    const expected = {
      bloc: 'dbscl-ct',
      year: 2026,
      period: 'CN',
      groups: [
        {
          id: 'cuc',
          members: [
            row('CTHA-AGI', 1, '43.00', '25.00', '15.00', '3.00', '0.00', 'A_PLUS', 'GIAI_VANG', null),
            row('CTHA-CTO', 2, '34.33', '23.33', '10.00', '1.00', '0.00', 'A', 'GIAI_BAC', null),
            row('CTHA-HGI', 3, '34.00', '25.00', '10.00', '0.00', '1.00', 'A', null, 'GIAI_BAC'),
            row('CTHA-STR', 3, '34.00', '23.00', '10.00', '2.00', '1.00', 'A', null, 'GIAI_BAC'),
            { unit: 'CTHA-BLI', status: 'missing', rank: null },
          ],
        },
      ],
    };
    expect(JSON.stringify(JSON.parse(r.stdout))).toBe(JSON.stringify(expected));
    const y = await bloc('rank', '--config', join(dir, 'cum/bloc.json'), '--period', 'Y', '--inputs', join(dir, 'inputs.json'));
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/Q3, CN/);
  });
});

describe('the sample region in templates/', () => {
  it('is the team fixture, byte for byte, when ../shared is beside the repository', async () => {
    const team = resolve(ROOT, '../shared/fixtures/ntb-tn-2025');
    const present = await stat(team).then(
      () => true,
      () => false,
    );
    if (!present) return;
    for (const f of ['bloc.json', 'rubric-stp.json', 'rubric-thads.json', 'golden/inputs-Y.json', 'golden/rankings-Y.json'])
      expect(await readFile(join(FIXTURE, f), 'utf8'), f).toBe(await readFile(join(team, f), 'utf8'));
  });
});
