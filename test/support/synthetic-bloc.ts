/**
 * A small bloc that shares nothing with the sample region (SPEC §4, §10 on other codes, periods,
 * areas, rubrics, time zone): two groups of 5 and 4 members, periods `Q1` and `Q2` (Q2 with
 * cross-reviewers and latePolicy "hold"), awards of quota 1, and inputs whose totals are worked by
 * hand below. Used by the tests that run `bloc rank --reviews` and `bloc run` on it.
 *
 * Rubric `tc-sa-2026` (group `sa`): P1 = P1.a manual 15 (step 0.25) + P1.b target 10 (target 0.75);
 * P2 = P2.a rate bands 15 (≥ 0.95 → 15, ≥ 0.7 → 9, else 0); bonus TH (cap 3) = TH.1 ≤ 3; deduction
 * TR (cap 2) = TR.1 ≤ 4. Tie-break P2, then deduction.
 * Rubric `tc-cb-2026` (group `cb`): K = K.1 manual 30 + K.2 value bands 10 (≤ 0 → 10, ≤ 3 → 6, else 0);
 * bonus KT (cap 2) = KT.1 ≤ 2; deduction KTR (cap 5) = KTR.1 ≤ 5. Tie-break K.
 */
import { join } from 'node:path';
import type { Bloc } from '#shared/model/bloc.js';
import { buildTemplate } from '#shared/workbooks/template/template.js';
import { tempFiles } from './rubric-builders.js';
import { fillFrom, type GoldenInputs } from './sample.js';

type Json = Record<string, any>;

export const SYN_PERIOD = 'Q2';

export const syntheticBlocJson = (): Json => ({
  id: 'mien-tay-thu',
  name: 'Cụm thi đua Miền Tây (thử)',
  year: 2026,
  lead: 'SO-A1',
  timezone: 'Asia/Bangkok',
  periods: [
    { id: 'Q1', name: 'Quý I', from: '2026-01-01', to: '2026-03-31', deadline: '2026-04-10' },
    {
      id: 'Q2',
      name: 'Quý II',
      from: '2026-04-01',
      to: '2026-06-30',
      deadline: '2026-07-05',
      latePolicy: 'hold',
      reviewers: { 'SO-A2': ['SO-A3'], 'SO-A3': ['SO-A5'], 'CB-B1': ['CB-B2'] },
    },
  ],
  groups: [
    {
      id: 'sa',
      name: 'Nhóm Sở',
      rubric: 'tc/sa.json',
      members: [
        { code: 'SO-A1', name: 'Sở An Giang', area: 'AG' },
        { code: 'SO-A2', name: 'Sở Cần Thơ', area: 'CT' },
        { code: 'SO-A3', name: 'Sở Kiên Giang', area: 'KG' },
        { code: 'SO-A4', name: 'Sở Bạc Liêu', area: 'BL' },
        { code: 'SO-A5', name: 'Sở Hậu Giang', area: 'HG' },
      ],
    },
    {
      id: 'cb',
      name: 'Nhóm Cục',
      rubric: 'tc/cb.json',
      members: [
        { code: 'CB-B1', name: 'Cục Cần Thơ', area: 'CT' },
        { code: 'CB-B2', name: 'Cục Kiên Giang', area: 'KG' },
        { code: 'CB-B3', name: 'Cục Hậu Giang', area: 'HG' },
        { code: 'CB-B4', name: 'Cục Bạc Liêu', area: 'BL' },
      ],
    },
  ],
  classes: [
    { id: 'XS', name: 'Xuất sắc', minTotal: 35 },
    { id: 'TOT', name: 'Tốt', minTotal: 20 },
  ],
  awards: [
    { id: 'CO', name: 'Cờ thi đua', quota: { count: 1 }, minClass: 'XS' },
    { id: 'BK', name: 'Bằng khen', quota: { count: 1 }, minClass: 'TOT' },
  ],
  registrations: {
    'SO-A1': ['BK'],
    'SO-A2': ['CO', 'BK'],
    'SO-A3': ['CO', 'BK'],
    'SO-A4': ['CO', 'BK'],
    'SO-A5': ['CO', 'BK'],
    'CB-B1': ['CO', 'BK'],
    'CB-B2': ['CO', 'BK'],
    'CB-B3': ['CO', 'BK'],
  },
  vetoes: {},
});

