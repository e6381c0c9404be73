/** Flags for review on the review workbook: a flagged cell is filled orange and carries the flags' reasons as a note. */
import type { Cell } from 'exceljs';
import { FLAG_TITLES, type Flag } from '../../insight/flags.js';
import { solid } from '../style.js';

export const FLAG_FILL = 'FFF8CBAD';

/** "3 dấu hiệu cần xem lại: ô nền cam, xem ghi chú của ô." */
export const flagNote = (n: number): string => `Có ${n} dấu hiệu cần xem lại: ô nền cam, xem ghi chú của ô (không làm thay đổi điểm).`;

/** Fills `cell` and, unless `note` is false, writes the flags' titles and reasons as its note; nothing when there is no flag. */
export const markFlagged = (cell: Cell, flags: readonly Flag[], note = true): void => {
  if (!flags.length) return;
  cell.fill = solid(FLAG_FILL);
  if (!note) return;
  const text = ['Cần xem lại:', ...flags.map((f) => `[${f.code}] ${FLAG_TITLES[f.code]}: ${f.reason}`)].join('\n');
  cell.note = { texts: [{ text }], editAs: 'absolute' } as Cell['note'];
};
