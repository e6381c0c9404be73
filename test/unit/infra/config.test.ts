import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '#shared/config/problems.js';
import { buildStacks, USAGE } from '../../../infra/build.js';
import { readConfig } from '../../../infra/config.js';
import { testApp } from './app-context.js';

const SAMPLE = 'templates/ntb-tn-2025';
let dir: string;

/** A copy of the sample configuration with bloc.json edited. */
const variant = async (name: string, edit: (bloc: Record<string, any>) => void): Promise<string> => {
  const folder = join(dir, name);
  await cp(SAMPLE, folder, { recursive: true });
  const bloc = JSON.parse(await readFile(join(folder, 'bloc.json'), 'utf8'));
  edit(bloc);
  await writeFile(join(folder, 'bloc.json'), JSON.stringify(bloc, null, 2));
  return join(folder, 'bloc.json');
};

const problemsOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return (e as ConfigError).problems.filter((x) => x.severity === 'error');
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bloc-infra-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('configuration at synth', () => {
  it('deploys bloc.json and each rubric under config/<bloc>/', async () => {
    const c = await readConfig(`${SAMPLE}/bloc.json`);
    expect(c.bloc.id).toBe('ntb-tn');
    expect(c.files.map((f) => f.key).sort()).toEqual(['config/ntb-tn/bloc.json', 'config/ntb-tn/rubric-stp.json', 'config/ntb-tn/rubric-thads.json']);
    expect(c.files[0]!.text).toBe(await readFile(`${SAMPLE}/bloc.json`, 'utf8'));
  });

  it('a bad bloc.json fails synth with every problem listed', async () => {
    const path = await variant('bad', (b) => {
      b.lead = 'KHONG-CO';
      b.classes[0].minTotal = 'nhiều';
      delete b.timezone;
    });
    const problems = await problemsOf(buildStacks(testApp({ config: path })));
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.file.endsWith('bloc.json') && p.path.startsWith('$'))).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.classes[0].minTotal', '$.timezone']));
  });

  it('ids that cannot be one S3 key segment fail synth', async () => {
    const path = await variant('ids', (b) => {
      b.periods[0].id = 'H1/2025';
      const old = b.groups[0].members[0].code;
      b.groups[0].members[0].code = 'STP QNG';
      for (const map of [b.registrations, b.vetoes])
        if (map?.[old]) {
          map['STP QNG'] = map[old];
          delete map[old];
        }
    });
    const problems = await problemsOf(buildStacks(testApp({ config: path })));
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.periods[0].id', '$.groups[0].members[0].code']));
  });

  it('a rubric outside the bloc folder fails synth (it could not be deployed beside bloc.json)', async () => {
    const path = await variant('outside', (b) => {
      b.groups[0].rubric = '../ntb-tn-2025-shared/rubric-stp.json';
    });
    await cp(SAMPLE, join(dir, 'ntb-tn-2025-shared'), { recursive: true });
    const problems = await problemsOf(buildStacks(testApp({ config: path })));
    expect(problems.map((p) => p.path)).toEqual(['$.groups[0].rubric']);
  });

  it('a sheets.json beside bloc.json is validated and deployed with it', async () => {
    const path = await variant('sheets', () => {});
    const id = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd';
    await writeFile(join(dir, 'sheets', 'sheets.json'), JSON.stringify({ Y: { 'STP-KHA': `https://docs.google.com/spreadsheets/d/${id}/edit#gid=0` } }));
    const c = await readConfig(path);
    expect(c.files.map((f) => f.key)).toContain('config/ntb-tn/sheets.json');
    await writeFile(join(dir, 'sheets', 'sheets.json'), JSON.stringify({ Q9: { 'STP-XXX': 'không phải liên kết' } }));
    const problems = await problemsOf(readConfig(path));
    expect(problems.map((p) => [p.file.endsWith('sheets.json'), p.path])).toEqual([
      [true, '$.Q9'],
      [true, '$.Q9["STP-XXX"]'],
      [true, '$.Q9["STP-XXX"]'],
    ]);
  });

  it('without -c config, synth says how to give one', async () => {
    await expect(buildStacks(testApp())).rejects.toThrow(USAGE);
  });

  it('two configurations of one bloc in one deployment are refused', async () => {
    await expect(problemsOf(buildStacks(testApp({ config: `${SAMPLE}/bloc.json,${SAMPLE}/bloc.json` })))).resolves.toHaveLength(1);
  });
});
