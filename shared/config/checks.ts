import { ZERO, add, cmp, fromNumber, type Rational } from '../numbers/rational.js';
import type { BlocConfig, RubricConfig } from './schema.js';
import { vnNumber } from '../text/vietnamese-number.js';
import { matchKey } from '../text/match.js';

/** A cross-check finding: JSON path segments and a reason. */
export interface Finding {
  path: PropertyKey[];
  message: string;
}

/** Exact sums and comparisons, also of numbers the schema has already refused (8.001 is not 8). */
const sumOf = (ns: number[]): Rational => ns.reduce((a, n) => add(a, fromNumber(n)), ZERO);
const differ = (a: Rational, b: number): boolean => cmp(a, fromNumber(b)) !== 0;
const fmt = vnNumber;

function* duplicates<T>(items: T[], key: (t: T) => string): Generator<[number, string]> {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    if (seen.has(k)) yield [i, k];
    seen.add(k);
  }
}

const strictlyMonotone = (xs: number[], direction: 1 | -1): boolean => xs.every((x, i) => i === 0 || cmp(fromNumber(x), fromNumber(xs[i - 1]!)) === direction);

function* rubricCodes(r: RubricConfig): Generator<[PropertyKey[], string]> {
  for (const [si, s] of r.sections.entries()) {
    yield [['sections', si, 'code'], s.code];
    for (const [ci, c] of s.criteria.entries()) yield [['sections', si, 'criteria', ci, 'code'], c.code];
  }
  for (const pool of ['bonus', 'deduction'] as const) {
    yield [[pool, 'code'], r[pool].code];
    for (const [ci, c] of r[pool].criteria.entries()) yield [[pool, 'criteria', ci, 'code'], c.code];
  }
}

type Check = (out: Finding[]) => void;

/**
 * Runs each check on its own: when the schema has already failed, a check that cannot walk the
 * broken part finds nothing, and the others still report.
 */
const runChecks = (checks: Check[]): Finding[] => {
  const out: Finding[] = [];
  for (const check of checks) {
    const found: Finding[] = [];
    try {
      check(found);
    } catch {
      continue;
    }
    out.push(...found);
  }
  return out;
};

/** Codes are compared as the reader compares them (SPEC §5): "I.1" and "i.1" are the same code. */
const uniqueCodes =
  (r: RubricConfig): Check =>
  (out) => {
    const seen = new Set<string>();
    for (const [path, code] of rubricCodes(r)) {
      if (seen.has(matchKey(code))) out.push({ path, message: `mã "${code}" bị trùng trong bảng tiêu chí` });
      seen.add(matchKey(code));
    }
  };

const sectionSum =
  (s: RubricConfig['sections'][number], si: number): Check =>
  (out) => {
    const sum = sumOf(s.criteria.map((c) => c.max));
    if (differ(sum, s.max))
      out.push({ path: ['sections', si, 'max'], message: `tổng điểm tối đa các tiêu chí là ${fmt(sum)}, khác ${fmt(fromNumber(s.max))}` });
  };

const bands =
  (c: RubricConfig['sections'][number]['criteria'][number], at: PropertyKey[]): Check =>
  (out) => {
    if (c.type !== 'bands') return;
    c.bands.forEach((b, bi) => {
      if (cmp(fromNumber(b.points), fromNumber(c.max)) > 0) out.push({ path: [...at, 'bands', bi, 'points'], message: 'điểm của mức vượt quá điểm tối đa' });
    });
    const ok =
      c.measure === 'rate'
        ? strictlyMonotone(
            c.bands.map((b) => b.atLeast),
            -1,
          )
        : strictlyMonotone(
            c.bands.map((b) => b.atMost),
            1,
          );
    if (!ok)
      out.push({
        path: [...at, 'bands'],
        message: c.measure === 'rate' ? 'các mức "atLeast" phải giảm dần nghiêm ngặt' : 'các mức "atMost" phải tăng dần nghiêm ngặt',
      });
  };

const rubricTotal =
  (r: RubricConfig): Check =>
  (out) => {
    const total = sumOf(r.sections.map((s) => s.max));
    if (differ(total, r.total)) out.push({ path: ['total'], message: `tổng điểm tối đa các phần là ${fmt(total)}, khác ${fmt(fromNumber(r.total))}` });
  };

const tieBreak =
  (r: RubricConfig): Check =>
  (out) => {
    const sectionCodes = new Set(r.sections.map((s) => s.code));
    (r.tieBreak ?? []).forEach((key, i) => {
      if (key !== 'deduction' && !sectionCodes.has(key))
        out.push({ path: ['tieBreak', i], message: `"${key}" không phải mã phần nào của bảng tiêu chí, cũng không phải "deduction"` });
    });
  };

const sectionChecks = (r: RubricConfig): Check[] => {
  try {
    return r.sections.flatMap((s, si) => [sectionSum(s, si), ...s.criteria.map((c, ci) => bands(c, ['sections', si, 'criteria', ci]))]);
  } catch {
    return [];
  }
};

export const checkRubric = (r: RubricConfig): Finding[] => runChecks([uniqueCodes(r), ...sectionChecks(r), rubricTotal(r), tieBreak(r)]);

type Members = { code: string; path: PropertyKey[] }[];

const membersOf = (b: BlocConfig): Members =>
  b.groups.flatMap((g, gi) => g.members.map((m, mi) => ({ code: m.code, path: ['groups', gi, 'members', mi, 'code'] })));

const memberCodes = (b: BlocConfig): Set<string> => {
  try {
    return new Set(membersOf(b).map((m) => m.code));
  } catch {
    return new Set();
  }
};

