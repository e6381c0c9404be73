/** SPEC §3: loadBloc accepts the sample region and rejects bad configurations listing every problem. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { ConfigError, type ConfigProblem } from '#shared/config/problems.js';
import { FIXTURE, q, tempFiles } from '../../support/rubric-builders.js';

type Json = Record<string, any>;
interface Files {
  bloc: Json;
  stp: Json;
  thads: Json;
}

const fixture = async (): Promise<Files> => {
  const read = async (name: string) => JSON.parse(await readFile(join(FIXTURE, name), 'utf8'));
  return { bloc: await read('bloc.json'), stp: await read('rubric-stp.json'), thads: await read('rubric-thads.json') };
};

/** Writes the fixture, changed by `edit`, to a temp dir; returns the dir and what loadBloc threw. */
const problemsOf = async (edit: (f: Files) => void): Promise<{ dir: string; problems: ConfigProblem[] }> => {
  const f = await fixture();
  edit(f);
  const dir = await tempFiles({ 'bloc.json': f.bloc, 'rubric-stp.json': f.stp, 'rubric-thads.json': f.thads });
  const error = await loadBloc(join(dir, 'bloc.json')).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return { dir, problems: (error as ConfigError).problems };
};

const error = (file: string, path: string, message: RegExp) =>
  expect.objectContaining({ file, path, severity: 'error', message: expect.stringMatching(message) });

describe('loadBloc on the sample region', () => {
  it('loads ntb-tn-2025 without errors or warnings', async () => {
    const { bloc, warnings } = await loadBloc(join(FIXTURE, 'bloc.json'));
    expect(warnings).toEqual([]);
    expect([bloc.id, bloc.year, bloc.lead, bloc.periods.map((p) => p.id)]).toEqual(['ntb-tn', 2025, 'THADS-KHA', ['H1', 'Y']]);
    expect(bloc.groups.map((g) => [g.id, g.members.length, g.rubric.id, g.rubric.total])).toEqual([
      ['stp', 8, 'stp-2025', 10000n],
      ['thads', 8, 'thads-2025', 10000n],
    ]);
    expect(bloc.classes.map((k) => [k.id, k.minTotal, k.requireTargets])).toEqual([
      ['XUAT_SAC', q('90'), true],
      ['TOT', q('75'), false],
      ['HOAN_THANH', q('50'), false],
      ['KHONG_HOAN_THANH', q('0'), false],
    ]);
    const i1 = bloc.groups[1]!.rubric.sections[0]!.criteria[0]!;
    expect(i1).toMatchObject({ code: 'I.1', type: 'target', max: 2000n, target: q('0.839'), overBonus: { pointsPerPercent: 50n, cap: 200n } });
    expect(bloc.groups[0]!.rubric.sections[2]!.criteria[1]).toMatchObject({ code: 'III.2', type: 'manual', step: 25n });
  });
});

