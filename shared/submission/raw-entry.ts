import type { RawValue } from '../numbers/reading.js';

/** A raw value and where it was read from. */
export interface Located {
  raw: RawValue;
  cell: string;
}

/** What a source holds for one criterion, before validation. */
export interface RawEntry {
  /** Where the criterion itself stands (its row, or its JSON path). */
  cell: string;
  points?: Located;
  achieved?: Located;
  base?: Located;
  /** A self-score written beside a computed criterion. */
  selfScore?: Located;
}
