/**
 * Summary inputs that between them reach every sheet and branch of the summary workbook: the golden
 * period (a vote, a review, a rejected file, formula-like text), the sample region as `bloc demo`
 * sends it, the same with a matrix too long for one page, the whole period after review (insight,
 * audit log, publication), a period with nothing received, and issue #16's 100 units × 120 criteria.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { largeSummaryInput } from '../../../bench/summary-case.js';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc, Group } from '#shared/model/bloc.js';
import { allCriteria } from '#shared/model/rubric.js';
import { criterionPoints } from '#shared/model/criterion-points.js';
import { fromHundredths, parseDecimal, type Rational } from '#shared/numbers/rational.js';
import { computePeriod } from '#shared/scoring/period.js';
import type { UnitChange } from '#shared/insight/explain.js';
import type { PeriodInsight } from '#shared/insight/period.js';
import type { AuditEntry } from '#shared/store/ledger-port.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import type { SubmissionLogEntry, SummaryInput } from '#shared/workbooks/summary/summary.js';
import { FIXTURE } from '../../support/rubric-builders.js';

export type SummaryCase = SummaryInput & { insight?: PeriodInsight };

const ODD = '=HYPERLINK("http://x","y")';
const d = (s: string): Rational => parseDecimal(s)!;
const GENERATED = new Date('2025-11-25T01:30:00Z');

const loadSample = async () => ({
  bloc: (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc,
  raw: JSON.parse(await readFile(join(FIXTURE, 'golden/inputs-Y.json'), 'utf8')) as Record<string, unknown>,
});

/** As summary.test.ts builds it. */
const golden = async (): Promise<SummaryCase> => {
  const { bloc: loaded, raw } = await loadSample();
  const bloc: Bloc = {
    ...loaded,
    groups: loaded.groups.map((g) => ({ ...g, members: g.members.map((m) => (m.code === 'STP-GLA' ? { ...m, name: ODD } : m)) })),
  };
  const inputs = readJsonInputs(bloc, raw);
  const accepted = new Map([...inputs.values].map(([unit, values]) => [unit, { values }]));
  accepted.delete('STP-DNO');
  const reviews = { 'I.2': { points: d('3.5'), reason: 'Thiếu minh chứng', reviewer: 'THADS-KHA' } };
  const result = computePeriod(bloc, 'Y', {
    accepted: new Map([...accepted].map(([u, a]) => [u, u === 'STP-QNG' ? { ...a, reviews } : a])),
    rejected: new Set(['STP-DNO']),
  });
  const thads = result.groups[1]!.members;
  thads[2] = { ...thads[2]!, proposal: { award: null, pendingVote: 'CO_BO' } };
  const submissions = new Map(
    [...accepted].map(([u, { values }]) => [
      u,
      { values, selfScores: { 'I.1': d('7'), 'I.2': d('4') } as Record<string, Rational>, ...(u === 'STP-QNG' && { reviews }) },
    ]),
  );
  const log: SubmissionLogEntry[] = [
    { unit: 'STP-QNG', version: 1, file: 'stp-qng.xlsx', receivedAt: '2025-11-19T17:30:00.000Z', status: 'accepted', errors: 0, warnings: 1 },
    { unit: 'STP-DNO', version: 1, file: ODD, receivedAt: '2025-11-21T01:00:00.000Z', status: 'rejected', errors: 3, warnings: 0, late: true },
    { unit: null, version: 1, file: 'khong-ro.xlsx', receivedAt: '2025-11-21T02:00:00.000Z', status: 'rejected', errors: 1, warnings: 0 },
  ];
  return { result, submissions, log, generatedAt: GENERATED };
};

/**
 * The sample region as `bloc demo` runs it: every member sends its workbook, whose self-scores are
 * the points its template computes, except one mistaken self-score and one review; one member is
 * rejected. `extra` more members in the first group (copies of its members' figures) make a matrix
 * too long for one page.
 */