describe('rubric errors', () => {
  it("rejects a section whose criteria maxima don't add up to its max", async () => {
    const { dir, problems } = await problemsOf((f) => (f.stp.sections[0].criteria[0].max = 9));
    expect(problems).toEqual([error(join(dir, 'rubric-stp.json'), '$.sections[0].max', /21.*20/)]);
  });
  it("rejects sections that don't add up to total", async () => {
    const { dir, problems } = await problemsOf((f) => (f.thads.total = 99.5));
    expect(problems).toEqual([error(join(dir, 'rubric-thads.json'), '$.total', /100.*99,5/)]);
  });
  it('rejects duplicate codes across sections, bonus and deduction', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.stp.sections[1].criteria[0].code = 'I.2';
      f.stp.deduction.criteria[0].code = 'C.1';
      f.stp.bonus.code = 'III';
    });
    const file = join(dir, 'rubric-stp.json');
    expect(problems).toEqual([
      error(file, '$.sections[1].criteria[0].code', /I\.2/),
      error(file, '$.bonus.code', /III/),
      error(file, '$.deduction.criteria[0].code', /C\.1/),
    ]);
  });
  it('rejects bands not strictly monotone and band points above max', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.stp.sections[0].criteria[0].bands[1].atLeast = 1; // 1, 1, 0.8 …
      f.stp.sections[0].criteria[0].bands[0].points = 8.5; // max 8
      f.stp.sections[5].criteria[4].bands[2].atMost = 2; // 0, 2, 2, 10
    });
    const file = join(dir, 'rubric-stp.json');
    expect(problems).toEqual([
      error(file, '$.sections[0].criteria[0].bands[0].points', /tối đa/),
      error(file, '$.sections[0].criteria[0].bands', /atLeast/),
      error(file, '$.sections[5].criteria[4].bands', /atMost/),
    ]);
  });
  it('rejects a tieBreak entry that is neither a section nor "deduction"', async () => {
    const { dir, problems } = await problemsOf((f) => (f.stp.tieBreak = ['I', 'IX', 'deduction', 'bonus']));
    expect(problems).toEqual([error(join(dir, 'rubric-stp.json'), '$.tieBreak[1]', /IX/), error(join(dir, 'rubric-stp.json'), '$.tieBreak[3]', /bonus/)]);
  });
  it('rejects a step that is not a multiple of 0.01 and a target with 5 decimals', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.stp.sections[0].criteria[1].step = 0.005;
      f.thads.sections[0].criteria[0].target = 0.83901;
    });
    expect(problems).toEqual([
      error(join(dir, 'rubric-stp.json'), '$.sections[0].criteria[1].step', /0,01/),
      error(join(dir, 'rubric-thads.json'), '$.sections[0].criteria[0].target', /4 chữ số/),
    ]);
  });
  it('lists several schema problems of one file as several entries', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.thads.sections[1].criteria[0].max = 8.001;
      f.thads.sections[0].criteria[2].target = 1.5;
      delete f.thads.sections[2].title;
    });
    const file = join(dir, 'rubric-thads.json');
    expect(problems.map((p) => [p.file, p.path, p.severity])).toEqual(
      expect.arrayContaining([
        [file, '$.sections[0].criteria[2].target', 'error'],
        [file, '$.sections[1].criteria[0].max', 'error'],
        [file, '$.sections[2].title', 'error'],
        // 8.001 also breaks the section's sum: the cross-check says so in the same pass.
        [file, '$.sections[1].max', 'error'],
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('lists a schema problem and a cross-check problem of one file together', async () => {
    const { problems } = await problemsOf((f) => {
      f.stp.sections[0].criteria[1].step = 0.005; // schema
      f.stp.sections[0].criteria[0].bands[0].points = 9; // cross-check: above max 8
    });
    expect(problems.map((p) => p.path)).toEqual(['$.sections[0].criteria[1].step', '$.sections[0].criteria[0].bands[0].points']);
  });
});

describe('bloc errors', () => {
  it('rejects unknown members, awards and classes, a lead that is not a member, all listed', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.bloc.lead = 'THADS-HCM';
      f.bloc.registrations['STP-XXX'] = ['BK_BO'];
      f.bloc.registrations['STP-QNG'] = ['CO_BO', 'CO_XX'];
      f.bloc.awards[2].minClass = 'KHA';
      f.bloc.vetoes['THADS-ZZZ'] = 'x';
    });
    const file = join(dir, 'bloc.json');
    expect(problems).toEqual([
      error(file, '$.lead', /THADS-HCM/),
      error(file, '$.awards[2].minClass', /KHA/),
      error(file, '$.registrations["STP-QNG"][1]', /CO_XX/),
      error(file, '$.registrations["STP-XXX"]', /STP-XXX/),
      error(file, '$.vetoes["THADS-ZZZ"]', /THADS-ZZZ/),
    ]);
  });
  it('rejects a member in two groups', async () => {
    const { dir, problems } = await problemsOf((f) => f.bloc.groups[1].members.push({ code: 'STP-QNG', name: 'Sở Tư pháp tỉnh Quảng Ngãi' }));
    expect(problems).toEqual([error(join(dir, 'bloc.json'), '$.groups[1].members[8].code', /STP-QNG/)]);
  });
  it('rejects classes whose minTotal is not strictly decreasing', async () => {
    const { dir, problems } = await problemsOf((f) => (f.bloc.classes[2].minTotal = 75));
    expect(problems).toEqual([error(join(dir, 'bloc.json'), '$.classes', /minTotal/)]);
  });
  it('reports problems of the bloc file and of a rubric together', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.bloc.lead = 'NOBODY';
      f.thads.total = 90;
    });
    expect(problems).toEqual([error(join(dir, 'bloc.json'), '$.lead', /NOBODY/), error(join(dir, 'rubric-thads.json'), '$.total', /90/)]);
  });
  it('rejects a bloc schema error with file and path: a year as text, an unknown time zone, a bad date', async () => {
    const { dir, problems } = await problemsOf((f) => {
      f.bloc.year = '2025';
      f.bloc.timezone = 'Asia/Hanoi';
      f.bloc.periods[1].deadline = '2025-11-31';
    });
    const file = join(dir, 'bloc.json');
    expect(problems.map((p) => [p.file, p.path, p.severity])).toEqual([
      [file, '$.year', 'error'],
      [file, '$.timezone', 'error'],
      [file, '$.periods[1].deadline', 'error'],
    ]);
  });
});

