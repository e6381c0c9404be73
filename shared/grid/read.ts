import type { Problem } from '../model/problem.js';
import type { Grid } from './grid.js';

/** Bounds every source holds a grid to, whatever it came from (SPEC §6 FILE_TOO_LARGE). */
export const GRID_LIMITS = {
  /** Rows holding at least one value, in one sheet we read (SPEC §6). */
  rowsPerSheet: 100_000,
  /** Cells holding a value, over all sheets read: a bound on memory, far above any real form. */
  cells: 2_000_000,
} as const;

/** A source read into a grid, or the one reason it could not be. */
export type GridRead = { ok: true; grid: Grid } | { ok: false; problem: Problem };

export interface ReadGridOptions {
  /** Which sheets to read, by name (default: all). Sheets left out are neither inflated nor counted. */
  sheets?: (name: string) => boolean;
}
