/**
 * Why the ranking changed between two recomputations: for every unit whose rank, total or status
 * moved, the criteria (or, against an old run without criteria, the sections) whose points changed,
 * old and new value, and the cause — a new version (the upload id changed), a review, a decision, a
 * configuration change (the configuration hash changed) — and whether the rank moved by the unit's
 * own points or by others'. Pure; exact (hundredths as BigInt).
 */
import type { Hundredths } from '../model/rubric.js';
import { formatHundredths } from '../numbers/rational.js';
import type { DecisionFact, ReviewFact, Snapshot, UnitSnapshot } from './snapshot.js';

export type Cause =
  | { kind: 'version'; from: string | null; to: string | null }
  | { kind: 'review'; from: ReviewFact | null; to: ReviewFact | null }
  | { kind: 'decision'; from: DecisionFact | null; to: DecisionFact | null }
  | { kind: 'config'; from: string; to: string }
  | { kind: 'unknown' };

export interface PointChange {
  /** A criterion code, a section code, or the pool's name `bonus` / `deduction` at section level. */
  code: string;
  level: 'criterion' | 'section';
  from: Hundredths | null;
  to: Hundredths | null;
  causes: Cause[];
}

export interface UnitChange {
  unit: string;
  group: string;
  status: { from: UnitSnapshot['status'] | null; to: UnitSnapshot['status'] | null };
  rank: { from: number | null; to: number | null };
  total: { from: Hundredths | null; to: Hundredths | null };
  /** The award proposed before and after, when both runs knew it and it changed. */
  award?: { from: string | null; to: string | null };
  /** `own`: the unit's own points changed; `others`: its points stand, others' moved it. */
  by: 'own' | 'others';
  /** Criterion-level when both snapshots hold the unit's criteria, else section-level. */
  level: 'criterion' | 'section';
  /** Points that changed; empty when the unit entered or left the ranking (`causes` says why). */
  changes: PointChange[];
  /** Every cause of the unit's changes, once each. */
  causes: Cause[];
}

export interface Explanation {
  from: { runId?: string; generatedAt?: string; configHash?: string };
  to: { runId?: string; generatedAt?: string; configHash?: string };
  configChanged: boolean;
  units: UnitChange[];
}

const meta = (s: Snapshot) => ({
  ...(s.runId && { runId: s.runId }),
  ...(s.generatedAt && { generatedAt: s.generatedAt }),
  ...(s.configHash && { configHash: s.configHash }),
});

/** Every code of either record, in the order of `after`, then `before`'s others. */
const codesOf = (a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] => [
  ...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})]),
];

const pointsOf = (s: UnitSnapshot | undefined, level: 'criterion' | 'section'): Record<string, Hundredths> | undefined => {
  if (s?.status !== 'accepted') return undefined;
  if (level === 'criterion') return s.criteria;
  return {
    ...s.sections,
    ...(s.bonus !== undefined && { bonus: s.bonus }),
    ...(s.deduction !== undefined && { deduction: s.deduction }),
  };
};

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/**
 * Why one criterion's (or section's) points changed. A review in force after that was not before
 * is the whole cause (the points are the reviewer's); otherwise the decision that made a version
 * count, else the new version, plus a review withdrawn and a configuration change.
 */
const causesOf = (
  before: Snapshot,
  after: Snapshot,
  a: UnitSnapshot | undefined,
  b: UnitSnapshot | undefined,
  code: string,
  level: 'criterion' | 'section',
): Cause[] => {
  const out: Cause[] = [];
  const reviewFrom = level === 'criterion' ? (a?.reviews?.[code] ?? null) : null;
  const reviewTo = level === 'criterion' ? (b?.reviews?.[code] ?? null) : null;
  const reviewed = !same(reviewFrom, reviewTo);
  if (reviewed && reviewTo) return [{ kind: 'review', from: reviewFrom, to: reviewTo }];
  const upFrom = a?.uploadId ?? null;
  const upTo = b?.uploadId ?? null;
  if (!same(a?.decision, b?.decision)) out.push({ kind: 'decision', from: a?.decision ?? null, to: b?.decision ?? null });
  else if (upFrom !== upTo) out.push({ kind: 'version', from: upFrom, to: upTo });
  if (reviewed) out.push({ kind: 'review', from: reviewFrom, to: reviewTo });
  if (before.configHash && after.configHash && before.configHash !== after.configHash)
    out.push({ kind: 'config', from: before.configHash, to: after.configHash });
  return out.length ? out : [{ kind: 'unknown' }];
};

/** The votes of the unit's group, for `awards`, that differ between the runs. */
const voteCauses = (before: Snapshot, after: Snapshot, group: string, awards: (string | null)[]): Cause[] => {
  const concerns = (v: DecisionFact) => awards.includes(v.award ?? null);
  const was = (before.votes?.[group] ?? []).filter(concerns);
  const is = (after.votes?.[group] ?? []).filter(concerns);
  const byAward = [...new Set([...was, ...is].map((v) => v.award))];
  return byAward.flatMap((award) => {
    const from = was.find((v) => v.award === award) ?? null;
    const to = is.find((v) => v.award === award) ?? null;
    return same(from, to) ? [] : [{ kind: 'decision' as const, from, to }];
  });
};

