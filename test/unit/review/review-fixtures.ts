/** Review workbooks for the tests: current versions of the second bloc and of the sample, edited as a person would in Excel. */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Grid } from '#shared/grid/grid.js';
import type { Bloc } from '#shared/model/bloc.js';
import type { Values } from '#shared/model/submission.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { parseJsonInputs } from '#shared/submission/inputs-json.js';
import { matchKey } from '#shared/text/match.js';
import { readEntries } from '#shared/validation/entries.js';
import type { ReviewedVersion } from '#shared/workbooks/review/review-workbook.js';
import { FIXTURE, pts, rate } from '../../support/rubric-builders.js';

/** Current versions of every member of the second bloc but the lead: SO-BPC has an earlier one too. */
export const secondVersions = (): ReviewedVersion[] => {
  const so = (a1: string, a2: [string, string], b1: [string, string], t1?: string): Values => ({
    A1: pts(a1),
    A2: rate(...a2),
    B1: rate(...b1),
    ...(t1 && { T1: pts(t1) }),
  });
  return [
    { unit: 'SO-BDG', uploadId: '20270701T010000Z-a-00001', receivedAt: '2027-07-01T01:00:00Z', values: so('17.5', ['7', '10'], ['95', '100']) },
    { unit: 'SO-BPC', uploadId: '20270702T010000Z-b-00002', receivedAt: '2027-07-02T01:00:00Z', values: so('18', ['8', '10'], ['9', '10'], '1') },
    { unit: 'SO-LKH', uploadId: '20270702T020000Z-b-00003', values: so('20', ['0', '0'], ['1', '2']) },
    { unit: 'CUC-VTA', uploadId: '20270703T010000Z-c-00001', values: so('10', ['3', '4'], ['4', '10'], '2') },
  ];
};

/** Every known upload of the second bloc's units: SO-BPC's current one and an earlier one. */
export const EARLIER_BPC = '20270630T010000Z-z-00001';
export const secondVersionIds = (versions: ReviewedVersion[]) => (unit: string) => {
  const v = versions.find((x) => x.unit === unit);
  if (!v) return undefined;
  return { known: unit === 'SO-BPC' ? [EARLIER_BPC, v.uploadId] : [v.uploadId], current: v.uploadId };
};

/** The sample's golden inputs for period Y as current versions, one upload id per unit. */
export const sampleVersions = async (bloc: Bloc): Promise<ReviewedVersion[]> => {
  const doc = JSON.parse(await readFile(join(FIXTURE, 'golden/inputs-Y.json'), 'utf8'));
  const parsed = parseJsonInputs(bloc, doc);
  return [...parsed.units].map(([unit, { rubric, entries }], i) => ({
    unit,
    uploadId: `20251121T010000Z-g-${String(i).padStart(5, '0')}`,
    values: readEntries(rubric, entries).values,
  }));
};

export const gridOf = async (buf: Uint8Array): Promise<Grid> => {
  const read = await readXlsxGrid(buf);
  if (!read.ok) throw new Error(`unreadable: ${read.problem.code} ${read.problem.message}`);
  return read.grid;
};

/** Opens the workbook in exceljs, lets `edit` change it, and saves it again (a person in Excel). */
export const edited = async (buf: Buffer, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** The cell right of the label whose text is `label` (matched as SPEC §5 does). */
export const valueRightOf = (ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell => {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && typeof cell.value === 'string' && matchKey(cell.value) === matchKey(label)) found = ws.getCell(Number(cell.row), Number(cell.col) + 1);
    }),
  );
  expect(found, `label ${label} in ${ws.name}`).toBeDefined();
  return found!;
};

/** The cell of criterion `code` under the header `header` in a unit sheet. */
export const criterionCell = (ws: ExcelJS.Worksheet, code: string, header: string): ExcelJS.Cell => {
  let col: number | undefined;
  let row: number | undefined;
  ws.eachRow((r) =>
    r.eachCell((cell) => {
      if (typeof cell.value !== 'string') return;
      if (col === undefined && matchKey(cell.value) === matchKey(header)) col = Number(cell.col);
      if (row === undefined && Number(cell.col) === 1 && cell.value === code) row = Number(cell.row);
    }),
  );
  expect([col, row], `${code} × ${header} in ${ws.name}`).not.toContain(undefined);
  return ws.getCell(row!, col!);
};
