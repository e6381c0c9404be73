/**
 * The summary workbook of a bloc period (SPEC §7): `Tổng hợp` (ranking, class, award per group),
 * one matrix of criteria × units per group, `Tự chấm – Tính toán` (self-scores against computed and
 * reviewed points) and `Nhật ký nộp` (every version received). Ready to print: A4 landscape, one
 * page wide, repeated header rows, frozen panes, autofilter. Written in one pass, sheet by sheet and
 * row by row (stream-book.ts, table.ts).
 */
import type { PeriodResult } from '../../scoring/period.js';
import { StreamBook } from '../stream-book.js';
import { sheetName } from '../sheet-name.js';
import { context, type SummaryInput } from './context.js';
import { writeLog } from './log.js';
import { AUDIT_SHEET, writeAuditLog } from './audit-log.js';
import { writeMatrix } from './matrix.js';
import { writeOverview } from './overview.js';
import { writeSelfScores } from './self-scores.js';
import { CHANGES_SHEET, writeChanges } from './changes.js';
import { FLAGS_SHEET, writeFlags } from './flags.js';
import type { PeriodInsight } from '../../insight/period.js';

export { HEADER_ROW, STATUS_TEXT, proposalText, type SubmissionLogEntry, type SummaryInput, type SummarySubmission } from './context.js';
export { LOG_HEADERS } from './log.js';
export { OVER_BONUS_SUFFIX, matrixLines, type MatrixLine } from './matrix.js';
export { SUMMARY_HEADERS } from './overview.js';
export { SELF_SCORE_HEADERS, selfScoreLines, type SelfScoreLine } from './self-scores.js';

export const SUMMARY_SHEET = 'Tổng hợp';
export const SELF_SCORE_SHEET = 'Tự chấm – Tính toán';
export const LOG_SHEET = 'Nhật ký nộp';

/** The matrix sheet names, one per group in bloc order, as buildSummary names them. */
export const matrixSheetNames = (result: PeriodResult): string[] => {
  const taken = new Set([SUMMARY_SHEET, SELF_SCORE_SHEET, LOG_SHEET, AUDIT_SHEET].map((n) => n.toLowerCase()));
  return result.groups.map((g) => sheetName(g.group.name, taken, g.group.id));
};

export const buildSummary = async (input: SummaryInput & { insight?: PeriodInsight }): Promise<Buffer> => {
  const book = new StreamBook({ creator: 'bloc', created: input.generatedAt });
  const ctx = context(input, book);
  book.title = `${ctx.bloc.name} – ${ctx.periodName}`;
  const matrixNames = matrixSheetNames(input.result);
  writeOverview(SUMMARY_SHEET, ctx);
  input.result.groups.forEach((g, i) => writeMatrix(matrixNames[i]!, ctx, g));
  writeSelfScores(SELF_SCORE_SHEET, ctx);
  writeLog(LOG_SHEET, ctx);
  if (input.insight) writeChanges(CHANGES_SHEET, ctx, input.insight.changes);
  if (input.insight) writeFlags(FLAGS_SHEET, ctx, input.insight.flags);
  if (input.audit) writeAuditLog(AUDIT_SHEET, ctx, input.audit);
  return book.finish();
};
