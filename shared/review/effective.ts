/**
 * The reviewed values in force (SPEC §4, §10), per unit and criterion, from every accepted review
 * record of a period. Pure. The rules, in order:
 *
 * 1. A record counts only while its reviewer may review the unit (the lead, or assigned in
 *    `periods[].reviewers` — checked again here, since the configuration may change after a review).
 * 2. Among one reviewer's records for a unit, the newest (`at`; equal `at`: the later in the list)
 *    replaces the older ones as a whole: a criterion it leaves empty is no longer reviewed by that reviewer.
 * 3. For one criterion, the lead's review wins over an assigned reviewer's.
 * 4. Among assigned reviewers (N > 1) for one criterion — SPEC §10 is silent — the newest review wins
 *    (equal `at`: the later in the list): the last word of a cross-check is the one the lead saw last.
 */
import { reviewRoleOf, findPeriod, type Bloc } from '../model/bloc.js';
import type { EffectiveReview, EffectiveReviews, ReviewRecord, ReviewRole } from '../model/review.js';

interface Ranked {
  record: ReviewRecord;
  role: ReviewRole;
  index: number;
}

/** a is newer than b: later `at`, or equal `at` and later in the list. */
const newer = (a: Ranked, b: Ranked): boolean => (a.record.at === b.record.at ? a.index > b.index : a.record.at > b.record.at);

/** Which record's value holds for a criterion both give: the lead's, else the newer. */
const wins = (a: Ranked, b: Ranked): boolean => (a.role !== b.role ? a.role === 'lead' : newer(a, b));

export const effectiveReviews = (bloc: Bloc, periodId: string, records: readonly ReviewRecord[]): Map<string, EffectiveReviews> => {
  const period = findPeriod(bloc, periodId);
  if (!period) throw new RangeError(`unknown period ${periodId}`);
  // Rules 1 and 2: the newest record of each (unit, reviewer) that may still review.
  const latest = new Map<string, Ranked>();
  records.forEach((record, index) => {
    const role = reviewRoleOf(bloc, period, record.reviewer, record.unit);
    if (!role) return;
    const key = JSON.stringify([record.unit, record.reviewer]);
    const candidate = { record, role, index };
    const held = latest.get(key);
    if (!held || newer(candidate, held)) latest.set(key, candidate);
  });
  // Rules 3 and 4, criterion by criterion.
  const chosen = new Map<string, Map<string, Ranked>>();
  for (const r of [...latest.values()].sort((a, b) => a.index - b.index)) {
    const byCode = chosen.get(r.record.unit) ?? new Map<string, Ranked>();
    chosen.set(r.record.unit, byCode);
    for (const code of Object.keys(r.record.entries)) {
      const held = byCode.get(code);
      if (!held || wins(r, held)) byCode.set(code, r);
    }
  }
  const out = new Map<string, EffectiveReviews>();
  for (const [unit, byCode] of chosen) {
    const reviews: EffectiveReviews = {};
    for (const [code, { record, role }] of byCode) {
      const review: EffectiveReview = {
        ...record.entries[code]!,
        reviewer: record.reviewer,
        reason: record.reasons[code] ?? '',
        at: record.at,
        role,
        ...(record.version !== undefined && { version: record.version }),
      };
      reviews[code] = review;
    }
    out.set(unit, reviews);
  }
  return out;
};