const manual = (code: string, max: number, step?: number) => ({ code, title: `Tiêu chí ${code}`, type: 'manual', max, ...(step && { step }) });

export const saRubricJson = (): Json => ({
  id: 'tc-sa-2026',
  name: 'Tiêu chí nhóm Sở 2026',
  total: 40,
  sections: [
    {
      code: 'P1',
      title: 'Nhiệm vụ chính',
      max: 25,
      criteria: [
        manual('P1.a', 15, 0.25),
        { code: 'P1.b', title: 'Tỷ lệ hoàn thành', type: 'target', max: 10, target: 0.75, achievedLabel: 'Số việc xong', baseLabel: 'Số việc' },
      ],
    },
    {
      code: 'P2',
      title: 'Chỉ tiêu',
      max: 15,
      criteria: [
        {
          code: 'P2.a',
          title: 'Tỷ lệ giải quyết',
          type: 'bands',
          measure: 'rate',
          max: 15,
          achievedLabel: 'Đã giải quyết',
          baseLabel: 'Phải giải quyết',
          bands: [
            { atLeast: 0.95, points: 15 },
            { atLeast: 0.7, points: 9 },
          ],
        },
      ],
    },
  ],
  bonus: { code: 'TH', title: 'Điểm thưởng', max: 3, criteria: [manual('TH.1', 3)] },
  deduction: { code: 'TR', title: 'Điểm trừ', max: 2, criteria: [manual('TR.1', 4)] },
  tieBreak: ['P2', 'deduction'],
});

export const cbRubricJson = (): Json => ({
  id: 'tc-cb-2026',
  name: 'Tiêu chí nhóm Cục 2026',
  total: 40,
  sections: [
    {
      code: 'K',
      title: 'Kết quả',
      max: 40,
      criteria: [
        manual('K.1', 30),
        {
          code: 'K.2',
          title: 'Số ngày chậm báo cáo',
          type: 'bands',
          measure: 'value',
          max: 10,
          achievedLabel: 'Số ngày',
          bands: [
            { atMost: 0, points: 10 },
            { atMost: 3, points: 6 },
          ],
        },
      ],
    },
  ],
  bonus: { code: 'KT', title: 'Thưởng', max: 2, criteria: [manual('KT.1', 2)] },
  deduction: { code: 'KTR', title: 'Trừ', max: 5, criteria: [manual('KTR.1', 5)] },
  tieBreak: ['K'],
});

/** Writes the bloc (changed by `edit`) and its rubrics into a fresh temp dir; returns the bloc file's path. */
export const writeSyntheticBloc = async (edit: (b: Json) => void = () => {}): Promise<string> => {
  const b = syntheticBlocJson();
  edit(b);
  const dir = await tempFiles({ 'khoi/bloc.json': b, 'khoi/tc/sa.json': saRubricJson(), 'khoi/tc/cb.json': cbRubricJson() });
  return join(dir, 'khoi/bloc.json');
};

const r = (achieved: string, base: string) => ({ achieved, base });

/**
 * Self-scores of Q2, with each total worked by hand (P1.b = 10 × min(1, rate / 0.75), half up):
 *   SO-A1 14 + 10 (6/8 = 0.75) + 15 (19/20) + 1 − 0            = 40.00
 *   SO-A2 12.5 + 8.33 (5/8: 8.333…) + 9 (15/20) + 0 − 2 (3, cap 2) = 27.83
 *   SO-A3 13 + 9.33 (7/10: 9.333…) + 9 (18/20 = 0.9) + 2 − 0   = 33.33   (its first version, v1)
 *   SO-A4 11 + 10 (3/4) + 15 (1/1) + 0.5 − 1                   = 35.50
 *   SO-A5 10 + 10 (base 0) + 15 (base 0) + 3 − 0.5             = 37.50
 *   CB-B1 27 + 10 (0 days) + 1.5 − 0.5                         = 38.00
 *   CB-B2 28.5 + 6 (2 days) + 0 − 0                            = 34.50
 *   CB-B3 27 + 10 (0 days) + 2 − 1                             = 38.00   (same K as CB-B1: a tie)
 */
