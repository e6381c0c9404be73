/** `bloc assign-reviews` run as a child process (SPEC §10), on a bloc that is not the sample region. */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { runBloc, type Run } from '../../support/cli.js';
import { writeSecondBloc } from '../review/second-bloc.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args, { env: { ...process.env, BLOC_DEBUG: '' } });
const noStackTrace = (r: Run) => expect(r.stderr).not.toMatch(/^\s+at /m);
/** Every member of its own area except SO-DNI and SO-LKH (DNI). */
const assignable = (b: Record<string, any>) => (b.groups[1].members[2].area = 'XMO');

describe('bloc assign-reviews', () => {
  it('prints {"reviewers"} for the period; put into bloc.json, the configuration loads', async () => {
    const config = await writeSecondBloc(assignable);
    const r = await bloc('assign-reviews', '--config', config, '--period', 'CN', '--per-unit', '2');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['reviewers']);
    expect(out.reviewers['SO-DNI']).toHaveLength(2);
    expect(out.reviewers['SO-DNI']).not.toContain('SO-LKH');
    expect(Object.keys(out.reviewers)).toHaveLength(8);
    // The same input, the same output.
    expect((await bloc('assign-reviews', '--config', config, '--period', 'CN', '--per-unit', '2')).stdout).toBe(r.stdout);
    const json = JSON.parse(await readFile(config, 'utf8'));
    json.periods[1].reviewers = out.reviewers;
    await writeFile(config, JSON.stringify(json));
    const loaded = await loadBloc(config);
    expect(loaded.bloc.periods[1]!.reviewers).toEqual(out.reviewers);
  });

  it('defaults to one unit each', async () => {
    const r = await bloc('assign-reviews', '--config', await writeSecondBloc(assignable), '--period', 'Q2');
    expect(r.code).toBe(0);
    expect(Object.values(JSON.parse(r.stdout).reviewers).every((units) => (units as string[]).length === 1)).toBe(true);
  });

  it('exits 2 with the reason when a group cannot be assigned: an area holding 2 of 3 members', async () => {
    const r = await bloc('assign-reviews', '--config', await writeSecondBloc(), '--period', 'CN');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^lỗi: Khối "Các Cục" \(cuc\): địa bàn "BRV" \(CUC-BRA, CUC-XMO\) có 2\/3 đơn vị/m);
    noStackTrace(r);
  });

  it('exits 2 when N is not below a group size, naming the group', async () => {
    const r = await bloc('assign-reviews', '--config', await writeSecondBloc(assignable), '--period', 'CN', '--per-unit', '3');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/Khối "Các Cục" \(cuc\) có 3 đơn vị/);
  });

  it('exits 2 on a bad --per-unit, an unknown period or a missing option', async () => {
    const config = await writeSecondBloc(assignable);
    for (const args of [['--period', 'CN', '--per-unit', '0'], ['--period', 'CN', '--per-unit', 'hai'], ['--period', 'Y'], []]) {
      const r = await bloc('assign-reviews', '--config', config, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      noStackTrace(r);
    }
  });
});
