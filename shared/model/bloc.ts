import type { Rational } from '../numbers/rational.js';
import type { Rubric } from './rubric.js';

export interface Period {
  id: string;
  name: string;
  from: string;
  to: string;
  deadline: string;
}

export interface Member {
  code: string;
  name: string;
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

export const groupOf = (bloc: Bloc, unit: string): Group | undefined =>
  bloc.groups.find((g) => g.members.some((m) => m.code === unit));

export const memberOf = (bloc: Bloc, unit: string): Member | undefined =>
  bloc.groups.flatMap((g) => g.members).find((m) => m.code === unit);