export const SYN_INPUTS: GoldenInputs = {
  'SO-A1': { 'P1.a': '14', 'P1.b': r('6', '8'), 'P2.a': r('19', '20'), 'TH.1': '1', 'TR.1': '0' },
  'SO-A2': { 'P1.a': '12.5', 'P1.b': r('5', '8'), 'P2.a': r('15', '20'), 'TH.1': '0', 'TR.1': '3' },
  'SO-A3': { 'P1.a': '13', 'P1.b': r('7', '10'), 'P2.a': r('18', '20'), 'TH.1': '2', 'TR.1': '0' },
  'SO-A4': { 'P1.a': '11', 'P1.b': r('3', '4'), 'P2.a': r('1', '1'), 'TH.1': '0.5', 'TR.1': '1' },
  'SO-A5': { 'P1.a': '10', 'P1.b': r('0', '0'), 'P2.a': r('0', '0'), 'TH.1': '3', 'TR.1': '0.5' },
  'CB-B1': { 'K.1': '27', 'K.2': { achieved: '0' }, 'KT.1': '1.5', 'KTR.1': '0.5' },
  'CB-B2': { 'K.1': '28.5', 'K.2': { achieved: '2' }, 'KT.1': '0', 'KTR.1': '0' },
  'CB-B3': { 'K.1': '27', 'K.2': { achieved: '0' }, 'KT.1': '2', 'KTR.1': '1' },
};

/** SO-A3's second version: 13.75 + 9.33 + 15 (19/20) + 2 = 40.08. */
export const SO_A3_V2 = { ...SYN_INPUTS['SO-A3']!, 'P1.a': '13.75', 'P2.a': r('19', '20') };

/** CB-B4, sent late: 10 + 0 (5 days) = 10.00. */
export const CB_B4 = { 'K.1': '10', 'K.2': { achieved: '5' }, 'KT.1': '0', 'KTR.1': '0' };

/** The unit's workbook as its staff fill it. */
export const syntheticWorkbook = (bloc: Bloc, unit: string, input: GoldenInputs[string], period = SYN_PERIOD) =>
  buildTemplate(bloc, period, unit, fillFrom(input));

type Member = { unit: string; status: string; rank: number | null; total?: string; award?: string | null; pendingVote?: string | null };

/** Per group of rankings.json: [unit, rank, total, award or `vote:<award>`] of each ranked member, [unit, status] of the others. */
export const rankingTable = (rankings: { groups: { id: string; members: Member[] }[] }) =>
  Object.fromEntries(
    rankings.groups.map((g) => [
      g.id,
      g.members.map((m) => (m.rank === null ? [m.unit, m.status] : [m.unit, m.rank, m.total, m.award ?? (m.pendingVote && `vote:${m.pendingVote}`)])),
    ]),
  );

/**
 * Q2 on self-scores alone. CO: SO-A1 is not registered for it, so SO-A5 (Xuất sắc) gets it and BK
 * goes to SO-A1. CB-B1 and CB-B3: 38.00 with the same K (37): both pending the CO vote, neither
 * considered for BK, which goes to CB-B2.
 */
export const Q2_SELF_TABLE = {
  sa: [
    ['SO-A1', 1, '40.00', 'BK'],
    ['SO-A5', 2, '37.50', 'CO'],
    ['SO-A4', 3, '35.50', null],
    ['SO-A3', 4, '33.33', null],
    ['SO-A2', 5, '27.83', null],
  ],
  cb: [
    ['CB-B1', 1, '38.00', 'vote:CO'],
    ['CB-B3', 1, '38.00', 'vote:CO'],
    ['CB-B2', 3, '34.50', 'BK'],
    ['CB-B4', 'missing'],
  ],
};
