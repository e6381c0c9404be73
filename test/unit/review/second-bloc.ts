/**
 * A second bloc, unlike the sample region: other codes, periods, group sizes, classes and awards, and
 * members with areas. Its JSON files are written to a temp dir for the commands; `secondBloc()`
 * loads it for the pure functions.
 */
import { join } from 'node:path';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { tempFiles } from '../../support/rubric-builders.js';

type Json = Record<string, any>;

/** Two groups: `so` (5 members, areas DNI twice) and `cuc` (3 members, all of one area but CUC-VTA). */
export const secondBlocJson = (): Json => ({
  id: 'dong-nam-bo',
  name: 'Cụm thi đua Đông Nam Bộ',
  year: 2027,
  lead: 'SO-DNI',
  timezone: 'Asia/Ho_Chi_Minh',
  periods: [
    { id: 'Q2', name: 'Sáu tháng', from: '2027-01-01', to: '2027-06-30', deadline: '2027-07-05' },
    { id: 'CN', name: 'Cả năm', from: '2027-01-01', to: '2027-12-31', deadline: '2027-11-25', latePolicy: 'hold' },
  ],
  groups: [
    {
      id: 'so',
      name: 'Các Sở',
      rubric: 'tc/so.json',
      members: [
        { code: 'SO-DNI', name: 'Sở Đồng Nai', area: 'DNI' },
        { code: 'SO-BDG', name: 'Sở Bình Dương', area: 'BDG' },
        { code: 'SO-BPC', name: 'Sở Bình Phước', area: 'BPC' },
        { code: 'SO-LKH', name: 'Sở Long Khánh', area: 'DNI' },
        { code: 'SO-TNH', name: 'Sở Tây Ninh' },
      ],
    },
    {
      id: 'cuc',
      name: 'Các Cục',
      rubric: 'tc/cuc.json',
      members: [
        { code: 'CUC-VTA', name: 'Cục Vũng Tàu', area: 'VTA' },
        { code: 'CUC-BRA', name: 'Cục Bà Rịa', area: 'BRV' },
        { code: 'CUC-XMO', name: 'Cục Xuyên Mộc', area: 'BRV' },
      ],
    },
  ],
  classes: [
    { id: 'GIOI', name: 'Giỏi', minTotal: 45 },
    { id: 'KHA', name: 'Khá', minTotal: 30 },
  ],
  awards: [
    { id: 'CO', name: 'Cờ thi đua', quota: { count: 1 }, minClass: 'GIOI' },
    { id: 'BK', name: 'Bằng khen', quota: { count: 1 }, minClass: 'KHA' },
  ],
  registrations: {},
  vetoes: {},
});

/** Section A: manual A1 (0–20, step 0.5) and target A2 (max 10, target 0.8); section B: rate bands B1 (max 20). Bonus T1, deduction K1. */
export const secondRubricJson = (id: string): Json => ({
  id,
  name: `Tiêu chí ${id}`,
  total: 50,
  sections: [
    {
      code: 'A',
      title: 'Nhiệm vụ',
      max: 30,
      criteria: [
        { code: 'A1', title: 'Công tác', type: 'manual', max: 20, step: 0.5 },
        { code: 'A2', title: 'Tỷ lệ giải quyết', type: 'target', max: 10, target: 0.8 },
      ],
    },
    {
      code: 'B',
      title: 'Chỉ tiêu',
      max: 20,
      criteria: [
        {
          code: 'B1',
          title: 'Tỷ lệ thi hành',
          type: 'bands',
          measure: 'rate',
          max: 20,
          bands: [
            { atLeast: 0.9, points: 20 },
            { atLeast: 0.5, points: 10 },
          ],
        },
      ],
    },
  ],
  bonus: { code: 'T', title: 'Thưởng', max: 5, criteria: [{ code: 'T1', title: 'Sáng kiến', type: 'manual', max: 5 }] },
  deduction: { code: 'K', title: 'Trừ', max: 5, criteria: [{ code: 'K1', title: 'Vi phạm', type: 'manual', max: 5 }] },
  tieBreak: ['A'],
});

/** Writes the bloc (changed by `edit`) and its rubrics to a temp dir; returns the bloc file's path. */
export const writeSecondBloc = async (edit: (b: Json) => void = () => {}, extra: Record<string, unknown> = {}): Promise<string> => {
  const b = secondBlocJson();
  edit(b);
  const dir = await tempFiles({ 'cum/bloc.json': b, 'cum/tc/so.json': secondRubricJson('so-2027'), 'cum/tc/cuc.json': secondRubricJson('cuc-2027'), ...extra });
  return join(dir, 'cum/bloc.json');
};

export const secondBloc = async (edit?: (b: Json) => void): Promise<Bloc> => (await loadBloc(await writeSecondBloc(edit))).bloc;
