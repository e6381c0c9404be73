import type { Problem } from '../validation/problem.js';

/** Where a submission came from, when it is not an uploaded file: a unit's registered Google Sheet. */
export interface SheetOrigin {
  kind: 'google-sheet';
  spreadsheetId: string;
  /** The spreadsheet's link. */
  url: string;
}

/** A report's `source`: the sheet, and the id of each of its sheets (a cell's link is `<url>#gid=<id>&range=D14`). */
export interface ReportSource extends SheetOrigin {
  sheetIds: Record<string, number>;
}

/** The validation report of one file (SPEC §8); `source` is added for a pulled Google Sheet. */
export interface SubmissionReport {
  file: string;
  unit: string | null;
  status: 'accepted' | 'rejected';
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
