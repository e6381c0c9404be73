/**
 * An uploaded file, read and checked in one call (SPEC §6): the container and grid first
 * (source/xlsx-grid.ts), then the submission (validate-grid.ts). A Google Sheet joins at the grid
 * (`validateGridRead`, from source/sheets-grid.ts).
 */
import type { Bloc } from '../model/bloc.js';
import { readXlsxGrid, type GridRead } from '../source/xlsx-grid.js';
import { corrupt, type Problem } from './problem.js';
import { lateness, validateGrid, type ValidateOptions } from './validate-grid.js';
import type { Validated } from './submission.js';

export interface WorkbookValidated extends Validated {
  /**
   * The file was read into a grid (a workbook within the limits), so an annotated copy can be
   * made; false when it was rejected as a file (FILE_* error).
   */
  readable: boolean;
}

export const readWorkbook = async (bloc: Bloc, periodId: string, bytes: Uint8Array, opts: ValidateOptions = {}): Promise<WorkbookValidated> =>
  validateGridRead(bloc, periodId, await readXlsxGrid(bytes), opts);

/** A grid read from any source (xlsx file, Google Sheet), or the reason it could not be read, validated. */
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
