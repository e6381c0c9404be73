import type { Problem } from '../model/problem.js';
import type { SheetOrigin } from '../store/ports.js';

/** A report's `source`: the sheet, and the id of each of its sheets (a cell's link is `<url>#gid=<id>&range=D14`). */
export interface ReportSource extends SheetOrigin {
  sheetIds: Record<string, number>;
}

/** The validation report of one file (SPEC §8); `source` is added for a pulled Google Sheet. */
export interface SubmissionReport {
  file: string;
  unit: string | null;
  /** `late`: valid but received late under latePolicy "hold" (SPEC §10): stored, not counted until accepted. */
  status: 'accepted' | 'rejected' | 'late';
  errors: Problem[];
  warnings: Problem[];
  source?: ReportSource;
}

/**
 * A registered sheet that could not be pulled (SHEET_* codes): nothing was read, so no version was
 * recorded and the unit's earlier versions stand. Not the unit's content at fault: not "rejected".
 */
export interface PullFailureReport {
  file: string;
  unit: string;
  status: 'failed';
  errors: Problem[];
  warnings: Problem[];
  source: SheetOrigin;
}