const oneGroupEach =
  (b: BlocConfig): Check =>
  (out) => {
    const members = membersOf(b);
    for (const [i, code] of duplicates(members, (m) => m.code))
      out.push({ path: members[i]!.path, message: `đơn vị "${code}" có mặt hơn một lần (mỗi đơn vị thuộc đúng một khối)` });
  };

const uniqueIds =
  (b: BlocConfig, list: 'periods' | 'groups' | 'classes' | 'awards', name: string): Check =>
  (out) => {
    for (const [i, id] of duplicates<{ id: string }>(b[list] ?? [], (x) => x.id)) out.push({ path: [list, i, 'id'], message: `mã ${name} "${id}" bị trùng` });
  };

const isMember =
  (codes: Set<string>, code: string, path: PropertyKey[]): Check =>
  (out) => {
    if (codes.size && !codes.has(code)) out.push({ path, message: `"${code}" không phải đơn vị thành viên` });
  };

type MemberConfig = BlocConfig['groups'][number]['members'][number];

/**
 * SPEC §10 cross-reviewers of each period: the reviewer and every unit it reviews are members, of
 * one group; no member reviews itself, a unit twice, or a member of its own area.
 */
const reviewers =
  (b: BlocConfig): Check =>
  (out) => {
    const byCode = new Map<string, { member: MemberConfig; group: string }>();
    for (const g of b.groups) for (const m of g.members) if (!byCode.has(m.code)) byCode.set(m.code, { member: m, group: g.id });
    b.periods.forEach((p, pi) => {
      for (const [reviewer, units] of Object.entries(p.reviewers ?? {})) {
        const at: PropertyKey[] = ['periods', pi, 'reviewers', reviewer];
        const r = byCode.get(reviewer);
        if (!r) out.push({ path: at, message: `người thẩm định "${reviewer}" không phải đơn vị thành viên` });
        const seen = new Set<string>();
        units.forEach((unit, ui) => {
          const path = [...at, ui];
          const u = byCode.get(unit);
          if (seen.has(unit)) out.push({ path, message: `đơn vị "${unit}" được giao cho "${reviewer}" hơn một lần` });
          seen.add(unit);
          if (!u) out.push({ path, message: `"${unit}" không phải đơn vị thành viên` });
          else if (unit === reviewer) out.push({ path, message: `đơn vị "${unit}" không được tự thẩm định mình` });
          else if (r && r.group !== u.group)
            out.push({ path, message: `"${unit}" thuộc khối "${u.group}", khác khối "${r.group}" của người thẩm định "${reviewer}"` });
          else if (r && r.member.area !== undefined && r.member.area === u.member.area)
            out.push({ path, message: `"${reviewer}" và "${unit}" cùng địa bàn "${u.member.area}": các đơn vị cùng địa bàn không thẩm định nhau` });
        });
      }
    });
  };

/** A sender address speaks for one unit at most (addresses compared without regard to case). */
const oneUnitPerAddress =
  (b: BlocConfig): Check =>
  (out) => {
    const owner = new Map<string, string>();
    b.groups.forEach((g, gi) =>
      g.members.forEach((m, mi) =>
        (m.emails ?? []).forEach((e, ei) => {
          const k = e.trim().toLowerCase();
          const before = owner.get(k);
          if (before !== undefined && before !== m.code)
            out.push({
              path: ['groups', gi, 'members', mi, 'emails', ei],
              message: `địa chỉ "${e}" đã thuộc đơn vị "${before}" (mỗi địa chỉ gửi cho một đơn vị)`,
            });
          else owner.set(k, m.code);
        }),
      ),
    );
    const intake = b.intake?.email.trim().toLowerCase();
    if (intake && owner.has(intake))
      out.push({ path: ['intake', 'email'], message: `hộp thư tiếp nhận "${b.intake!.email}" cũng là địa chỉ gửi của đơn vị "${owner.get(intake)}"` });
  };

export const checkBloc = (b: BlocConfig): Finding[] => {
  const codes = memberCodes(b);
  const awardIds = new Set((b.awards ?? []).map((a) => a.id));
  const classIds = new Set((b.classes ?? []).map((k) => k.id));
  return runChecks([
    oneGroupEach(b),
    oneUnitPerAddress(b),
    uniqueIds(b, 'periods', 'đợt'),
    uniqueIds(b, 'groups', 'khối'),
    uniqueIds(b, 'classes', 'xếp loại'),
    uniqueIds(b, 'awards', 'danh hiệu'),
    isMember(codes, b.lead, ['lead']),
    (out) =>
      b.periods.forEach((p, i) => {
        if (p.from > p.to) out.push({ path: ['periods', i, 'to'], message: 'ngày kết thúc trước ngày bắt đầu' });
      }),
    (out) => {
      if (
        !strictlyMonotone(
          b.classes.map((k) => k.minTotal),
          -1,
        )
      )
        out.push({ path: ['classes'], message: '"minTotal" phải giảm dần nghiêm ngặt (xếp loại cao nhất trước)' });
    },
    (out) =>
      (b.awards ?? []).forEach((a, i) => {
        if (classIds.size && !classIds.has(a.minClass)) out.push({ path: ['awards', i, 'minClass'], message: `không có xếp loại "${a.minClass}"` });
      }),
    ...Object.entries(b.registrations ?? {}).map(
      ([unit, awards]): Check =>
        (out) => {
          isMember(codes, unit, ['registrations', unit])(out);
          awards.forEach((id, i) => {
            if (!awardIds.has(id)) out.push({ path: ['registrations', unit, i], message: `không có danh hiệu "${id}"` });
          });
        },
    ),
    ...Object.keys(b.vetoes ?? {}).map((unit) => isMember(codes, unit, ['vetoes', unit])),
    reviewers(b),
  ]);
};
