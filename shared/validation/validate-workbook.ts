/**
 * An uploaded file, read and checked in one call (SPEC §6): the container and grid first
 * (source/xlsx-grid.ts), then the submission (validate-grid.ts).
 */
import type { Bloc } from '../model/bloc.js';
import { readXlsxGrid } from '../source/xlsx-grid.js';
import { validateGrid, type ValidateOptions } from './validate-grid.js';
import type { Validated } from './submission.js';

export interface WorkbookValidated extends Validated {
  /**
   * The file was read into a grid (a workbook within the limits), so an annotated copy can be
   * made; false when it was rejected as a file (FILE_* error).
   */
  readable: boolean;
}

export const readWorkbook = async (bloc: Bloc, periodId: string, bytes: Uint8Array, opts: ValidateOptions = {}): Promise<WorkbookValidated> => {
  const read = await readXlsxGrid(bytes);
  if (read.ok) return { ...validateGrid(bloc, periodId, read.grid, opts), readable: true };
  // Lateness does not depend on the content: judged on an empty grid, it is the only warning left.
  const { warnings } = validateGrid(bloc, periodId, { sheets: [] }, opts);
  return {
    unit: null,
    values: {},
    selfScores: {},
    info: {},
    errors: [read.problem],
    warnings: warnings.filter((w) => w.code === 'LATE'),
    readable: false,
  };
};
