/**
 * `bloc rank --reviews` (SPEC §4, §10) on a bloc that shares nothing with the sample region
 * (test/support/synthetic-bloc.ts): other codes, periods, areas, rubrics and time zone. Every total
 * is worked by hand to the hundredth in the comments.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../../support/cli.js';
import { tempFiles } from '../../support/rubric-builders.js';
import { Q2_SELF_TABLE, rankingTable, SYN_INPUTS, writeSyntheticBloc } from '../../support/synthetic-bloc.js';

const bloc = (...args: string[]): Promise<Run> => runBloc(args, { env: { ...process.env, BLOC_DEBUG: '' } });

const table = (stdout: string) => rankingTable(JSON.parse(stdout));

const review = (value: string | { achieved: string; base?: string }, reviewer: string, reason: string) => ({
  ...(typeof value === 'string' ? { value } : value),
  reviewer,
  reason,
});

describe('bloc rank --reviews on a bloc unlike the sample region', () => {
  let config: string;
  let inputs: string;
  beforeAll(async () => {
    config = await writeSyntheticBloc();
    inputs = join(await tempFiles({ 'so-lieu.json': SYN_INPUTS }), 'so-lieu.json');
  });

  const rank = async (period: string, reviews?: unknown) => {
    const extra = reviews === undefined ? [] : ['--reviews', join(await tempFiles({ 'tham-dinh.json': reviews }), 'tham-dinh.json')];
    return bloc('rank', '--config', config, '--period', period, '--inputs', inputs, ...extra);
  };

  it('self-scores alone: a quota-1 flag tied at rank 1 goes to a vote, and the next award passes over both', async () => {
    const r = await rank('Q2');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(table(r.stdout)).toEqual(Q2_SELF_TABLE);
    const a2 = JSON.parse(r.stdout).groups[0].members[4];
    expect(a2).toMatchObject({ sections: { P1: '20.83', P2: '9.00' }, bonus: '0.00', deduction: '2.00', classification: 'TOT' });
  });

  it('reviews of the lead (any group) and of assigned cross-reviewers replace the self-scores criterion by criterion', async () => {
    const r = await rank('Q2', {
      // SO-A3: P1.a 13 → 12 (lead), P2.a 18/20 → 17/20 = 0.85 (assigned SO-A2): 12 + 9.33 + 9 + 2 = 32.33.
      'SO-A3': {
        'P1.a': review('12', 'SO-A1', 'Thiếu minh chứng'),
        'P2.a': review({ achieved: '17', base: '20' }, 'SO-A2', 'Hồ sơ chưa đủ'),
      },
      // SO-A5: TH.1 3 → 1 (assigned SO-A3): 10 + 10 + 15 + 1 − 0.5 = 35.50, equal to SO-A4 and its P2
      // (15); the smaller deduction (0.50 against 1.00) puts SO-A5 first.
      'SO-A5': { 'TH.1': review('1', 'SO-A3', 'Sáng kiến chưa được công nhận') },
      // CB-B2: K.2 2 → 4 days late: 0 points: 28.5 + 0 = 28.50.
      'CB-B2': { 'K.2': review({ achieved: '4' }, 'CB-B1', 'Báo cáo quý chậm 4 ngày') },
      // CB-B3: KTR.1 1 → 3 by the lead of another group: 27 + 10 + 2 − 3 = 36.00, the tie is gone.
      'CB-B3': { 'KTR.1': review('3', 'SO-A1', 'Vi phạm chế độ báo cáo') },
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(table(r.stdout)).toEqual({
      sa: [
        ['SO-A1', 1, '40.00', 'BK'],
        ['SO-A5', 2, '35.50', 'CO'],
        ['SO-A4', 3, '35.50', null],
        ['SO-A3', 4, '32.33', null],
        ['SO-A2', 5, '27.83', null],
      ],
      // CO to CB-B1 alone; BK walks on: CB-B3 (36.00, Xuất sắc ≥ Tốt) before CB-B2.
      cb: [
        ['CB-B1', 1, '38.00', 'CO'],
        ['CB-B3', 2, '36.00', 'BK'],
        ['CB-B2', 3, '28.50', null],
        ['CB-B4', 'missing'],
      ],
    });
    const a3 = JSON.parse(r.stdout).groups[0].members[3];
    expect(a3).toMatchObject({ unit: 'SO-A3', sections: { P1: '21.33', P2: '9.00' }, bonus: '2.00', deduction: '0.00', classification: 'TOT' });
  });

  it('a capped deduction stays capped under review: SO-A2 TR.1 3 → 4 keeps the deduction at 2.00', async () => {
    const r = await rank('Q2', { 'SO-A2': { 'TR.1': review('4', 'SO-A1', 'Thêm một vi phạm') } });
    expect(r.code).toBe(0);
    expect(table(r.stdout).sa![4]).toEqual(['SO-A2', 5, '27.83', null]);
  });

  it("a cross-reviewer of Q2 may not review in Q1 (no assignment there): exit 2, REVIEWER_NOT_ALLOWED at the review's reviewer", async () => {
    const reviews = { 'SO-A3': { 'P1.a': review('12', 'SO-A2', 'Thiếu minh chứng') } };
    const q1 = await rank('Q1', reviews);
    expect([q1.code, q1.stdout]).toEqual([2, '']);
    expect(q1.stderr).toMatch(/^lỗi REVIEWER_NOT_ALLOWED SO-A3\/P1\.a\/reviewer: SO-A2 không phải trưởng khối \(SO-A1\)/m);
    // The lead may in any period: Q1 has no latePolicy or reviewers, the same totals.
    const lead = await rank('Q1', { 'SO-A3': { 'P1.a': review('12', 'SO-A1', 'Thiếu minh chứng') } });
    expect(lead.code).toBe(0);
    expect(table(lead.stdout).sa![3]).toEqual(['SO-A3', 4, '32.33', null]);
  });

  it('a unit does not review itself, even the lead: exit 2', async () => {
    const r = await rank('Q2', { 'SO-A1': { 'P1.a': review('15', 'SO-A1', 'Tự sửa') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/REVIEWER_NOT_ALLOWED SO-A1\/P1\.a\/reviewer: Đơn vị SO-A1 không được tự thẩm định mình/);
  });
});
