import { cmp, fromNumber } from '../numbers/rational.js';
import type { BlocConfig, RubricConfig } from './schema.js';
import { vnPoints } from '../text/vietnamese-number.js';

/** A cross-check finding: JSON path segments and a reason. */
export interface Finding {
  path: PropertyKey[];
  message: string;
}

const toH = (n: number): bigint => fromNumber(n).num * (100n / fromNumber(n).den);
const sumH = (ns: number[]): bigint => ns.reduce((a, n) => a + toH(n), 0n);
const fmt = vnPoints;

function* duplicates<T>(items: T[], key: (t: T) => string): Generator<[number, string]> {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    if (seen.has(k)) yield [i, k];
    seen.add(k);
  }
}

const strictlyMonotone = (xs: number[], direction: 1 | -1): boolean =>
  xs.every((x, i) => i === 0 || cmp(fromNumber(x), fromNumber(xs[i - 1]!)) === direction);

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

export const checkRubric = (r: RubricConfig): Finding[] => {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const [path, code] of rubricCodes(r)) {
    if (seen.has(code)) out.push({ path, message: `mã "${code}" bị trùng trong bảng tiêu chí` });
    seen.add(code);
  }
  for (const [si, s] of r.sections.entries()) {
    const sum = sumH(s.criteria.map((c) => c.max));
    if (sum !== toH(s.max))
      out.push({ path: ['sections', si, 'max'], message: `tổng điểm tối đa các tiêu chí là ${fmt(sum)}, khác ${fmt(toH(s.max))}` });
    for (const [ci, c] of s.criteria.entries()) {
      if (c.type !== 'bands') continue;
      const at = ['sections', si, 'criteria', ci, 'bands'];
      c.bands.forEach((b, bi) => {
        if (toH(b.points) > toH(c.max)) out.push({ path: [...at, bi, 'points'], message: 'điểm của mức vượt quá điểm tối đa' });
      });
      const ok =
        c.measure === 'rate'
          ? strictlyMonotone(c.bands.map((b) => b.atLeast), -1)
          : strictlyMonotone(c.bands.map((b) => b.atMost), 1);
      if (!ok)
        out.push({
          path: at,
          message: c.measure === 'rate' ? 'các mức "atLeast" phải giảm dần nghiêm ngặt' : 'các mức "atMost" phải tăng dần nghiêm ngặt',
        });
    }
  }
  const total = sumH(r.sections.map((s) => s.max));
  if (total !== toH(r.total)) out.push({ path: ['total'], message: `tổng điểm tối đa các phần là ${fmt(total)}, khác ${fmt(toH(r.total))}` });
  const sectionCodes = new Set(r.sections.map((s) => s.code));
  r.tieBreak.forEach((key, i) => {
    if (key !== 'deduction' && !sectionCodes.has(key))
      out.push({ path: ['tieBreak', i], message: `"${key}" không phải mã phần nào của bảng tiêu chí, cũng không phải "deduction"` });
  });
  return out;
};

export const checkBloc = (b: BlocConfig): Finding[] => {
  const out: Finding[] = [];
  const members = b.groups.flatMap((g, gi) => g.members.map((m, mi) => ({ code: m.code, path: ['groups', gi, 'members', mi, 'code'] })));
  for (const [i, code] of duplicates(members, (m) => m.code))
    out.push({ path: members[i]!.path, message: `đơn vị "${code}" có mặt hơn một lần (mỗi đơn vị thuộc đúng một khối)` });
  for (const [list, name] of [['periods', 'đợt'], ['groups', 'khối'], ['classes', 'xếp loại'], ['awards', 'danh hiệu']] as const)
    for (const [i, id] of duplicates<{ id: string }>(b[list], (x) => x.id))
      out.push({ path: [list, i, 'id'], message: `mã ${name} "${id}" bị trùng` });
  const memberCodes = new Set(members.map((m) => m.code));
  const awardIds = new Set(b.awards.map((a) => a.id));
  const classIds = new Set(b.classes.map((k) => k.id));
  if (!memberCodes.has(b.lead)) out.push({ path: ['lead'], message: `"${b.lead}" không phải đơn vị thành viên` });
  b.periods.forEach((p, i) => {
    if (p.from > p.to) out.push({ path: ['periods', i, 'to'], message: 'ngày kết thúc trước ngày bắt đầu' });
  });
  if (!strictlyMonotone(b.classes.map((k) => k.minTotal), -1))
    out.push({ path: ['classes'], message: '"minTotal" phải giảm dần nghiêm ngặt (xếp loại cao nhất trước)' });
  b.awards.forEach((a, i) => {
    if (!classIds.has(a.minClass)) out.push({ path: ['awards', i, 'minClass'], message: `không có xếp loại "${a.minClass}"` });
  });
  for (const [unit, awards] of Object.entries(b.registrations)) {
    if (!memberCodes.has(unit)) out.push({ path: ['registrations', unit], message: `"${unit}" không phải đơn vị thành viên` });
    awards.forEach((id, i) => {
      if (!awardIds.has(id)) out.push({ path: ['registrations', unit, i], message: `không có danh hiệu "${id}"` });
    });
  }
  for (const unit of Object.keys(b.vetoes))
    if (!memberCodes.has(unit)) out.push({ path: ['vetoes', unit], message: `"${unit}" không phải đơn vị thành viên` });
  return out;
};
