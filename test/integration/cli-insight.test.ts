/**
 * `bloc explain` and `bloc flags` over a kept local store: three runs, one corrected version and
 * then one review in between; the explanation names exactly the criteria that moved.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../support/cli.js';
import { ROOT, tempFiles } from '../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../support/sample.js';

const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');
// Each command starts DynamoDB Local: on a loaded shared machine that alone can take a minute.
const bloc = (...args: string[]): Promise<Run> => runBloc(args, { timeout: 400_000 });

describe('bloc explain and bloc flags', { timeout: 600_000 }, () => {
  let dir: string;
  let data: string;
  let first: Run;
  let second: Run;
  let third: Run;
  let reviewed: Run;
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
    // The lead (THADS-KHA) lowers STP-KHA's I.2 from 6 to 4; a run with nothing new counts it.
    const review = { 'STP-KHA': { 'I.2': { value: '4', reviewer: 'THADS-KHA', reason: 'Thiếu minh chứng' } } };
    await writeFile(join(dir, 'review.json'), JSON.stringify(review));
    await mkdir(join(dir, 'in3'));
    reviewed = await bloc('review', '--config', CONFIG, '--period', 'Y', '--reviews', join(dir, 'review.json'), '--data', data);
    third = await bloc('run', '--config', CONFIG, '--period', 'Y', '--in', join(dir, 'in3'), '--out', join(dir, 'out3'), '--data', data);
  }, 1_500_000); // five commands

  it('explains the latest run against the previous one: the review, with reviewer and reason, and nothing else', async () => {
    for (const r of [first, second, reviewed, third]) expect(r.code, r.stderr).toBe(0);
    const r = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^So sánh lần tính \S+ \(lần tính ngay trước\) với lần tính \S+ \(mới nhất\)\.$/);
    expect(lines[1]).toMatch(/^Thay đổi xếp hạng từ lần tính \S+ lúc \S+ đến lần tính \S+ lúc \S+\.$/);
    const kha = lines.findIndex((l) => l.startsWith('  STP-KHA:'));
    expect(lines[kha]).toMatch(/^ {2}STP-KHA: hạng \d+ → \d+ \(tổng 84,37 → 82,37, do điểm của chính đơn vị\):$/);
    expect(lines[kha + 1]).toBe('      - I.2 6,00 → 4,00 (thẩm định của THADS-KHA (trưởng khối), lý do: Thiếu minh chứng)');
    const criteria = lines.filter((l) => l.startsWith('      - '));
    expect(criteria).toHaveLength(1);
    for (const l of lines.filter((x) => /^ {2}\S+:/.test(x) && !x.includes('STP-KHA')))
      expect(l).toMatch(/tổng \d+,\d\d không đổi, do điểm của đơn vị khác\)$/);
  });

  it('--from the first run: the corrected version and the review, each with its cause', async () => {
    const latest = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data);
    const [, previous] = /^So sánh lần tính (\S+)/.exec(latest.stdout)!;
    const before = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data, '--to', previous!);
    const [, firstRun] = /^So sánh lần tính (\S+)/.exec(before.stdout)!;
    const r = await bloc('explain', '--config', CONFIG, '--period', 'Y', '--data', data, '--from', firstRun!);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toContain('(chọn bằng --from)');
    const qng = lines.findIndex((l) => l.startsWith('  STP-QNG:'));
    expect(lines[qng]).toMatch(/^ {2}STP-QNG: hạng \d+ → \d+ \(tổng (\d+,\d\d) → (\d+,\d\d), do điểm của chính đơn vị\):$/);
    const [, from, to] = /tổng (\d+,\d\d) → (\d+,\d\d)/.exec(lines[qng]!)!;
    const hundredths = (t: string) => BigInt(t.replace(',', ''));
    expect(hundredths(to!) - hundredths(from!)).toBe(400n);
    expect(lines.slice(qng + 1, qng + 3)).toEqual([
      expect.stringMatching(/^ {6}- I\.2 4,00 → 6,00 \(phiên bản mới \S+\)$/),
      expect.stringMatching(/^ {6}- I\.3 4,00 → 6,00 \(phiên bản mới \S+\)$/),
    ]);
    expect(lines.filter((l) => l.startsWith('      - '))).toHaveLength(3);
    expect(lines).toContain('      - I.2 6,00 → 4,00 (thẩm định của THADS-KHA (trưởng khối), lý do: Thiếu minh chứng)');
  }, 1_200_000);

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
