import type { Problem } from '../validation/problem.js';

/** The validation report of one file (SPEC §8). */
export interface SubmissionReport {
  file: string;
  unit: string | null;
  status: 'accepted' | 'rejected';
  errors: Problem[];
  warnings: Problem[];
}
