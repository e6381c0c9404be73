import type { Rational } from '../numbers/rational.js';

/** What a unit entered for one criterion: points for `manual`, achieved (and base) otherwise. */
export interface Entry {
  points?: Rational;
  achieved?: Rational;
  base?: Rational;
}

/** Entries by criterion code; an absent bonus or deduction criterion counts as 0. */
export type Values = Record<string, Entry>;

/** A reviewer's value for a criterion replaces the self-score. */
export interface Review extends Entry {
  reason: string;
  reviewer: string;
}

export type Reviews = Record<string, Review>;
