import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DynamoPeriodLedger } from '#shared/store/dynamodb-ledger.js';
import { DynamoSubmissionStore } from '#shared/store/dynamodb-store.js';
import { S3BlobStore } from '#shared/store/s3-blobs.js';
import { localAws, type LocalAws } from '../support/local-aws.js';
import { expectCycleStory, runCycle } from '../support/audit-cycle.js';

describe('SPEC §10 cycle on DynamoDB Local and s3rver', () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await localAws();
  });
  afterAll(() => aws?.destroy());

  it('submit, review, hold and accept a late file, vote a tie, publish, upload after, reopen, publish again; the log tells it in order', async () => {
    const deps = {
      store: new DynamoSubmissionStore(aws.dynamo, aws.table),
      blobs: new S3BlobStore(aws.s3, aws.bucket),
      ledger: new DynamoPeriodLedger(aws.dynamo, aws.table),
      actor: 'truong.khoi',
    };
    const { lines, second } = await runCycle(deps);
    expectCycleStory(lines);
    expect(aws.counter.get('dynamodb.Scan')).toBe(0);
    // The published summary: `Nhật ký` tells the story, `Tổng hợp` says who published and marks the reviewed unit.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await deps.blobs.get(second.summaryKey)) as unknown as ArrayBuffer);
    const log = wb.getWorksheet('Nhật ký')!;
    const texts = log.getColumn(5).values.map(String);
    expect(texts.some((t) => t.includes('Công bố kết quả lần 2.'))).toBe(true);
    expect(texts.some((t) => t.includes('STP-KHA I.2: 6 → 5 (Thiếu minh chứng)'))).toBe(true);
    const overview = wb.getWorksheet('Tổng hợp')!;
    expect(String(overview.getCell('A4').value)).toMatch(/^Kết quả đã công bố \(lần 2\) lúc 28\/11\/2025 09:00, người công bố: pho\.truong\.khoi\.$/);
    const notes = overview.getColumn(3).values.map(String);
    const kha = notes.indexOf('STP-KHA');
    expect(String(overview.getRow(kha).getCell(11).value)).toContain('Đã thẩm định');
    const self = wb.getWorksheet('Tự chấm – Tính toán')!;
    const reviewed = self
      .getSheetValues()
      .filter((r) => Array.isArray(r) && r[1] === 'STP-KHA' && (r[2] === 'I.2' || r[2] === 'I.3'))
      .map((r) => (r as unknown[])[8]);
    expect(reviewed).toEqual(['Thiếu minh chứng (THADS-KHA)', 'Số liệu chưa khớp (STP-QNG)']);
  });
});
