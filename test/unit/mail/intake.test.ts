/** receiveMail on the in-memory store with the sample region: what is ingested, kept and answered. */
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { receiveMail, type MailOutcome, type MailReply } from '#shared/mail/intake.js';
import { MAIL_LIMITS } from '#shared/mail/limits.js';
import { verdictsFromSes } from '#shared/mail/trust.js';
import type { Bloc } from '#shared/model/bloc.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { addressOf, renderEml, withAddresses } from '../../support/mail.js';
import { filledWorkbook, goldenInputs, sampleBloc, type GoldenInputs } from '../../support/sample.js';

let bloc: Bloc;
let inputs: GoldenInputs;
const AT = new Date('2025-11-21T01:00:00Z');

beforeAll(async () => {
  bloc = withAddresses(await sampleBloc());
  inputs = await goldenInputs();
});

const world = () => ({ store: new MemorySubmissionStore(), blobs: new MemoryBlobStore() });
type World = ReturnType<typeof world>;

const receive = async (w: World, fixture: string, unit: string, workbooks: Uint8Array[], o: { from?: string; messageId?: string } = {}) => {
  const sent: MailReply[] = [];
  const raw = await renderEml(fixture, { from: o.from ?? addressOf(unit), workbooks, ...(o.messageId && { messageId: o.messageId }) });
  const outcome = await receiveMail(w, bloc, 'Y', { name: fixture, raw, receivedAt: AT, judgeLateness: false }, { send: async (r) => void sent.push(r) });
  return { outcome, sent };
};
const parsedReply = (sent: MailReply[]) => PostalMime.parse(sent[0]!.bytes);
const state = (w: World) => w.store.state(periodKey(bloc, 'Y'));
const keys = (w: World, o: MailOutcome) => w.blobs.keys().filter((k) => k.includes(o.uploadId));

