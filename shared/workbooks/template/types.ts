import type { Bloc, Group, Member, Period } from '../../model/bloc.js';

/**
 * Values written into the template's input cells as staff would type them: a number becomes a
 * number cell, a string a text cell, exactly as given (so "8,5", "tám" or "=1+1" stay text).
 * `points` of a computed criterion overwrites its formula, as a person or program may do.
 */
export interface TemplateFill {
  preparer?: string;
  preparedOn?: string;
  entries?: Record<string, FillEntry>;
}

export interface FillEntry {
  points?: string | number;
  achieved?: string | number;
  base?: string | number;
  note?: string;
}

/** One unit's template: the bloc, the period, the unit's group and the unit. */
export interface TemplateContext {
  bloc: Bloc;
  period: Period;
  group: Group;
  member: Member;
}
