/**
 * Small builders for in-memory rubrics, blocs and inputs in tests. Numbers are written as decimal
 * strings ("8.5") and converted exactly: points to BigInt hundredths, rates to rationals.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDecimal, type Rational } from '#shared/numbers/rational.js';
import type { Award, Bloc, Classification, Quota } from '#shared/model/bloc.js';
import type { Criterion, ManualCriterion, Pool, RateBandsCriterion, Rubric, Section, TargetCriterion, ValueBandsCriterion } from '#shared/model/rubric.js';
import type { Entry } from '#shared/model/submission.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The sample region as committed in templates/ (a copy of ../shared/fixtures/ntb-tn-2025). */
export const FIXTURE = process.env['BLOC_FIXTURE'] ?? resolve(ROOT, 'templates/ntb-tn-2025');

/** Exact rational of a decimal string. */
export const q = (text: string): Rational => {
  const r = parseDecimal(text);
  if (!r) throw new Error(`not a decimal: ${text}`);
  return r;
};

/** Hundredths of a decimal string: h('8.5') = 850n. */
export const h = (text: string): bigint => {
  const r = q(text);
  const scaled = (r.num * 100n) / r.den;
  if (scaled * r.den !== r.num * 100n) throw new Error(`not a multiple of 0.01: ${text}`);
  return scaled;
};

const base = (code: string, max: string) => ({ code, title: `Tiêu chí ${code}`, max: h(max) });
const labels = { achievedLabel: 'Số thực hiện', baseLabel: 'Số phải thực hiện' };

export const manual = (code: string, max: string, step = '0.01'): ManualCriterion => ({ ...base(code, max), type: 'manual', step: h(step) });

export const target = (code: string, max: string, t: string, overBonus?: { perPercent: string; cap: string }): TargetCriterion => ({
  ...base(code, max),
  ...labels,
  type: 'target',
  target: q(t),
  ...(overBonus && { overBonus: { pointsPerPercent: h(overBonus.perPercent), cap: h(overBonus.cap) } }),
});

/** Rate bands as [atLeast, points] pairs. */
export const rateBands = (code: string, max: string, bands: [string, string][]): RateBandsCriterion => ({
  ...base(code, max),
  ...labels,
  type: 'bands',
  measure: 'rate',
  bands: bands.map(([atLeast, points]) => ({ atLeast: q(atLeast), points: h(points) })),
});

/** Value bands as [atMost, points] pairs. */
export const valueBands = (code: string, max: string, bands: [string, string][]): ValueBandsCriterion => ({
  ...base(code, max),
  ...labels,
  type: 'bands',
  measure: 'value',
  bands: bands.map(([atMost, points]) => ({ atMost: q(atMost), points: h(points) })),
});

/** A section whose max is the sum of its criteria maxima. */
export const section = (code: string, criteria: Criterion[]): Section => ({
  code,
  title: `Phần ${code}`,
  max: criteria.reduce((a, c) => a + c.max, 0n),
  criteria,
});

export const pool = (code: string, max: string, criteria: ManualCriterion[] = []): Pool => ({ code, title: code, max: h(max), criteria });

export const rubric = (o: { sections: Section[]; bonus?: Pool; deduction?: Pool; tieBreak?: string[]; id?: string }): Rubric => ({
  id: o.id ?? 'test-rubric',
  name: 'Bảng tiêu chí thử',
  total: o.sections.reduce((a, s) => a + s.max, 0n),
  sections: o.sections,
  bonus: o.bonus ?? pool('C', '0'),
  deduction: o.deduction ?? pool('D', '0'),
  tieBreak: o.tieBreak ?? [],
});

export const klass = (id: string, minTotal: string, requireTargets = false): Classification => ({ id, name: id, minTotal: q(minTotal), requireTargets });

export const award = (id: string, quota: Quota, minClass: string): Award => ({ id, name: id, quota, minClass });

/** A bloc of one group `g` (members in the order given) unless groups are given. */
export const bloc = (o: {
  rubric: Rubric;
  members: string[];
  classes?: Classification[];
  awards?: Award[];
  registrations?: Record<string, string[]>;
  vetoes?: Record<string, string>;
}): Bloc => ({
  id: 'test-bloc',
  name: 'Khối thử',
  year: 2030,
  lead: o.members[0]!,
  timezone: 'Asia/Ho_Chi_Minh',
  periods: [{ id: 'P', name: 'Đợt thử', from: '2030-01-01', to: '2030-12-31', deadline: '2030-11-30' }],
  groups: [{ id: 'g', name: 'Khối', rubricPath: 'r.json', rubric: o.rubric, members: o.members.map((code) => ({ code, name: code })) }],
  classes: o.classes ?? [klass('ALL', '-1000')],
  awards: o.awards ?? [],
  registrations: o.registrations ?? {},
  vetoes: o.vetoes ?? {},
});

/** Entries: pts('4.5'), rate('8', '10'), val('3'). */
export const pts = (p: string): Entry => ({ points: q(p) });
export const rate = (achieved: string, b: string): Entry => ({ achieved: q(achieved), base: q(b) });
export const val = (achieved: string): Entry => ({ achieved: q(achieved) });

/** Writes files (JSON unless a string is given) into a fresh temp directory and returns it. */
export const tempFiles = async (files: Record<string, unknown>): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'bloc-test-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  }
  return dir;
};
