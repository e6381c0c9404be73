/**
 * The submission workbook (template v1, SPEC §5) for one unit and one period: sheet `Thông tin`
 * (who and what the file is for) and sheet `Chấm điểm` (one row per criterion). Only input cells
 * are unlocked; every formula carries its cached result.
 */
import ExcelJS from 'exceljs';
import { findPeriod, groupOf, memberOf, type Bloc } from '../../model/bloc.js';
import { allCriteria } from '../../model/rubric.js';
import { addCarriedSheet } from './carried-sheet.js';
import { addInfoSheet } from './info.js';
import { addScoringSheet } from './scoring.js';
import type { TemplateContext, TemplateFill } from './types.js';

export type { CarriedOver, FillEntry, Leftover, TemplateFill } from './types.js';
export { INFO_SHEET, SCORING_SHEET, LABEL, HEADER, TEMPLATE_VERSION } from './text.js';
export { CARRIED_SHEET } from './carried-sheet.js';

const contextOf = (bloc: Bloc, periodId: string, unitCode: string): TemplateContext => {
  const period = findPeriod(bloc, periodId);
  if (!period) throw new RangeError(`đợt "${periodId}" không có trong khối ${bloc.id}`);
  const group = groupOf(bloc, unitCode);
  const member = memberOf(bloc, unitCode);
  if (!group || !member) throw new RangeError(`đơn vị "${unitCode}" không thuộc khối ${bloc.id}`);
  return { bloc, period, group, member };
};

/** A fill naming a criterion the rubric does not have, or a cell the criterion has not, is a bug in the caller. */
const checkFill = (ctx: TemplateContext, fill: TemplateFill): void => {
  const byCode = new Map(allCriteria(ctx.group.rubric).map((c) => [c.code, c]));
  for (const [code, entry] of Object.entries(fill.entries ?? {})) {
    const c = byCode.get(code);
    if (!c) throw new RangeError(`mẫu biểu ${ctx.group.rubric.id} không có tiêu chí "${code}"`);
    const measured = c.type !== 'manual';
    if ((!measured && (entry.achieved !== undefined || entry.base !== undefined)) || (c.type === 'bands' && c.measure === 'value' && entry.base !== undefined))
      throw new RangeError(`tiêu chí ${code} không có ô số liệu để ghi`);
  }
};

export async function buildTemplate(bloc: Bloc, periodId: string, unitCode: string, fill: TemplateFill = {}): Promise<Buffer> {
  const ctx = contextOf(bloc, periodId, unitCode);
  checkFill(ctx, fill);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bloc';
  wb.title = `Bản tự chấm điểm thi đua – ${ctx.member.code} – ${ctx.period.id}`;
  await addInfoSheet(wb, ctx, fill);
  await addScoringSheet(wb, ctx, fill);
  if (fill.carriedOver) addCarriedSheet(wb, ctx, fill.carriedOver);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
