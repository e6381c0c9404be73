/**
 * The summary case's input: the sample bloc's shape with one group of 100 members and a rubric of
 * 12 sections × 10 manual criteria (and a bonus and a deduction criterion left empty), every member accepted with varied points (self-scores differ
 * from the points on one criterion in seven), as recompute hands it to buildSummary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBloc } from '../shared/config/load.js';
import { parseDecimal } from '../shared/numbers/rational.js';
import { computePeriod } from '../shared/scoring/period.js';
import { readJsonInputs } from '../shared/validation/validate-inputs.js';
import type { SummaryInput } from '../shared/workbooks/summary/summary.js';
import { ROOT } from './measure.js';

const unitCode = (i: number) => `DV-${String(i + 1).padStart(3, '0')}`;
const criterion = (s: number, c: number) => `${s + 1}.${c + 1}`;

const rubric = (sections: number, perSection: number) => ({
  id: 'bench-rubric',
  name: 'Bảng tiêu chí chấm điểm (đo hiệu năng)',
  total: sections * perSection,
  sections: Array.from({ length: sections }, (_, s) => ({
    code: String(s + 1),
    title: `Nhóm tiêu chí ${s + 1}`,
    max: perSection,
    criteria: Array.from({ length: perSection }, (_, c) => ({
      code: criterion(s, c),
      title: `Tiêu chí ${criterion(s, c)}: thực hiện nhiệm vụ được giao đúng thời hạn, chất lượng`,
      type: 'manual',
      max: 1,
      step: 0.25,
    })),
  })),
  bonus: { code: 'C', title: 'Điểm thưởng', max: 2, criteria: [{ code: 'C.1', title: 'Sáng kiến được công nhận', type: 'manual', max: 2, step: 0.5 }] },
  deduction: { code: 'D', title: 'Điểm trừ', max: 2, criteria: [{ code: 'D.1', title: 'Chậm gửi báo cáo', type: 'manual', max: 2, step: 0.5 }] },
  tieBreak: ['1', 'deduction'],
});

export const bigBloc = async (members = 100, sections = 12, perSection = 10) => {
  const sample = JSON.parse(readFileSync(join(ROOT, 'templates/ntb-tn-2025/bloc.json'), 'utf8'));
  const bloc = {
    ...sample,
    id: 'bench',
    lead: unitCode(0),
    groups: [
      {
        id: 'dv',
        name: 'Khối đơn vị',
        rubric: 'rubric.json',
        members: Array.from({ length: members }, (_, i) => ({ code: unitCode(i), name: `Đơn vị số ${i + 1}` })),
      },
    ],
    registrations: {},
    vetoes: {},
  };
  const files: Record<string, string> = { 'bloc.json': JSON.stringify(bloc), 'rubric.json': JSON.stringify(rubric(sections, perSection)) };
  return (await loadBloc('bloc.json', async (p) => files[p.split('/').pop()!]!)).bloc;
};

export const bigSummaryInput = async (): Promise<SummaryInput> => {
  const bloc = await bigBloc();
  const points = (u: number, k: number) => String(((u * 7 + k * 3) % 5) / 4);
  const codes = bloc.groups[0]!.members.map((m) => m.code);
  const doc = Object.fromEntries(
    codes.map((unit, u) => [unit, Object.fromEntries(Array.from({ length: 120 }, (_, k) => [criterion(Math.floor(k / 10), k % 10), points(u, k)]))]),
  );
  const { values, problems } = readJsonInputs(bloc, doc);
  if (problems.length) throw new Error(`bench inputs rejected: ${problems[0]!.message}`);
  const result = computePeriod(bloc, 'Y', { accepted: new Map([...values].map(([u, v]) => [u, { values: v }])), rejected: new Set() });
  const submissions = new Map(
    codes.map((unit, u) => [
      unit,
      {
        values: values.get(unit)!,
        selfScores: Object.fromEntries(
          Array.from({ length: 120 }, (_, k) => [criterion(Math.floor(k / 10), k % 10), parseDecimal(k % 7 ? points(u, k) : '1')!]),
        ),
      },
    ]),
  );
  const log = codes.map((unit, u) => ({
    unit,
    version: 1,
    file: `${unit}.xlsx`,
    receivedAt: new Date(Date.UTC(2025, 10, 10, 2, u)).toISOString(),
    status: 'accepted' as const,
    errors: 0,
    warnings: 0,
  }));
  return { result, submissions, log, generatedAt: new Date('2025-11-21T01:00:00Z') };
};
