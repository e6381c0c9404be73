/** `bloc explain` and `bloc flags` over a kept local store: two runs, one corrected version in between. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../support/cli.js';
import { ROOT, tempFiles } from '../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../support/sample.js';

const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');
const bloc = (...args: string[]): Promise<Run> => runBloc(args);

describe('bloc explain and bloc flags', () => {
  let dir: string;
  let data: string;
  let first: Run;
  let second: Run;
  beforeAll(async () => {
    dir = await tempFiles({});
    data = join(dir, 'data');
    const [b, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    await mkdir(join(dir, 'in1'));
    await mkdir(join(dir, 'in2'));
    for (const unit of Object.keys(inputs)) await writeFile(join(dir, 'in1', `${unit}.xlsx`), await filledWorkbook(b, unit, inputs));
    // STP-QNG corrects I.2 (4 → 6) and I.3 (4 → 6): 93.16 + 4.00.
    await writeFile(join(dir, 'in2', 'STP-QNG (bản sửa).xlsx'), await filledWorkbook(b, 'STP-QNG', inputs, { 'I.2': { points: 6 }, 'I.3': { points: 6 } }));
    first = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', join(dir, 'in1'), '--out', join(dir, 'out1'), '--data', data);
    second = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', join(dir, 'in2'), '--out', join(dir, 'out2'), '--data', data);
  });

  it('explains the second run against the first: the corrected unit by its own points, the units it passed by others', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const r = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^So sánh lần tính \S+ \(lần tính ngay trước\) với lần tính \S+ \(mới nhất\)\.$/);
    expect(lines[1]).toMatch(/^Thay đổi xếp hạng từ lần tính \S+ lúc \S+ đến lần tính \S+ lúc \S+\.$/);
    const qng = lines.find((l) => l.includes('STP-QNG:'))!;
    expect(qng).toMatch(
      /^ {2}STP-QNG: hạng \d+ → \d+ \(tổng (\d+,\d\d) → (\d+,\d\d), do điểm của chính đơn vị\): I\.2 4,00 → 6,00 \(phiên bản mới \S+\); I\.3 4,00 → 6,00 \(phiên bản mới \S+\)$/,
    );
    const [, from, to] = /tổng (\d+,\d\d) → (\d+,\d\d)/.exec(qng)!;
    const hundredths = (t: string) => BigInt(t.replace(',', ''));
    expect(hundredths(to!) - hundredths(from!)).toBe(400n);
    for (const l of lines.filter((x) => x.startsWith('  ') && !x.includes('STP-QNG'))) expect(l).toMatch(/tổng \d+,\d\d không đổi, do điểm của đơn vị khác\)$/);
  });

  it('an unknown --from run is a usage error (exit 2)', async () => {
    const same = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data, '--from', 'nope');
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--from "nope" không phải lần tính nào của đợt này/);
  });

  it('bloc flags prints the flags of each group and the counts per unit', async () => {
    const r = await bloc('flags', '--config', CONFIG, '--period', 'Y', '--data', data);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Khối stp \(.+\): \d+ dấu hiệu cần xem lại$/m);
    expect(r.stdout).toMatch(/^Khối thads \(.+\): \d+ dấu hiệu cần xem lại$/m);
    expect(r.stdout).toMatch(/^ {2}STP-\S+ {2}FLAG_MAX_NO_EVIDENCE {2}Chấm điểm!F\d+ {2}/m);
    expect(r.stdout).toMatch(/^Theo đơn vị: /m);
  });

  it("the second run's summary has the sheets 'Thay đổi' and 'Cần xem lại'", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'out2/summary.xlsx'));
    const changes = wb.getWorksheet('Thay đổi')!;
    expect(changes).toBeDefined();
    const rows: string[] = [];
    changes.eachRow((row) => rows.push(String(row.getCell(3).value ?? '')));
    expect(rows).toContain('STP-QNG');
    expect(wb.getWorksheet('Cần xem lại')).toBeDefined();
  });
});
