import type { Rational } from '../numbers/rational.js';
import type { Rubric } from './rubric.js';

/** What a late file does (SPEC §10): `count` (default) — it counts with a LATE warning; `hold` — it waits for the lead. */
export type LatePolicy = 'count' | 'hold';

/** Cross-reviewers of a period (SPEC §10): reviewer member code → the member codes it reviews. */
export type ReviewerAssignment = Record<string, string[]>;

export interface Period {
  id: string;
  name: string;
  from: string;
  to: string;
  deadline: string;
  /** Absent: no cross-reviewers (the lead may still review any member). */
  reviewers?: ReviewerAssignment;
  /** Absent: `count`; read it with latePolicyOf. */
  latePolicy?: LatePolicy;
}

export interface Member {
  code: string;
  name: string;
  /** A province code such as `KHA`; members of one area never review each other. */
  area?: string;
  /** Addresses allowed to send submissions for the unit by e-mail, lower case. */
  emails?: string[];
}

export interface Group {
  id: string;
  name: string;
  rubricPath: string;
  rubric: Rubric;
  members: Member[];
}

export interface Classification {
  id: string;
  name: string;
  minTotal: Rational;
  requireTargets: boolean;
}

export type Quota = { count: number } | { percent: number };

export interface Award {
  id: string;
  name: string;
  quota: Quota;
  minClass: string;
}

export interface Bloc {
  id: string;
  name: string;
  year: number;
  lead: string;
  timezone: string;
  periods: Period[];
  groups: Group[];
  classes: Classification[];
  awards: Award[];
  registrations: Record<string, string[]>;
  vetoes: Record<string, string>;
  /** Submissions by e-mail (docs/email.md): the intake mailbox, and where a unit's page will be. */
  intake?: MailIntake;
}

export interface MailIntake {
  email: string;
  /** `{unit}` is replaced by the member code. */
  unitPageUrl?: string;
}

export const findPeriod = (bloc: Bloc, id: string): Period | undefined => bloc.periods.find((p) => p.id === id);

export const groupOf = (bloc: Bloc, unit: string): Group | undefined => bloc.groups.find((g) => g.members.some((m) => m.code === unit));

export const memberOf = (bloc: Bloc, unit: string): Member | undefined => bloc.groups.flatMap((g) => g.members).find((m) => m.code === unit);

export const latePolicyOf = (period: Period): LatePolicy => period.latePolicy ?? 'count';

/** A member's area for the review rules: its `area`, or — without one — an area of its own. */
export const areaOf = (member: Member): string => (member.area === undefined ? `#${member.code}` : `=${member.area}`);

export const sameArea = (a: Member, b: Member): boolean => areaOf(a) === areaOf(b);

/** Who may review `unit` in `period` (SPEC §10): the lead, and the reviewers assigned to it; never the unit itself. */
export const reviewRoleOf = (bloc: Bloc, period: Period, reviewer: string, unit: string): 'lead' | 'assigned' | null => {
  if (reviewer === unit) return null;
  if (reviewer === bloc.lead) return 'lead';
  return (period.reviewers?.[reviewer] ?? []).includes(unit) ? 'assigned' : null;
};
