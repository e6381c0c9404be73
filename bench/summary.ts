/** The summary of 100 members × 120 criteria: ours vs exceljs's unstyled streaming writer and SheetJS writing the same cells. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSummary } from '../shared/workbooks/summary/summary.js';
import { largeSummaryInput } from './summary-case.js';
import { DIR } from './files.js';
import { alternate, child, mib, ms, ratioText, type Options, type Row } from './measure.js';
import { cellsOf, prepare } from './tasks.js';

export const summaryRows = async (o: Options): Promise<Row[]> => {
  const cells = join(DIR, 'summary-cells.json');
  const sheets = await cellsOf(await buildSummary(await largeSummaryInput()));
  writeFileSync(cells, JSON.stringify(sheets));
  const count = sheets.reduce((n, [, rows]) => n + rows.reduce((m, r) => m + r.filter((v) => v !== null).length, 0), 0);
  const [ours, exceljs, sheetjs] = await alternate(
    [
      ['ours', await prepare('summary-ours')],
      ['exceljs', await prepare('summary-exceljs', cells)],
      ['SheetJS', await prepare('summary-sheetjs', cells)],
    ],
    o.quick ? 1 : 3,
  );
  const rss = Object.fromEntries(['ours', 'exceljs', 'sheetjs'].map((w) => [w, child(`summary-${w}`, w === 'ours' ? ['', '1'] : [cells, '1'])]));
  const what = `${sheets.length} sheets, ${count.toLocaleString('en')} cells`;
  return [
    {
      family: 'summary',
      case: `summary, 100 members × 120 criteria (${what}): time, warm`,
      ours: ms(ours!.ms),
      reference: `exceljs unstyled streaming ${ms(exceljs!.ms)}; SheetJS ${ms(sheetjs!.ms)} (${ratioText(sheetjs!.ratio)})`,
      ratio: exceljs!.ratio,
      goal: '≤ 1 s',
      met: ours!.ms <= 1000,
      data: { oursMs: ours!.ms, exceljsMs: exceljs!.ms, sheetjsMs: sheetjs!.ms, vsSheetjs: sheetjs!.ratio, cells: count },
    },
    {
      family: 'summary',
      case: 'summary, 100 members × 120 criteria: peak RSS of a process writing it once',
      ours: mib(rss['ours']!.peakRssMiB),
      reference: `exceljs unstyled streaming ${mib(rss['exceljs']!.peakRssMiB)}; SheetJS ${mib(rss['sheetjs']!.peakRssMiB)}`,
      ratio: rss['ours']!.peakRssMiB / rss['exceljs']!.peakRssMiB,
      goal: '≤ 200 MB',
      met: rss['ours']!.peakRssMiB <= 200,
      data: rss,
    },
  ];
};
