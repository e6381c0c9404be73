import type { Bloc } from '../model/bloc.js';
import { readXlsxGrid } from '../source/xlsx-grid.js';
import type { ValidateOptions } from '../validation/validate-grid.js';
import { validateGridRead, type WorkbookValidated } from '../validation/validate-read.js';

/** An `.xlsx` file read into a grid, then validated: the path every uploaded file takes, without a store. */
export const readWorkbook = async (bloc: Bloc, periodId: string, bytes: Uint8Array, opts: ValidateOptions = {}): Promise<WorkbookValidated> =>
  validateGridRead(bloc, periodId, await readXlsxGrid(bytes), opts);
