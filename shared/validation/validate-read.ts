/**
 * A grid read from any source (an uploaded file, a Google Sheet), or the reason it could not be
 * read, checked as a submission (SPEC §6). The sources read; this only validates what they read.
 */
import type { GridRead } from '../grid/read.js';
import type { Bloc } from '../model/bloc.js';
import { corrupt, type Problem } from '../model/problem.js';
import { lateness, validateGrid, type ValidateOptions } from './validate-grid.js';
import type { Validated } from './submission.js';

export interface WorkbookValidated extends Validated {
  /**
   * The file was read into a grid (a workbook within the limits), so an annotated copy can be
   * made; false when it was rejected as a file (FILE_* error).
   */
  readable: boolean;
}

export const validateGridRead = (bloc: Bloc, periodId: string, read: GridRead, opts: ValidateOptions = {}): WorkbookValidated => {
  if (!read.ok) return rejectedFile(bloc, periodId, read.problem, opts);
  try {
    return { ...validateGrid(bloc, periodId, read.grid, opts), readable: true };
  } catch (e) {
    // A defect of ours must not crash a run or lose the upload: the file is rejected and the cause logged.
    console.error(JSON.stringify({ level: 'error', message: 'validateGrid failed', error: String((e as Error)?.stack ?? e) }));
    return rejectedFile(bloc, periodId, corrupt('nội dung không đọc được'), opts);
  }
};

const rejectedFile = (bloc: Bloc, periodId: string, problem: Problem, opts: ValidateOptions): WorkbookValidated => {
  return {
    unit: null,
    values: {},
    selfScores: {},
    info: {},
    errors: [problem],
    // Lateness does not depend on the content: the only warning a file that could not be read gets.
    warnings: lateness(bloc, periodId, opts.receivedAt),
    readable: false,
  };
};
