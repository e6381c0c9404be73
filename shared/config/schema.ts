import * as z from 'zod';
import { fromNumber, isMultipleOf, rat } from '../numbers/rational.js';

/**
 * The configuration schemas of SPEC §3, built twice from one definition: loose objects accept a later
 * version's extra fields, strict objects find them so that they can be reported as warnings.
 */
type ObjectFactory = <S extends z.ZodRawShape>(shape: S) => z.ZodObject<S>;

const HUNDREDTH = rat(1n, 100n);
const inHundredths = (n: number) => Number.isFinite(n) && isMultipleOf(fromNumber(n), HUNDREDTH);
const decimalsAtMost = (n: number, places: bigint) => Number.isFinite(n) && isMultipleOf(fromNumber(n), rat(1n, 10n ** places));

const points = z.number().nonnegative().refine(inHundredths, 'phải là bội số của 0,01');
const positivePoints = points.refine((n) => n > 0, 'phải lớn hơn 0');
const code = z.string().trim().min(1);
const text = z.string().trim().min(1);
const isoDate = z.iso.date();
/** An e-mail address (members' senders, the intake mailbox); compared without regard to case. */
const email = z.string().trim().pipe(z.email('không phải địa chỉ e-mail'));
/** Where a unit's page will be: `{unit}` is replaced by the member code (the page is not built yet). */
const unitPageUrl = z.url().refine((u) => u.includes('{unit}'), 'phải chứa {unit} (mã đơn vị)');

const makeRubric = (obj: ObjectFactory) => {
  const base = { code, title: text, max: points };
  const manual = obj({ ...base, type: z.literal('manual'), step: positivePoints.optional() });
  const measured = { ...base, achievedLabel: text.optional(), baseLabel: text.optional() };
  const target = obj({
    ...measured,
    type: z.literal('target'),
    target: z
      .number()
      .gt(0)
      .lte(1)
      .refine((n) => decimalsAtMost(n, 4n), 'tối đa 4 chữ số thập phân'),
    overBonus: obj({ pointsPerPercent: positivePoints, cap: points }).optional(),
  });
  const rateBands = obj({
    ...measured,
    type: z.literal('bands'),
    measure: z.literal('rate'),
    bands: z.array(obj({ atLeast: z.number().min(0).max(1), points })).min(1),
  });
  const valueBands = obj({
    ...measured,
    type: z.literal('bands'),
    measure: z.literal('value'),
    bands: z.array(obj({ atMost: z.number().min(0), points })).min(1),
  });
  const criterion = z.discriminatedUnion('type', [manual, target, z.discriminatedUnion('measure', [rateBands, valueBands])]);
  const section = obj({ code, title: text, max: points, criteria: z.array(criterion).min(1) });
  const pool = obj({ code, title: text, max: points, criteria: z.array(manual) });
  return obj({
    id: code,
    name: text,
    total: positivePoints,
    sections: z.array(section).min(1),
    bonus: pool,
    deduction: pool,
    tieBreak: z.array(code).default([]),
    /** Thresholds of the review flags (shared/insight/flags.ts); every one optional. */
    flags: obj({
      outlierZ: z.number().positive().optional(),
      outlierMinGap: z.number().gt(0).lte(1).optional(),
      jumpPoints: points.optional(),
      copyShare: z.number().gt(0).lte(1).optional(),
    }).optional(),
  });
};

const makeBloc = (obj: ObjectFactory) => {
  const period = obj({
    id: code,
    name: text,
    from: isoDate,
    to: isoDate,
    deadline: isoDate,
    // SPEC §10: cross-reviewers (reviewer code → member codes of its group) and what a late file does.
    reviewers: z.record(z.string(), z.array(code)).optional(),
    latePolicy: z.enum(['count', 'hold']).optional(),
  });
  // SPEC §10: members of one area (a province code) never review each other.
  const member = obj({ code, name: text, area: code.optional(), emails: z.array(email).optional() });
  const group = obj({ id: code, name: text, rubric: text, members: z.array(member).min(1) });
  const klass = obj({ id: code, name: text, minTotal: z.number(), requireTargets: z.boolean().optional() });
  const quota = z.union([obj({ count: z.number().int().positive() }), obj({ percent: z.number().gt(0).lte(100) })]);
  const award = obj({ id: code, name: text, quota, minClass: code });
  return obj({
    id: code,
    name: text,
    year: z.number().int().min(2000).max(2200),
    lead: code,
    timezone: z.string().refine(isTimeZone, 'không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)'),
    periods: z.array(period).min(1),
    groups: z.array(group).min(1),
    classes: z.array(klass).min(1),
    awards: z.array(award).default([]),
    registrations: z.record(z.string(), z.array(code)).default({}),
    vetoes: z.record(z.string(), z.string()).default({}),
    intake: obj({ email, unitPageUrl: unitPageUrl.optional() }).optional(),
  });
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const loose: ObjectFactory = (shape) => z.looseObject(shape) as never;
const strict: ObjectFactory = (shape) => z.strictObject(shape) as never;

export const rubricSchema = makeRubric(loose);
export const blocSchema = makeBloc(loose);
export const strictRubricSchema = makeRubric(strict);
export const strictBlocSchema = makeBloc(strict);

export type RubricConfig = z.infer<typeof rubricSchema>;
export type CriterionConfig = RubricConfig['sections'][number]['criteria'][number];
export type BlocConfig = z.infer<typeof blocSchema>;