const dedupe = (causes: Cause[]): Cause[] => {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = JSON.stringify(c);
    return seen.has(k) ? false : (seen.add(k), true);
  });
};

const unitChange = (before: Snapshot, after: Snapshot, unit: string): UnitChange | null => {
  const a = before.units[unit];
  const b = after.units[unit];
  const rank = { from: a?.rank ?? null, to: b?.rank ?? null };
  const total = { from: a?.total ?? null, to: b?.total ?? null };
  const status = { from: a?.status ?? null, to: b?.status ?? null };
  const awardMoved = a?.award !== undefined && b?.award !== undefined && a.award !== b.award;
  if (rank.from === rank.to && total.from === total.to && status.from === status.to && !awardMoved) return null;
  const group = b?.group ?? a!.group;
  const criterionLevel = (a?.status !== 'accepted' || a.criteria) && (b?.status !== 'accepted' || b.criteria);
  const level = criterionLevel ? 'criterion' : 'section';
  const pa = pointsOf(a, level);
  const pb = pointsOf(b, level);
  const changes: PointChange[] = [];
  // A unit entering or leaving the ranking: its whole score changed; the cause is enough.
  if (pa && pb)
    for (const code of codesOf(pa, pb)) {
      const from = pa ? (pa[code] ?? null) : null;
      const to = pb ? (pb[code] ?? null) : null;
      if (from === to) continue;
      changes.push({ code, level, from, to, causes: causesOf(before, after, a, b, code, level) });
    }
  const own = total.from !== total.to || status.from !== status.to || changes.length > 0;
  const pointCauses = own ? (pa && pb ? changes.flatMap((c) => c.causes) : causesOf(before, after, a, b, '', 'section')) : [];
  const award = awardMoved ? { from: a.award ?? null, to: b.award ?? null } : undefined;
  const votes = award ? voteCauses(before, after, group, [award.from, award.to]) : [];
  return {
    unit,
    group,
    status,
    rank,
    total,
    ...(award && { award }),
    by: own ? 'own' : 'others',
    level,
    changes,
    causes: dedupe([...pointCauses, ...votes]),
  };
};

const byRank = (x: UnitChange, y: UnitChange): number => {
  const rx = x.rank.to ?? Number.MAX_SAFE_INTEGER;
  const ry = y.rank.to ?? Number.MAX_SAFE_INTEGER;
  return rx - ry || (x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0);
};

/**
 * The units whose rank, total or status differs between two snapshots, with what changed and why.
 * `groupOrder` orders the groups (the bloc's order); units in a group by their new rank, then code.
 */
export const explain = (before: Snapshot, after: Snapshot, groupOrder: string[] = []): Explanation => {
  const units = [...new Set([...Object.keys(after.units), ...Object.keys(before.units)])]
    .map((u) => unitChange(before, after, u))
    .filter((c): c is UnitChange => c !== null);
  const groupIndex = (g: string) => {
    const i = groupOrder.indexOf(g);
    return i < 0 ? groupOrder.length : i;
  };
  units.sort((x, y) => groupIndex(x.group) - groupIndex(y.group) || (x.group < y.group ? -1 : x.group > y.group ? 1 : 0) || byRank(x, y));
  return {
    from: meta(before),
    to: meta(after),
    configChanged: !!before.configHash && !!after.configHash && before.configHash !== after.configHash,
    units,
  };
};

// ---------------------------------------------------------------------------------------------
// Vietnamese text

/** Points as Vietnamese write them: 85,97; -1,50. */
export const vnPoints = (h: Hundredths): string => formatHundredths(h).replace('.', ',');

const STATUS: Record<UnitSnapshot['status'], string> = { accepted: 'đã tiếp nhận', missing: 'chưa gửi', rejected: 'bị từ chối' };

const rankText = (rank: number | null, status: UnitSnapshot['status'] | null): string =>
  rank !== null ? String(rank) : `— (${status ? STATUS[status] : 'không có'})`;

const totalText = (t: { from: Hundredths | null; to: Hundredths | null }): string => {
  const v = (h: Hundredths | null) => (h === null ? '—' : vnPoints(h));
  return t.from === t.to ? `tổng ${v(t.to)} không đổi` : `tổng ${v(t.from)} → ${v(t.to)}`;
};

const reviewText = (r: ReviewFact): string => `${r.reviewer}${r.role === 'lead' ? ' (trưởng khối)' : ''}${r.reason ? `, lý do: ${r.reason}` : ''}`;

const decisionText = (d: DecisionFact): string =>
  d.kind === 'accept-late'
    ? `tiếp nhận tệp nộp muộn ${d.uploadId ?? ''} (${d.actor}, lý do: ${d.reason})`
    : `biểu quyết danh hiệu ${d.award ?? ''}: ${(d.winners ?? []).join(', ')} (${d.actor}, lý do: ${d.reason})`;

