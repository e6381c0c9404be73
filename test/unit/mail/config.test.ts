/** bloc.json for submissions by e-mail: members[].emails and the intake mailbox (docs/email.md). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { ConfigError, type ConfigProblem } from '#shared/config/problems.js';
import { FIXTURE, tempFiles } from '../../support/rubric-builders.js';

type Json = Record<string, any>;

const load = async (edit: (bloc: Json) => void) => {
  const read = async (name: string) => JSON.parse(await readFile(join(FIXTURE, name), 'utf8'));
  const bloc = await read('bloc.json');
  edit(bloc);
  const dir = await tempFiles({ 'bloc.json': bloc, 'rubric-stp.json': await read('rubric-stp.json'), 'rubric-thads.json': await read('rubric-thads.json') });
  return loadBloc(join(dir, 'bloc.json'));
};
const problems = (edit: (bloc: Json) => void): Promise<ConfigProblem[]> =>
  load(edit).then(
    () => [],
    (e: unknown) => (e instanceof ConfigError ? e.problems : Promise.reject(e)),
  );

describe('members[].emails and intake', () => {
  it('are optional: the sample region loads without them', async () => {
    const { bloc } = await load(() => {});
    expect(bloc.intake).toBeUndefined();
    expect(bloc.groups[0]!.members[0]!.emails).toBeUndefined();
  });

  it('are loaded, addresses in lower case, without warnings', async () => {
    const { bloc, warnings } = await load((b) => {
      b.groups[0].members[0].emails = ['VanThu@STP.KhanhHoa.gov.vn', 'thidua@stp.khanhhoa.gov.vn'];
      b.intake = { email: 'ThiDua@Khoi.gov.vn', unitPageUrl: 'https://thidua.example.gov.vn/don-vi/{unit}' };
    });
    expect(warnings).toEqual([]);
    expect(bloc.groups[0]!.members[0]!.emails).toEqual(['vanthu@stp.khanhhoa.gov.vn', 'thidua@stp.khanhhoa.gov.vn']);
    expect(bloc.intake).toEqual({ email: 'thidua@khoi.gov.vn', unitPageUrl: 'https://thidua.example.gov.vn/don-vi/{unit}' });
  });

  it('reject an address that is not one, and a unit page without {unit}', async () => {
    const found = await problems((b) => {
      b.groups[0].members[0].emails = ['không phải địa chỉ'];
      b.intake = { email: 'thidua@khoi.gov.vn', unitPageUrl: 'https://thidua.example.gov.vn/don-vi' };
    });
    expect(found.map((p) => p.path)).toEqual(['$.groups[0].members[0].emails[0]', '$.intake.unitPageUrl']);
  });

  it('reject an address given to two units (case-insensitive), and the intake mailbox used as a sender', async () => {
    const found = await problems((b) => {
      b.groups[0].members[0].emails = ['chung@so.gov.vn'];
      b.groups[1].members[0].emails = ['CHUNG@so.gov.vn'];
      b.groups[1].members[1].emails = ['thidua@khoi.gov.vn'];
      b.intake = { email: 'ThiDua@khoi.gov.vn' };
    });
    expect(found).toEqual([
      expect.objectContaining({ path: '$.groups[1].members[0].emails[0]', severity: 'error', message: expect.stringMatching(/đã thuộc đơn vị "STP-/) }),
      expect.objectContaining({ path: '$.intake.email', severity: 'error' }),
    ]);
  });

  it('a unit may list the same address twice without a finding', async () => {
    expect(await problems((b) => (b.groups[0].members[0].emails = ['a@so.gov.vn', 'A@so.gov.vn']))).toEqual([]);
  });
});
