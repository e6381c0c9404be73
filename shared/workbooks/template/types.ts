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
  /** The template is a fresh copy of a file made from an older rubric (carry-over.ts): adds a sheet saying so. */
  carriedOver?: CarriedOver;
}

/** What a fresh template filled from an outdated file says about it. */
export interface CarriedOver {
  /** The fingerprint written in the old file. */
  fromVersion: string;
  /** Values typed in the old file that were not written into the new one, and why. */
  leftovers: Leftover[];
}

export interface Leftover {
  /** The criterion code as written in the old file. */
  code: string;
  /** The header of the old file's column (`Điểm tự chấm`, `Số thực hiện`, …). */
  column: string;
  /** Where it stood in the old file (`Chấm điểm!F9`). */
  cell: string;
  /** As the old file held it: a number, or text written as text. */
  value: string | number;
  reason: string;
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
