/**
 * `bloc assign-reviews` (SPEC §10): a proposal of cross-reviewers. Within each group every member
 * reviews exactly N others and is reviewed by exactly N; nobody reviews itself or a member of its own
 * area (a member without `area` is an area of its own). Pure and deterministic: the same bloc gives
 * the same assignment (no randomness; members are taken in bloc order).
 *
 * How: first a circulant — member i reviews the members i+s (mod n) for N shifts s, each shift a
 * permutation, so any N distinct shifts are balanced; a shift is usable when no pair it makes shares
 * an area. Shifts are preferred so that no two members review each other. When fewer than N shifts
 * are usable, the exact answer comes from a maximum flow (source → reviewer, capacity N; reviewer →
 * reviewee of another area, capacity 1; reviewee → sink, capacity N): an assignment exists if and
 * only if the flow is N × n. So "impossible" is never a guess.
 */
import { areaOf, type Bloc, type Group, type Member, type ReviewerAssignment } from '../model/bloc.js';

export type GroupAssignment = { ok: true; reviewers: ReviewerAssignment } | { ok: false; reason: string };

export interface AssignmentFailure {
  group: string;
  reason: string;
}

export type Assignment = { ok: true; reviewers: ReviewerAssignment } | { ok: false; failures: AssignmentFailure[] };

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The shifts 1 … n−1 whose pairs all cross areas, those without a reverse already chosen first. */
const circulant = (members: Member[], perUnit: number): number[] | null => {
  const n = members.length;
  const usable: number[] = [];
  for (let s = 1; s < n; s++) if (members.every((m, i) => areaOf(m) !== areaOf(members[(i + s) % n]!))) usable.push(s);
  const chosen: number[] = [];
  for (const s of usable) if (chosen.length < perUnit && !chosen.includes(n - s)) chosen.push(s);
  for (const s of usable) if (chosen.length < perUnit && !chosen.includes(s)) chosen.push(s);
  return chosen.length === perUnit ? chosen : null;
};

/** Maximum flow on the bipartite reviewer → reviewee graph; returns who reviews whom, or null when short of N × n. */
const byFlow = (members: Member[], perUnit: number): number[][] | null => {
  const n = members.length;
  // allowed[i] in preference order: i+1, i+2, … around the circle.
  const allowed = members.map((m, i) => Array.from({ length: n - 1 }, (_, k) => (i + 1 + k) % n).filter((j) => areaOf(m) !== areaOf(members[j]!)));
  const reviews = members.map(() => new Set<number>()); // reviewer → reviewees (flow on the middle edges)
  const reviewedBy = members.map(() => new Set<number>());
  // One augmenting path from a reviewer with spare capacity to a reviewee with spare capacity,
  // alternating: reviewer → allowed reviewee not yet reviewed by it → (if full) one of its reviewers → …
  const augment = (start: number): boolean => {
    const seenReviewee = new Set<number>();
    const visit = (r: number): boolean => {
      for (const j of allowed[r]!) {
        if (reviews[r]!.has(j) || seenReviewee.has(j)) continue;
        seenReviewee.add(j);
        if (reviewedBy[j]!.size < perUnit) {
          reviews[r]!.add(j);
          reviewedBy[j]!.add(r);
          return true;
        }
        // j is full: free one of its places by moving one of its reviewers elsewhere.
        for (const other of [...reviewedBy[j]!].sort((a, b) => a - b)) {
          if (other === r) continue;
          reviews[other]!.delete(j);
          reviewedBy[j]!.delete(other);
          if (visit(other)) {
            reviews[r]!.add(j);
            reviewedBy[j]!.add(r);
            return true;
          }
          reviews[other]!.add(j);
          reviewedBy[j]!.add(other);
        }
      }
      return false;
    };
    return visit(start);
  };
  for (let round = 0; round < perUnit; round++) for (let i = 0; i < n; i++) if (reviews[i]!.size <= round && !augment(i)) return null;
  return reviews.map((s) => [...s]);
};

const toCodes = (members: Member[], reviews: number[][]): ReviewerAssignment =>
  Object.fromEntries(members.map((m, i) => [m.code, reviews[i]!.map((j) => members[j]!.code).sort(byCode)]));

/** One group's assignment, or why there is none. */
export const assignGroup = (group: Pick<Group, 'id' | 'name' | 'members'>, perUnit: number): GroupAssignment => {
  if (!Number.isInteger(perUnit) || perUnit < 1) throw new RangeError(`perUnit must be a positive integer, not ${perUnit}`);
  const { members } = group;
  const n = members.length;
  if (perUnit >= n)
    return {
      ok: false,
      reason: `Khối "${group.name}" (${group.id}) có ${n} đơn vị: mỗi đơn vị chỉ thẩm định được tối đa ${n - 1} đơn vị khác, không đủ để mỗi đơn vị thẩm định ${perUnit} đơn vị.`,
    };
  const areas = new Map<string, Member[]>();
  for (const m of members) areas.set(areaOf(m), [...(areas.get(areaOf(m)) ?? []), m]);
  for (const same of areas.values()) {
    const k = same.length;
    const label = `địa bàn "${same[0]!.area}" (${same.map((m) => m.code).join(', ')})`;
    if (n - k < perUnit)
      return {
        ok: false,
        reason: `Khối "${group.name}" (${group.id}): ${label} có ${k}/${n} đơn vị, mỗi đơn vị này chỉ còn ${n - k} đơn vị khác địa bàn để thẩm định, không đủ ${perUnit}.`,
      };
    if (k > n - k)
      return {
        ok: false,
        reason: `Khối "${group.name}" (${group.id}): ${label} có ${k}/${n} đơn vị, hơn nửa khối: ${n - k} đơn vị khác địa bàn không đủ để mỗi đơn vị của địa bàn này được ${perUnit} đơn vị khác địa bàn thẩm định.`,
      };
  }
  const shifts = circulant(members, perUnit);
  const reviews = shifts ? members.map((_, i) => shifts.map((s) => (i + s) % n)) : byFlow(members, perUnit);
  if (!reviews)
    return {
      ok: false,
      reason: `Khối "${group.name}" (${group.id}): không có cách phân công nào để mỗi đơn vị thẩm định ${perUnit} và được ${perUnit} đơn vị khác địa bàn thẩm định.`,
    };
  return { ok: true, reviewers: toCodes(members, reviews) };
};

/** Every group's assignment, merged into one `periods[].reviewers` map; or every group's reason. */
export const assignReviewers = (bloc: Pick<Bloc, 'groups'>, perUnit = 1): Assignment => {
  const results = bloc.groups.map((g) => ({ group: g.id, result: assignGroup(g, perUnit) }));
  const failures = results.flatMap(({ group, result }) => (result.ok ? [] : [{ group, reason: result.reason }]));
  if (failures.length) return { ok: false, failures };
  return { ok: true, reviewers: Object.assign({}, ...results.map(({ result }) => (result.ok ? result.reviewers : {}))) };
};
