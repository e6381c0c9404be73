/** SPEC §10 configuration: periods[].reviewers, members[].area, periods[].latePolicy — valid and each invalid case. */
import { describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { ConfigError, type ConfigProblem } from '#shared/config/problems.js';
import { latePolicyOf, reviewRoleOf } from '#shared/model/bloc.js';
import { writeSecondBloc } from '../review/second-bloc.js';

const problemsOf = async (edit: (b: Record<string, any>) => void): Promise<{ file: string; problems: ConfigProblem[] }> => {
  const file = await writeSecondBloc(edit);
  const error = await loadBloc(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return { file, problems: (error as ConfigError).problems };
};

const error = (file: string, path: string, message: RegExp) =>
  expect.objectContaining({ file, path, severity: 'error', message: expect.stringMatching(message) });

describe('valid review configuration', () => {
  it('loads reviewers, areas and the late policy into the model without warnings', async () => {
    const file = await writeSecondBloc((b) => {
      b.periods[0].reviewers = { 'SO-DNI': ['SO-BDG', 'SO-TNH'], 'SO-TNH': ['SO-LKH'], 'CUC-VTA': ['CUC-XMO'] };
    });
    const { bloc, warnings } = await loadBloc(file);
    expect(warnings).toEqual([]);
    const [q2, cn] = bloc.periods;
    expect(q2!.reviewers).toEqual({ 'SO-DNI': ['SO-BDG', 'SO-TNH'], 'SO-TNH': ['SO-LKH'], 'CUC-VTA': ['CUC-XMO'] });
    expect([latePolicyOf(q2!), latePolicyOf(cn!), 'reviewers' in cn!]).toEqual(['count', 'hold', false]);
    expect(bloc.groups[0]!.members.map((m) => m.area)).toEqual(['DNI', 'BDG', 'BPC', 'DNI', undefined]);
    expect('area' in bloc.groups[0]!.members[4]!).toBe(false);
    // The lead reviews anyone but itself; an assigned reviewer only its units.
    expect(['SO-BPC', 'SO-DNI'].map((u) => reviewRoleOf(bloc, q2!, 'SO-DNI', u))).toEqual(['lead', null]);
    expect(['SO-LKH', 'SO-BDG'].map((u) => reviewRoleOf(bloc, q2!, 'SO-TNH', u))).toEqual(['assigned', null]);
    expect(reviewRoleOf(bloc, cn!, 'SO-TNH', 'SO-LKH')).toBeNull();
  });

  it('accepts an empty assignment and members without area reviewing each other', async () => {
    const file = await writeSecondBloc((b) => {
      b.periods[0].reviewers = {};
      b.groups[1].members.forEach((m: Record<string, unknown>) => delete m['area']);
      b.periods[1].reviewers = { 'CUC-BRA': ['CUC-XMO'], 'CUC-XMO': ['CUC-BRA'] };
    });
    await expect(loadBloc(file)).resolves.toMatchObject({ warnings: [] });
  });
});

describe('invalid review configuration: file, JSON path and reason', () => {
  it('a reviewer that is no member', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[1].reviewers = { 'SO-HCM': ['SO-BDG'] }));
    expect(problems).toEqual([error(file, '$.periods[1].reviewers["SO-HCM"]', /SO-HCM.*không phải đơn vị thành viên/)]);
  });
  it('a reviewed unit that is no member', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC', 'SO-XXX'] }));
    expect(problems).toEqual([error(file, '$.periods[0].reviewers["SO-BDG"][1]', /SO-XXX/)]);
  });
  it('a unit of another group', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[0].reviewers = { 'SO-BDG': ['CUC-VTA'] }));
    expect(problems).toEqual([error(file, '$.periods[0].reviewers["SO-BDG"][0]', /CUC-VTA.*khối "cuc".*khối "so"/)]);
  });
  it('a member reviewing itself', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[0].reviewers = { 'SO-TNH': ['SO-TNH'] }));
    expect(problems).toEqual([error(file, '$.periods[0].reviewers["SO-TNH"][0]', /tự thẩm định/)]);
  });
  it('a member of the same area', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[0].reviewers = { 'SO-LKH': ['SO-BDG', 'SO-DNI'] }));
    expect(problems).toEqual([error(file, '$.periods[0].reviewers["SO-LKH"][1]', /cùng địa bàn "DNI"/)]);
  });
  it('a unit listed twice for one reviewer', async () => {
    const { file, problems } = await problemsOf((b) => (b.periods[0].reviewers = { 'SO-BPC': ['SO-BDG', 'SO-BDG'] }));
    expect(problems).toEqual([error(file, '$.periods[0].reviewers["SO-BPC"][1]', /hơn một lần/)]);
  });
  it('reviewers that are not a map of lists of codes, an unknown late policy, an empty area', async () => {
    const { file, problems } = await problemsOf((b) => {
      b.periods[0].reviewers = { 'SO-BPC': 'SO-BDG' };
      b.periods[1].latePolicy = 'later';
      b.groups[0].members[1].area = ' ';
    });
    expect(problems.map((p) => [p.file, p.path, p.severity])).toEqual([
      [file, '$.periods[0].reviewers["SO-BPC"]', 'error'],
      [file, '$.periods[1].latePolicy', 'error'],
      [file, '$.groups[0].members[1].area', 'error'],
    ]);
  });
  it('lists every problem of several periods at once', async () => {
    const { file, problems } = await problemsOf((b) => {
      b.periods[0].reviewers = { 'SO-DNI': ['SO-LKH'], 'CUC-BRA': ['CUC-XMO'] };
      b.periods[1].reviewers = { 'SO-BDG': ['SO-BDG', 'CUC-BRA'] };
    });
    expect(problems.map((p) => p.path)).toEqual([
      '$.periods[0].reviewers["SO-DNI"][0]',
      '$.periods[0].reviewers["CUC-BRA"][0]',
      '$.periods[1].reviewers["SO-BDG"][0]',
      '$.periods[1].reviewers["SO-BDG"][1]',
    ]);
    expect(problems.every((p) => p.file === file)).toBe(true);
  });
});