export const sampleSummary = async (extra = 0): Promise<SummaryCase> => {
  const { bloc: base, raw } = await loadSample();
  const first = base.groups[0]!;
  const added = Array.from({ length: extra }, (_, i) => ({ code: `STP-X${String(i + 1).padStart(2, '0')}`, name: `Sở Tư pháp mẫu số ${i + 1}` }));
  const sources = first.members.filter((m) => raw[m.code]);
  for (const [i, m] of added.entries()) raw[m.code] = raw[sources[i % sources.length]!.code];
  const bloc: Bloc = { ...base, groups: [{ ...first, members: [...first.members, ...added] }, ...base.groups.slice(1)] };
  const inputs = readJsonInputs(bloc, raw);
  const groupOf = (u: string): Group => bloc.groups.find((g) => g.members.some((m) => m.code === u))!;
  const values = new Map([...inputs.values].filter(([u]) => u !== 'STP-KTU'));
  const reviews = { 'II.1': { points: d('3'), reason: 'Thiếu minh chứng', reviewer: 'STP-KHA' } };
  const result = computePeriod(bloc, 'Y', {
    accepted: new Map([...values].map(([u, v]) => [u, { values: v, ...(u === 'THADS-PYE' && { reviews }) }])),
    rejected: new Set(['STP-KTU']),
  });
  const submissions = new Map(
    [...values].map(([u, v]) => {
      const selfScores: Record<string, Rational> = Object.fromEntries(
        allCriteria(groupOf(u).rubric).map((c) => [c.code, fromHundredths(criterionPoints(c, v[c.code]))]),
      );
      if (u === 'STP-QNG') selfScores['I.1'] = d('7');
      return [u, { values: v, selfScores, ...(u === 'THADS-PYE' && { reviews }) }];
    }),
  );
  const log: SubmissionLogEntry[] = [...values.keys()].map((unit, i) => ({
    unit,
    version: 1,
    file: `${unit}.xlsx`,
    receivedAt: `2025-11-1${i % 10}T02:${String(10 + i).padStart(2, '0')}:00.000Z`,
    status: 'accepted',
    errors: 0,
    warnings: 0,
  }));
  log.push({ unit: 'STP-KTU', version: 1, file: 'STP-KTU.xlsx', receivedAt: '2025-11-19T09:40:00.000Z', status: 'rejected', errors: 3, warnings: 0 });
  return { result, submissions, log, generatedAt: GENERATED };
};

const audit: AuditEntry[] = [
  { id: '01', at: '2025-11-20T02:00:00.000Z', actor: 'bloc', action: 'version', text: 'Nhận tệp STP-KHA.xlsx của STP-KHA (phiên bản 1).' },
  {
    id: '02',
    at: '2025-11-21T03:00:00.000Z',
    actor: 'Nguyễn Văn A & cộng sự',
    action: 'review',
    text: 'Thẩm định 1 tiêu chí.',
    changes: [{ unit: 'THADS-PYE', criterion: 'II.1', old: '4', new: '3', reason: 'Thiếu minh chứng' }],
  },
  { id: '03', at: 'không phải thời điểm', actor: 'lead', action: 'publish', text: 'Công bố lần 1.' },
  { id: '04', at: '2025-11-23T03:00:00.000Z', actor: 'lead', action: 'reopen', text: 'Mở lại để sửa.' },
];

/** The sample after review: changes, flags, the audit log and a publication. */
const reviewed = async (): Promise<SummaryCase> => {
  const base = await sampleSummary();
  const unit: Pick<UnitChange, 'group' | 'status' | 'by' | 'level' | 'causes'> = {
    group: 'stp',
    status: { from: 'accepted', to: 'accepted' },
    by: 'own',
    level: 'criterion',
    causes: [{ kind: 'review', from: null, to: { reviewer: 'THADS-KHA', role: 'lead', at: '2025-11-22T03:00:00.000Z', reason: 'Thiếu minh chứng' } }],
  };
  const insight: PeriodInsight = {
    changes: {
      from: { runId: 'R1' },
      to: { runId: 'R2' },
      configChanged: true,
      units: [
        {
          ...unit,
          unit: 'THADS-PYE',
          rank: { from: 1, to: 2 },
          total: { from: 9800n, to: 9700n },
          changes: [{ code: 'II.1', level: 'criterion', from: 400n, to: 300n, causes: [] }],
        },
        { ...unit, unit: 'STP-KTU', by: 'others', rank: { from: 3, to: null }, total: { from: 9000n, to: null }, changes: [] },
      ],
    },
    flags: [
      { code: 'FLAG_ALL_MAX', unit: 'STP-KHA', criterion: null, cell: 'STP-KHA', reason: 'Mọi tiêu chí đều tự chấm tối đa.' },
      { code: 'FLAG_SELF_ABOVE', unit: 'STP-QNG', criterion: 'I.1', cell: 'Chấm điểm!F12', reason: 'Tự chấm 7 điểm, số liệu cho 6 điểm.' },
    ],
  };
  return { ...base, insight, audit, published: { n: 1, at: '2025-11-22T03:00:00.000Z', actor: 'Trưởng khối' } };
};

/** Nothing received: every table holds its note. */
const empty = async (): Promise<SummaryCase> => {
  const { bloc } = await loadSample();
  const result = computePeriod(bloc, 'Y', { accepted: new Map(), rejected: new Set() });
  return { result, submissions: new Map(), log: [], generatedAt: GENERATED, audit: [], insight: { changes: null, flags: [] } };
};

export const SUMMARY_CASES: Record<string, () => Promise<SummaryCase>> = {
  golden,
  sample: () => sampleSummary(),
  'sample-long': () => sampleSummary(14),
  reviewed,
  empty,
};

export const LARGE_CASE = (): Promise<SummaryCase> => largeSummaryInput(100, 120);
