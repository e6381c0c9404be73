/**
 * The rubric's fingerprint (SPEC §6 `TEMPLATE_OUTDATED`): a short hash of what a rubric means for
 * scoring and for the template's layout — codes and their order, types, maxima, steps, targets,
 * bands, over-target bonuses, sections, bonus and deduction. Titles and input labels are left out,
 * so correcting a typo does not make every template already sent out of date.
 *
 * It is computed from the compiled rubric, so neither key order nor whitespace of the JSON file
 * changes it; two rubrics with the same content have the same fingerprint whatever their id.
 */
import { createHash } from 'node:crypto';
import type { Criterion, Pool, Rubric } from '../model/rubric.js';
import type { Rational } from '../numbers/rational.js';

/** Hex digits kept of the SHA-256: 48 bits, plenty to tell versions of one rubric apart. */
export const FINGERPRINT_LENGTH = 12;

const q = (r: Rational): string => `${r.num}/${r.den}`;

/** Arrays only, in a fixed order: the canonical form does not depend on object key order. */
const criterionForm = (c: Criterion): unknown[] => {
  const common = [c.code, c.type, String(c.max)];
  switch (c.type) {
    case 'manual':
      return [...common, String(c.step)];
    case 'target':
      return [...common, q(c.target), c.overBonus ? [String(c.overBonus.pointsPerPercent), String(c.overBonus.cap)] : null];
    case 'bands':
      return c.measure === 'rate'
        ? [...common, 'rate', c.bands.map((b) => [q(b.atLeast), String(b.points)])]
        : [...common, 'value', c.bands.map((b) => [q(b.atMost), String(b.points)])];
  }
};

const poolForm = (p: Pool): unknown[] => [p.code, String(p.max), p.criteria.map(criterionForm)];

/** The canonical content the fingerprint hashes (exported for tests and diagnostics). */
export const canonicalRubric = (r: Rubric): string =>
  JSON.stringify([
    'rubric-v1',
    String(r.total),
    r.sections.map((s) => [s.code, String(s.max), s.criteria.map(criterionForm)]),
    poolForm(r.bonus),
    poolForm(r.deduction),
  ]);

/**
 * First 12 hex digits of the SHA-256 of the canonical content. Not cached: hashing a rubric takes
 * microseconds, and a cache keyed by the object would go stale if a caller edited one in place.
 */
export const rubricFingerprint = (r: Rubric): string => createHash('sha256').update(canonicalRubric(r)).digest('hex').slice(0, FINGERPRINT_LENGTH);
