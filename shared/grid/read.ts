import type { Problem } from '../model/problem.js';
import type { Grid } from './grid.js';

/** A source read into a grid, or the one reason it could not be. */
export type GridRead = { ok: true; grid: Grid } | { ok: false; problem: Problem };

export interface ReadGridOptions {
  /** Which sheets to read, by name (default: all). Sheets left out are neither inflated nor counted. */
  sheets?: (name: string) => boolean;
}
