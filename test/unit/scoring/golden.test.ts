import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson, type RankingsJson } from '#shared/scoring/rankings-json.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import { FIXTURE } from '../../support/rubric-builders.js';

const readJson = async (name: string) => JSON.parse(await readFile(join(FIXTURE, name), 'utf8'));

describe('golden: year-end period Y of ntb-tn-2025', () => {
  let bloc: Bloc;
  let golden: RankingsJson;
  let actual: RankingsJson;

  beforeAll(async () => {
    bloc = (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;
    golden = await readJson('golden/rankings-Y.json');
    const inputs = readJsonInputs(bloc, await readJson('golden/inputs-Y.json'));
    expect(inputs.problems).toEqual([]);
    const accepted = new Map([...inputs.values].map(([unit, values]) => [unit, { values }]));
    actual = toRankingsJson(computePeriod(bloc, 'Y', { accepted, rejected: new Set() }));
  });

  it('has the header of the period', () => {
    expect({ bloc: actual.bloc, year: actual.year, period: actual.period }).toEqual({ bloc: 'ntb-tn', year: 2025, period: 'Y' });
    expect(actual.groups.map((g) => g.id)).toEqual(golden.groups.map((g) => g.id));
  });

  it('lists every member of each group in the golden order', () => {
    for (const [i, g] of golden.groups.entries()) expect(actual.groups[i]!.members.map((m) => m.unit)).toEqual(g.members.map((m) => m.unit));
  });

  it('matches every member field by field', () => {
    for (const [i, g] of golden.groups.entries())
      for (const [j, m] of g.members.entries()) expect({ group: g.id, ...actual.groups[i]!.members[j] }).toEqual({ group: g.id, ...m });
  });

  it('deep-equals the golden document, keys in the same order', () => {
    expect(actual).toEqual(golden);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(golden));
  });

  it('gives members without inputs only {unit, status, rank: null}', () => {
    const ktu = actual.groups.flatMap((g) => g.members).filter((m) => m.unit.endsWith('-KTU'));
    expect(ktu).toEqual([
      { unit: 'STP-KTU', status: 'missing', rank: null },
      { unit: 'THADS-KTU', status: 'missing', rank: null },
    ]);
  });
});

describe('golden, worked by hand', () => {
  it('STP-QNG: I 6+4+4=14; II 4.5+4+5=13.5; III.1 8×(6730/6895)/0.98=7.9679…→7.97; total 82.72 (TOT)', async () => {
    const bloc = (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;
    const inputs = readJsonInputs(bloc, await readJson('golden/inputs-Y.json'));
    const accepted = new Map([...inputs.values].map(([unit, values]) => [unit, { values }]));
    const stp = computePeriod(bloc, 'Y', { accepted, rejected: new Set() }).groups[0]!;
    const qng = stp.members.find((m) => m.unit === 'STP-QNG')!;
    // I.1: 8/10 = 0.80 ≥ band 0.8 → 6 points; II.3: 2826/3063 = 0.9226 ≥ 0.9 → 5; VI.5: 6 days ≤ 10 → 0.5
    expect(qng.score!.criteria).toMatchObject({ 'I.1': 600n, 'II.3': 500n, 'III.1': 797n, 'VI.5': 50n });
    expect(qng.score!.sections).toEqual({ I: 1400n, II: 1350n, III: 1822n, IV: 1200n, V: 900n, VI: 1500n });
    // 14 + 13.5 + 18.22 + 12 + 9 + 15 + bonus 1 − 0 = 82.72
    expect(qng.score!.total).toBe(1400n + 1350n + 1822n + 1200n + 900n + 1500n + 100n);
    expect(qng.score!.targetsMet).toBe(false); // III.1: 0.976 < 0.98
    expect(qng.classification!.id).toBe('TOT');
  });
});