describe('receiveMail', () => {
  it('a workbook from a registered, authenticated sender: ingested, kept, answered in Vietnamese', async () => {
    const w = world();
    const { outcome, sent } = await receive(w, 'outlook-rfc2047.eml', 'STP-KHA', [await filledWorkbook(bloc, 'STP-KHA', inputs)]);
    expect(outcome).toMatchObject({
      status: 'ingested',
      unit: 'STP-KHA',
      from: 'vanthu@stp-kha.gov.vn',
      workbooks: [{ file: 'Bảng tự chấm điểm năm 2025.xlsx', report: { status: 'accepted', unit: 'STP-KHA' } }],
    });
    expect((await state(w)).current.map((c) => c.unit)).toEqual(['STP-KHA']);
    expect(keys(w, outcome)).toEqual([
      `raw/ntb-tn/2025/Y/${outcome.uploadId}-a01/Bảng tự chấm điểm năm 2025.xlsx`,
      `raw/ntb-tn/2025/Y/${outcome.uploadId}/message.eml`,
      `reports/ntb-tn/2025/Y/${outcome.uploadId}-a01/report.json`,
      `reports/ntb-tn/2025/Y/${outcome.uploadId}/mail.json`,
      `reports/ntb-tn/2025/Y/${outcome.uploadId}/reply.eml`,
    ]);
    const reply = await parsedReply(sent);
    expect(reply.to).toEqual([{ address: 'vanthu@stp-kha.gov.vn', name: 'Nguyễn Văn An' }]);
    expect(reply.from?.address).toBe('thidua@khoi.gov.vn');
    expect(reply.subject).toBe('[Thi đua] Đã tiếp nhận bản tự chấm điểm của STP-KHA');
    expect(reply.inReplyTo).toMatch(/^<outlookrfc2047eml/);
    expect(reply.text).toContain('"Bảng tự chấm điểm năm 2025.xlsx": ĐÃ TIẾP NHẬN (đơn vị STP-KHA)');
    expect(reply.text).toContain('https://thidua.example.gov.vn/don-vi/STP-KHA');
    expect(reply.attachments).toEqual([]);
  });

  it('the sender address is compared without regard to case', async () => {
    const { outcome } = await receive(world(), 'thunderbird-rfc2231.eml', 'STP-DLK', [await filledWorkbook(bloc, 'STP-DLK', inputs)], {
      from: 'VanThu@STP-DLK.gov.vn',
    });
    expect(outcome).toMatchObject({ status: 'ingested', unit: 'STP-DLK' });
  });

  it('errors by cell in the reply, the annotated copy attached; the earlier version stands', async () => {
    const w = world();
    await receive(w, 'gmail-inline-signature.eml', 'THADS-KHA', [await filledWorkbook(bloc, 'THADS-KHA', inputs)], { messageId: 'first@x' });
    const bad = await filledWorkbook(bloc, 'THADS-KHA', inputs, { 'I.1': { achieved: '10', base: '9' } });
    const { outcome, sent } = await receive(w, 'gmail-inline-signature.eml', 'THADS-KHA', [bad], { messageId: 'second@x' });
    expect(outcome.workbooks[0]!.report).toMatchObject({ status: 'rejected', errors: [{ code: 'ACHIEVED_ABOVE_BASE' }] });
    const reply = await parsedReply(sent);
    expect(reply.subject).toBe('[Thi đua] Bản tự chấm điểm bị từ chối (1/1 tệp)');
    expect(reply.text).toMatch(/BỊ TỪ CHỐI \(đơn vị THADS-KHA\), 1 lỗi/);
    expect(reply.text).toMatch(/Ô Chấm điểm![A-Z]+\d+: .*\[ACHIEVED_ABOVE_BASE\]/);
    expect(reply.attachments.map((a) => a.filename)).toEqual(['Bảng tự chấm điểm năm 2025 (đánh dấu lỗi).xlsx']);
    expect(
      Buffer.from(reply.attachments[0]!.content as ArrayBuffer)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect((await state(w)).current.map((c) => c.unit)).toEqual(['THADS-KHA']);
  });

  it('a forwarded message: the workbook inside is ingested', async () => {
    const { outcome } = await receive(world(), 'forwarded-as-attachment.eml', 'STP-GLA', [await filledWorkbook(bloc, 'STP-GLA', inputs)]);
    expect(outcome).toMatchObject({ status: 'ingested', workbooks: [{ report: { status: 'accepted', unit: 'STP-GLA' } }] });
  });

  it("two workbooks: each one upload; one naming another unit is UNIT_MISMATCH and changes nothing of that unit's", async () => {
    const w = world();
    const { outcome, sent } = await receive(w, 'two-workbooks.eml', 'STP-PYE', [
      await filledWorkbook(bloc, 'STP-PYE', inputs),
      await filledWorkbook(bloc, 'STP-BDI', inputs),
    ]);
    expect(outcome.workbooks.map((x) => [x.file, x.uploadId.slice(-3), x.report.status, x.report.unit, x.report.errors[0]?.code])).toEqual([
      ['Tự chấm 1.xlsx', 'a01', 'accepted', 'STP-PYE', undefined],
      ['Tự chấm 2.xlsx', 'a02', 'rejected', 'STP-PYE', 'UNIT_MISMATCH'],
    ]);
    expect((await state(w)).current.map((c) => c.unit)).toEqual(['STP-PYE']);
    expect((await parsedReply(sent)).text).toContain('[UNIT_MISMATCH]');
  });

  it('no workbook: a reply saying so, and what each attachment is', async () => {
    const { outcome, sent } = await receive(world(), 'other-attachments.eml', 'STP-KTU', []);
    expect(outcome).toMatchObject({ status: 'no-workbook', workbooks: [] });
    const text = (await parsedReply(sent)).text!;
    expect(text).toContain('không có tệp bảng tính Excel (.xlsx) nào');
    expect(text).toContain('"Bảng điểm.xls": bảng tính Excel định dạng cũ (.xls)');
    expect(text).toContain('"bao-cao.pdf": tệp PDF');
    expect(text).toContain('"ho-so.zip": tệp nén');
    expect(text).toContain('"IMG_2041.JPG": ảnh');
  });

  it('a PDF renamed .xlsx goes through the reader: FILE_NOT_XLSX, attributed to its sender', async () => {
    const { outcome } = await receive(world(), 'outlook-rfc2047.eml', 'STP-KHA', [Buffer.from('%PDF-1.4\n')]);
    expect(outcome.workbooks[0]!.report).toMatchObject({ status: 'rejected', unit: 'STP-KHA', errors: [{ code: 'FILE_NOT_XLSX' }] });
  });

  it('an unknown but authenticated sender: recorded, not ingested, answered', async () => {
    const w = world();
    const { outcome, sent } = await receive(w, 'outlook-rfc2047.eml', 'STP-KHA', [await filledWorkbook(bloc, 'STP-KHA', inputs)], { from: 'ai.do@gmail.com' });
    expect(outcome).toMatchObject({ status: 'unknown-sender', unit: null, workbooks: [] });
    expect((await state(w)).current).toEqual([]);
    expect(keys(w, outcome).map((k) => k.split('/').pop())).toEqual(['message.eml', 'mail.json', 'reply.eml']);
    expect((await parsedReply(sent)).text).toContain('Địa chỉ ai.do@gmail.com chưa được đăng ký');
  });

  it.each(['spoofed-dmarc-fail.eml', 'no-authentication.eml'])(
    '%s: a registered address not authenticated is kept, not ingested, not answered',
    async (fixture) => {
      const w = world();
      const { outcome, sent } = await receive(w, fixture, 'STP-KHA', [await filledWorkbook(bloc, 'STP-KHA', inputs)]);
      expect(outcome).toMatchObject({ status: 'unauthenticated', unit: 'STP-KHA' });
      expect(outcome.reply).toBeUndefined();
      expect(sent).toEqual([]);
      expect((await state(w)).current).toEqual([]);
      expect(keys(w, outcome).map((k) => k.split('/').pop())).toEqual(['message.eml', 'mail.json']);
    },
  );

  it('SES verdicts replace the header: FAIL is not ingested even with a passing header', async () => {
    const w = world();
    const raw = await renderEml('outlook-rfc2047.eml', { from: addressOf('STP-KHA'), workbooks: [await filledWorkbook(bloc, 'STP-KHA', inputs)] });
    const verdicts = verdictsFromSes({ spfVerdict: { status: 'FAIL' }, dkimVerdict: { status: 'FAIL' }, dmarcVerdict: { status: 'FAIL' } });
    const outcome = await receiveMail(w, bloc, 'Y', { name: 'ses', raw, receivedAt: AT, judgeLateness: true, verdicts });
    expect(outcome.status).toBe('unauthenticated');
  });

  it('a duplicate delivery: nothing changed, no second reply; ids derive from the Message-ID', async () => {
    const w = world();
    const wb = [await filledWorkbook(bloc, 'STP-KHA', inputs)];
    const first = await receive(w, 'outlook-rfc2047.eml', 'STP-KHA', wb);
    const blobs = w.blobs.keys();
    const again = await receive(w, 'outlook-rfc2047.eml', 'STP-KHA', wb);
    expect(again.outcome).toMatchObject({ status: 'duplicate', uploadId: first.outcome.uploadId });
    expect(again.sent).toEqual([]);
    expect(w.blobs.keys()).toEqual(blobs);
    expect(await w.store.versions(periodKey(bloc, 'Y'))).toHaveLength(1);
  });

  it('a delivery that stopped before it was recorded is finished once, with the reports already made', async () => {
    const w = world();
    const wb = [await filledWorkbook(bloc, 'STP-KHA', inputs, { 'I.2': { points: 99 } })];
    const raw = await renderEml('outlook-rfc2047.eml', { from: addressOf('STP-KHA'), workbooks: wb });
    const failing = await receiveMail(
      w,
      bloc,
      'Y',
      { name: 'm', raw, receivedAt: AT, judgeLateness: false },
      { send: () => Promise.reject(new Error('SES throttled')) },
    ).catch((e: Error) => e);
    expect(failing).toBeInstanceOf(Error);
    const sent: MailReply[] = [];
    const retry = await receiveMail(w, bloc, 'Y', { name: 'm', raw, receivedAt: AT, judgeLateness: false }, { send: async (r) => void sent.push(r) });
    expect(retry.workbooks[0]!.report).toMatchObject({ status: 'rejected', errors: [{ code: 'SCORE_ABOVE_MAX' }] });
    expect((await parsedReply(sent)).attachments).toHaveLength(1);
    expect(await w.store.versions(periodKey(bloc, 'Y'))).toHaveLength(1);
  });

  it(`over ${MAIL_LIMITS.attachments} attachments: the rest are listed, not read`, async () => {
    const wb = Buffer.from(await filledWorkbook(bloc, 'STP-KHA', inputs)).toString('base64');
    const parts = Array.from({ length: 12 }, (_, i) =>
      [
        `--b`,
        `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`,
        `Content-Disposition: attachment; filename="f${i + 1}.xlsx"`,
        'Content-Transfer-Encoding: base64',
        '',
        wb,
      ].join('\r\n'),
    );
    const raw = Buffer.from(
      [
        `Authentication-Results: mx; dmarc=pass header.from=stp-kha.gov.vn`,
        `From: ${addressOf('STP-KHA')}`,
        'Subject: many',
        'Message-ID: <many@x>',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        ...parts,
        '--b--',
        '',
      ].join('\r\n'),
    );
    const outcome = await receiveMail(world(), bloc, 'Y', { name: 'many', raw, receivedAt: AT, judgeLateness: false });
    expect(outcome.workbooks).toHaveLength(10);
    expect(outcome.others).toEqual([
      { file: 'f11.xlsx', kind: 'over-limit' },
      { file: 'f12.xlsx', kind: 'over-limit' },
    ]);
  });

  it('a message over 25 MB is answered from its header, nothing read', async () => {
    const head = [
      `Authentication-Results: mx; dmarc=pass header.from=stp-kha.gov.vn`,
      `From: ${addressOf('STP-KHA')}`,
      'Subject: big',
      'Message-ID: <big@x>',
      'Content-Type: text/plain',
      '',
      '',
    ].join('\r\n');
    const sent: MailReply[] = [];
    const outcome = await receiveMail(
      world(),
      bloc,
      'Y',
      { name: 'big', raw: Buffer.concat([Buffer.from(head), Buffer.alloc(MAIL_LIMITS.messageBytes, 0x61)]), receivedAt: AT, judgeLateness: false },
      { send: async (r) => void sent.push(r) },
    );
    expect(outcome.status).toBe('too-large');
    expect((await parsedReply(sent)).text).toContain('vượt giới hạn 25 MB');
  });
});
