/** `bloc review-template` run as a child process (SPEC §10): exit codes and Vietnamese reasons, on a bloc that is not the sample. */
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../../support/cli.js';
import { writeSecondBloc } from '../review/second-bloc.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args, { env: { ...process.env, BLOC_DEBUG: '' } });
const noStackTrace = (r: Run) => expect(r.stderr).not.toMatch(/^\s+at /m);
const withReviewers = (b: Record<string, any>) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC'] });

describe('bloc review-template', () => {
  it('an unknown reviewer: exit 2 with the reason, no file', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'rt-')), 'r.xlsx');
    const r = await bloc('review-template', '--config', await writeSecondBloc(withReviewers), '--period', 'Q2', '--reviewer', 'SO-XYZ', '--out', out);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^lỗi: đơn vị thẩm định "SO-XYZ" không có trong cấu hình \(có: SO-DNI, SO-BDG/m);
    noStackTrace(r);
    await expect(stat(out)).rejects.toThrow();
  });

  it('a member with no assignment in that period: exit 2, naming the lead and the period', async () => {
    const config = await writeSecondBloc(withReviewers);
    const out = join(await mkdtemp(join(tmpdir(), 'rt-')), 'r.xlsx');
    const r = await bloc('review-template', '--config', config, '--period', 'Q2', '--reviewer', 'SO-BPC', '--out', out);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/SO-BPC không phải trưởng khối \(SO-DNI\) và không được phân công thẩm định đơn vị nào trong đợt Q2/);
    noStackTrace(r);
    // Assigned in Q2, not in CN.
    const cn = await bloc('review-template', '--config', config, '--period', 'CN', '--reviewer', 'SO-BDG', '--out', out);
    expect(cn.code).toBe(2);
    expect(cn.stderr).toMatch(/trong đợt CN/);
  });

  it('an unknown period or a missing option: exit 2', async () => {
    const config = await writeSecondBloc(withReviewers);
    expect((await bloc('review-template', '--config', config, '--period', 'Y', '--reviewer', 'SO-DNI', '--out', '/tmp/x.xlsx')).code).toBe(2);
    const missing = await bloc('review-template', '--config', config, '--period', 'Q2', '--out', '/tmp/x.xlsx');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--reviewer/);
  });

  it('nothing accepted yet in the store: exit 2, telling to run bloc run first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rt-'));
    const r = await bloc(
      'review-template',
      '--config',
      await writeSecondBloc(withReviewers),
      '--period',
      'Q2',
      '--reviewer',
      'SO-BDG',
      '--out',
      join(dir, 'r.xlsx'),
      '--data',
      join(dir, 'data'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/chưa có bản nộp nào được tiếp nhận của các đơn vị SO-BDG thẩm định \(SO-BPC\) trong đợt Q2/);
    noStackTrace(r);
    await expect(stat(join(dir, 'r.xlsx'))).rejects.toThrow();
  }, 120_000);
});
