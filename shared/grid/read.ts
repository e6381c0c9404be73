import { problem, type Problem } from '../model/problem.js';
import type { Grid } from './grid.js';

/** A source read into a grid, or the one reason it could not be. */
export type GridRead = { ok: true; grid: Grid } | { ok: false; problem: Problem };

export interface ReadGridOptions {
  /** Which sheets to read, by name (default: all). Sheets left out are neither inflated nor counted. */
  sheets?: (name: string) => boolean;
}

export const corrupt = (why: string): Problem =>
  problem('FILE_CORRUPT', null, `Tệp bị hỏng, không đọc được (${why}). Hãy mở lại tệp bằng Excel, lưu dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.`);
export const tooLarge = (why: string): Problem =>
  problem('FILE_TOO_LARGE', null, `Tệp quá lớn: ${why}. Hãy xóa các sheet, hình ảnh, dòng thừa rồi nộp lại.`);
