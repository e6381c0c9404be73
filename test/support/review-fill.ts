import ExcelJS from 'exceljs';
import { REVIEW_HEADERS, REVIEW_INFO_LABELS } from '#shared/model/review-layout.js';

export type ReviewInputs = Record<string, Record<string, { points?: number | string; achieved?: number; base?: number; reason?: string }>>;

const text = (v: ExcelJS.CellValue): string =>
  v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v);

/**
 * Fills a review workbook as a reviewer would in Excel (exceljs, cells found by their labels):
 * per unit sheet and criterion the reviewed inputs and the reason; optionally another
 * `Đơn vị thẩm định`.
 */
export const fillReviewWorkbook = async (bytes: Uint8Array, inputs: ReviewInputs, o: { reviewer?: string } = {}): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  if (o.reviewer) {
    const info = wb.worksheets[0]!;
    info.eachRow((row) =>
      row.eachCell((cell, col) => {
        if (text(cell.value) === REVIEW_INFO_LABELS.reviewer) row.getCell(col + 1).value = o.reviewer!;
      }),
    );
  }
  for (const [unit, criteria] of Object.entries(inputs)) {
    const ws = wb.getWorksheet(unit);
    if (!ws) throw new Error(`no sheet ${unit}`);
    let header = 0;
    const cols: Record<string, number> = {};
    ws.eachRow((row, r) => {
      if (header) return;
      row.eachCell((cell, c) => {
        const key = Object.entries(REVIEW_HEADERS).find(([, label]) => label === text(cell.value))?.[0];
        if (key) cols[key] = c;
      });
      if (cols['code']) header = r;
    });
    ws.eachRow((row, r) => {
      const entry = r > header ? criteria[text(row.getCell(cols['code']!).value)] : undefined;
      if (!entry) return;
      if (entry.points !== undefined) row.getCell(cols['reviewedPoints']!).value = entry.points;
      if (entry.achieved !== undefined) row.getCell(cols['reviewedAchieved']!).value = entry.achieved;
      if (entry.base !== undefined) row.getCell(cols['reviewedBase']!).value = entry.base;
      if (entry.reason !== undefined) row.getCell(cols['reason']!).value = entry.reason;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
};
