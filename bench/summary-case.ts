/**
 * The large summary case of issue #16: one group of `members` units scored on `criteria` manual
 * criteria (6 sections), every self-score off by half a point so that the self-score sheet lists
 * every criterion of every unit (members × criteria rows), one review, one rejected unit.
 * Deterministic: the same arguments give the same input.
 */
import { join } from 'node:path';
import { loadBloc } from '../shared/config/load.js';
import type { Bloc } from '../shared/model/bloc.js';
import type { ManualCriterion, Rubric, Section } from '../shared/model/rubric.js';
import type { Values } from '../shared/model/submission.js';
import { add, fromHundredths, rat, type Rational } from '../shared/numbers/rational.js';
import { computePeriod } from '../shared/scoring/period.js';
import type { SubmissionLogEntry, SummaryInput } from '../shared/workbooks/summary/summary.js';

const SAMPLE = join(import.meta.dirname, '../templates/ntb-tn-2025/bloc.json');
const SECTIONS = 6;
const HALF = rat(1n, 2n);

const criterion = (code: string, i: number): ManualCriterion => ({
  code,
  title: `Tiêu chí số ${i + 1}: hoàn thành nhiệm vụ được giao đúng thời hạn, có minh chứng kèm theo`,
  max: 100n * BigInt(1 + (i % 5)),
  type: 'manual',
  step: 1n,
});

const rubricOf = (criteria: number): Rubric => {
  const per = Math.ceil(criteria / SECTIONS);
  const sections: Section[] = Array.from({ length: SECTIONS }, (_, s) => {
    const list = Array.from({ length: Math.max(0, Math.min(per, criteria - s * per)) }, (_, k) => criterion(`${s + 1}.${k + 1}`, s * per + k));
    return { code: `${s + 1}`, title: `Phần ${s + 1}: công tác chuyên môn`, max: list.reduce((a, c) => a + c.max, 0n), criteria: list };
  }).filter((s) => s.criteria.length);
  return {
    id: 'bench',
    name: 'Bảng tiêu chí đo hiệu năng',
    total: sections.reduce((a, s) => a + s.max, 0n),
    sections,
    bonus: { code: 'C', title: 'Điểm thưởng', max: 500n, criteria: [] },
    deduction: { code: 'D', title: 'Điểm trừ', max: 500n, criteria: [] },
    tieBreak: [],
  };
};

const unitCode = (i: number): string => `DV-${String(i + 1).padStart(3, '0')}`;

export const largeSummaryInput = async (members = 100, criteria = 120): Promise<SummaryInput> => {
  const sample = (await loadBloc(SAMPLE)).bloc;
  const rubric = rubricOf(criteria);
  const codes = Array.from({ length: members }, (_, i) => unitCode(i));
  const bloc: Bloc = {
    ...sample,
    groups: [
      {
        id: 'lon',
        name: 'Khối đơn vị đo hiệu năng',
        rubricPath: 'bench.json',
        rubric,
        members: codes.map((code, i) => ({ code, name: `Đơn vị thành viên số ${i + 1}` })),
      },
    ],
    registrations: {},
    vetoes: {},
  };
  const all = rubric.sections.flatMap((s) => s.criteria);
  const valuesOf = (u: number): Values =>
    Object.fromEntries(all.map((c, k) => [c.code, { points: fromHundredths((c.max * BigInt((u * 7 + k * 3) % 11)) / 10n) }]));
  const rejected = codes[members - 1]!;
  const accepted = new Map(codes.filter((u) => u !== rejected).map((u, i) => [u, { values: valuesOf(i) }]));
  const reviews = { [all[0]!.code]: { points: fromHundredths(0n), reason: 'Thiếu minh chứng', reviewer: codes[0]! } };
  const result = computePeriod(bloc, sample.periods[0]!.id, {
    accepted: new Map([...accepted].map(([u, a], i) => [u, i === 1 ? { ...a, reviews } : a])),
    rejected: new Set([rejected]),
  });
  const submissions = new Map(
    [...accepted].map(([u, a], i) => {
      const selfScores: Record<string, Rational> = Object.fromEntries(all.map((c) => [c.code, add(a.values[c.code]!.points!, HALF)]));
      return [u, { values: a.values, selfScores, ...(i === 1 && { reviews }) }];
    }),
  );
  const log: SubmissionLogEntry[] = codes.map((unit, i) => ({
    unit,
    version: 1,
    file: `${unit}-tu-cham-diem.xlsx`,
    receivedAt: new Date(Date.UTC(2025, 10, 10, 2, i)).toISOString(),
    status: unit === rejected ? 'rejected' : 'accepted',
    errors: unit === rejected ? 2 : 0,
    warnings: i % 3,
  }));
  return { result, submissions, log, generatedAt: new Date('2025-11-25T01:30:00Z') };
};
