import type { Rational } from '../numbers/rational.js';
import type { Values } from '../model/submission.js';
import type { Problem } from '../model/problem.js';

/** The outcome of checking one submission against the bloc (SPEC §6). Errors reject it. */
export interface Validated {
  /** The member code written in `Mã đơn vị`, or null when unreadable or not a member. */
  unit: string | null;
  /** Values that passed; complete only when there are no errors. */
  values: Values;
  /** What the unit wrote in `Điểm tự chấm`, by criterion code (for the summary's comparison sheet). */
  selfScores: Record<string, Rational>;
  /** `Giải trình, minh chứng` by criterion code, where written (a workbook only). */
  evidence?: Record<string, string>;
  /** Each criterion's `Điểm tự chấm` cell (a workbook only). */
  cells?: Record<string, string>;
  /** `Thông tin` values by label key (normalised label → text), e.g. người lập, ngày lập. */
  info: Record<string, string>;
  errors: Problem[];
  warnings: Problem[];
}