describe('files', () => {
  it('rejects invalid JSON with the file and path $', async () => {
    const dir = await tempFiles({ 'bloc.json': '{"id": "x",' });
    await expect(loadBloc(join(dir, 'bloc.json'))).rejects.toMatchObject({
      problems: [error(join(dir, 'bloc.json'), '$', /JSON/)],
    });
  });
  it('rejects a missing rubric file, naming it', async () => {
    const { dir, problems } = await problemsOf((f) => (f.bloc.groups[0].rubric = 'rubrics/stp.json'));
    expect(problems).toEqual([error(join(dir, 'rubrics/stp.json'), '$', /không tìm thấy/)]);
  });
  it('rejects a missing bloc file', async () => {
    await expect(loadBloc('/nonexistent/bloc.json')).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('unknown extra fields', () => {
  it('are warnings, not errors, with file and path', async () => {
    const f = await fixture();
    f.bloc.comment = 'v2';
    f.bloc.awards[0].quota.rounding = 'down';
    f.stp.sections[0].note = 'x';
    f.thads.sections[0].criteria[0].overBonus.unit = '%';
    const dir = await tempFiles({ 'bloc.json': f.bloc, 'rubric-stp.json': f.stp, 'rubric-thads.json': f.thads });
    const { bloc, warnings } = await loadBloc(join(dir, 'bloc.json'));
    expect(bloc.groups).toHaveLength(2);
    const warning = (file: string, path: string) => expect.objectContaining({ file: join(dir, file), path, severity: 'warning' });
    expect(warnings).toEqual([
      warning('bloc.json', '$.awards[0].quota.rounding'),
      warning('bloc.json', '$.comment'),
      warning('rubric-stp.json', '$.sections[0].note'),
      warning('rubric-thads.json', '$.sections[0].criteria[0].overBonus.unit'),
    ]);
  });
});

describe('an invalid bloc file does not hide its rubrics', () => {
  it('lists the bloc problem and the rubric problem together', async () => {
    const { problems } = await problemsOf((f) => {
      f.bloc.year = 'năm nay';
      f.stp.total = 99;
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.year', '$.total']));
  });
});

describe('a schema failure hides no cross-check of the parts that can still be read', () => {
  it('bloc.json without vetoes, with a bad time zone and a lead that is no member: both listed', async () => {
    const { problems } = await problemsOf((f) => {
      delete f.bloc.vetoes;
      f.bloc.lead = 'NOPE';
      f.bloc.timezone = 'Mars/X';
    });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.timezone', '$.lead']));
  });

  it('a rubric without tieBreak, a max off the hundredths, a broken sum and reversed bands: all listed', async () => {
    const { problems } = await problemsOf((f) => {
      delete f.stp.tieBreak;
      f.stp.sections[1].criteria[0].max = 0.001;
      f.stp.sections[2].max = 21;
      f.stp.sections[0].criteria[0].bands.reverse();
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['$.sections[1].criteria[0].max', '$.sections[2].max', '$.sections[0].criteria[0].bands']),
    );
  });

  it('codes that differ only in case are the same code, as the reader compares them', async () => {
    const { problems } = await problemsOf((f) => {
      f.stp.sections[0].criteria[2].code = 'i.2';
    });
    expect(problems.map((p) => [p.path, p.severity])).toContainEqual(['$.sections[0].criteria[2].code', 'error']);
  });
});