export const causeText = (c: Cause): string => {
  switch (c.kind) {
    case 'version':
      return c.to ? `phiên bản mới ${c.to}` : `không còn phiên bản được tính (trước: ${c.from})`;
    case 'review':
      return c.to ? `${c.from ? 'thẩm định lại' : 'thẩm định'} của ${reviewText(c.to)}` : `bỏ kết quả thẩm định của ${c.from ? reviewText(c.from) : ''}`;
    case 'decision':
      return c.to ? `quyết định ${decisionText(c.to)}` : `bỏ quyết định ${c.from ? decisionText(c.from) : ''}`;
    case 'config':
      return `cấu hình thay đổi (${c.from.slice(0, 8)} → ${c.to.slice(0, 8)})`;
    case 'unknown':
      return 'không rõ nguyên nhân';
  }
};

const POOL_NAMES: Record<string, string> = { bonus: 'điểm thưởng', deduction: 'điểm trừ' };

export const changeText = (p: PointChange): string => {
  const name = p.level === 'section' ? (POOL_NAMES[p.code] ?? `phần ${p.code}`) : p.code;
  const v = (h: Hundredths | null) => (h === null ? '—' : vnPoints(h));
  return `${name} ${v(p.from)} → ${v(p.to)} (${p.causes.map(causeText).join('; ')})`;
};

export const byText = (c: UnitChange): string => (c.by === 'own' ? 'do điểm của chính đơn vị' : 'do điểm của đơn vị khác');

const awardText = (c: UnitChange): string => {
  const name = (a: string | null) => a ?? 'không';
  const votes = c.causes.filter((x) => x.kind === 'decision' && (x.to?.kind === 'vote' || x.from?.kind === 'vote'));
  return `danh hiệu đề nghị ${name(c.award!.from)} → ${name(c.award!.to)}${votes.length ? ` (${votes.map(causeText).join('; ')})` : ''}`;
};

/** The head of a unit's change: "STP-HUE: hạng 5 → 2 (tổng 85,97 → 90,97, do điểm của chính đơn vị)". */
export const unitChangeHead = (c: UnitChange): string =>
  `${c.unit}: hạng ${rankText(c.rank.from, c.status.from)} → ${rankText(c.rank.to, c.status.to)} (${totalText(c.total)}, ${byText(c)})`;

/** What changed for the unit, one item each: points with their causes, entering or leaving the ranking, the award. */
export const unitChangeDetails = (c: UnitChange): string[] => {
  const parts = c.changes.map(changeText);
  if (!c.changes.length && c.status.from !== c.status.to)
    parts.push(`${c.status.to === 'accepted' ? 'vào xếp hạng' : 'ra khỏi xếp hạng'} (${c.causes.map(causeText).join('; ')})`);
  if (c.award) parts.push(awardText(c));
  return parts;
};

const SECTION_NOTE = '[theo phần: lần tính cũ không lưu điểm từng tiêu chí]';

/** The unit's lines as `bloc explain` prints them (without indentation): the head, then each detail. */
export const unitChangeLines = (c: UnitChange): string[] => {
  const details = unitChangeDetails(c);
  const note = c.level === 'section' && c.changes.length ? ` ${SECTION_NOTE}` : '';
  return [`${unitChangeHead(c)}${note}${details.length ? ':' : ''}`, ...details.map((d) => `- ${d}`)];
};

/** One line per unit: "STP-HUE: hạng 5 → 2 (…): I.2 3,00 → 5,00 (phiên bản mới …); …". */
export const unitChangeLine = (c: UnitChange): string => {
  const details = unitChangeDetails(c);
  const note = c.level === 'section' && c.changes.length ? ` ${SECTION_NOTE}` : '';
  return details.length ? `${unitChangeHead(c)}${note}: ${details.join('; ')}` : unitChangeHead(c);
};

/** The explanation as lines of Vietnamese text. */
export const formatExplanation = (ex: Explanation): string[] => {
  const run = (r: Explanation['from']) => `${r.runId ?? '(không rõ)'}${r.generatedAt ? ` lúc ${r.generatedAt}` : ''}`;
  const lines = [`Thay đổi xếp hạng từ lần tính ${run(ex.from)} đến lần tính ${run(ex.to)}.`];
  if (ex.configChanged) lines.push(`Cấu hình đã thay đổi (mã băm ${ex.from.configHash!.slice(0, 12)} → ${ex.to.configHash!.slice(0, 12)}).`);
  if (!ex.units.length) lines.push('Không có đơn vị nào đổi hạng, tổng điểm hay trạng thái.');
  let group: string | null = null;
  for (const c of ex.units) {
    if (c.group !== group) lines.push(`Khối ${(group = c.group)}:`);
    lines.push(...unitChangeLines(c).map((l, i) => `${i ? '      ' : '  '}${l}`));
  }
  return lines;
};
