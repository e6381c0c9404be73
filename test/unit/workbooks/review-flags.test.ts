/** Flags for review highlighted in the review workbook: fill and note on the flagged cells, nothing else changes. */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '#shared/insight/flags.js';
import type { Bloc } from '#shared/model/bloc.js';
import { readReviewWorkbook } from '#shared/review/review-workbook.js';
import { FLAG_FILL } from '#shared/workbooks/review/flag-marks.js';
import { buildReviewWorkbook, type ReviewedVersion } from '#shared/workbooks/review/review-workbook.js';
import { gridOf, secondVersionIds, secondVersions } from '../review/review-fixtures.js';
import { secondBloc } from '../review/second-bloc.js';

let bloc: Bloc;
let versions: ReviewedVersion[];
beforeAll(async () => {
  bloc = await secondBloc((b) => (b.periods[0].reviewers = { 'SO-BDG': ['SO-BPC'] }));
  versions = secondVersions();
});

const flag = (code: Flag['code'], criterion: string | null, reason: string, unit = 'SO-BPC'): Flag => ({
  code,
  unit,
  criterion,
  cell: `${unit}/${criterion}`,
  reason,
});

const load = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb.getWorksheet('SO-BPC')!;
};
const rowOf = (ws: ExcelJS.Worksheet, code: string): ExcelJS.Row => {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === code) found = row;
  });
  return found!;
};
const fillOf = (c: ExcelJS.Cell) => (c.fill?.type === 'pattern' ? c.fill.fgColor?.argb : undefined);
const noteOf = (c: ExcelJS.Cell) => {
  const n = c.note;
  return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
};

describe('the review workbook marks flagged cells', () => {
  const flags = [
    flag('FLAG_OUTLIER', 'B1', 'B1: tỷ lệ 90 % khác xa các đơn vị trong khối (trung vị 50 %, 4 đơn vị).'),
    flag('FLAG_SELF_ABOVE', 'B1', 'B1: tự chấm 9 điểm, cao hơn 8 điểm tính từ số liệu của đơn vị.'),
    flag('FLAG_COPY', null, 'Số liệu trùng với SO-LKH ở 3/3 tiêu chí có số liệu.'),
    flag('FLAG_MAX_NO_EVIDENCE', 'A1', 'A1 đạt điểm tối đa 20 nhưng cột "Giải trình, minh chứng" để trống.', 'SO-LKH'),
  ];

  it("fills the flagged criterion's code and points and writes every reason in the points cell's note; unit flags on the unit's code", async () => {
    const ws = await load(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, { flags }));
    const b1 = rowOf(ws, 'B1');
    const [code, points] = [b1.getCell(1), b1.getCell(6)];
    expect([fillOf(code), fillOf(points)]).toEqual([FLAG_FILL, FLAG_FILL]);
    expect(noteOf(points)).toBe(
      [
        'Cần xem lại:',
        '[FLAG_OUTLIER] Số liệu khác xa khối: B1: tỷ lệ 90 % khác xa các đơn vị trong khối (trung vị 50 %, 4 đơn vị).',
        '[FLAG_SELF_ABOVE] Tự chấm cao hơn số liệu: B1: tự chấm 9 điểm, cao hơn 8 điểm tính từ số liệu của đơn vị.',
      ].join('\n'),
    );
    expect(noteOf(code)).toBe('');
    // Another unit's flag (SO-LKH's A1) does not mark SO-BPC's A1.
    const a1 = rowOf(ws, 'A1');
    expect([fillOf(a1.getCell(1)), fillOf(a1.getCell(6)), noteOf(a1.getCell(6))]).not.toContain(FLAG_FILL);
    expect(noteOf(a1.getCell(6))).toBe('');
    const unit = ws.getCell('B3');
    expect(fillOf(unit)).toBe(FLAG_FILL);
    expect(noteOf(unit)).toBe('Cần xem lại:\n[FLAG_COPY] Số liệu trùng đơn vị khác: Số liệu trùng với SO-LKH ở 3/3 tiêu chí có số liệu.');
    expect(String(ws.getCell('A2').value)).toContain('Có 3 dấu hiệu cần xem lại: ô nền cam');
  });

  it('without flags nothing is orange, and the flags change nothing the reader reads', async () => {
    const plain = await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions);
    const ws = await load(plain);
    ws.eachRow((row) => row.eachCell((c) => expect(fillOf(c)).not.toBe(FLAG_FILL)));
    const fill = { 'SO-BPC': { B1: { achieved: 5, base: 10, reason: 'Thiếu minh chứng' } } };
    const read = async (o: object) =>
      readReviewWorkbook(bloc, 'Q2', await gridOf(await buildReviewWorkbook(bloc, 'Q2', 'SO-BDG', versions, { fill, ...o })), {
        at: 'x',
        versions: secondVersionIds(versions),
      });
    expect(await read({ flags })).toEqual(await read({}));
  });
});
