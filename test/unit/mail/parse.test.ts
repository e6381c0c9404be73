/** Fixtures written by real clients' conventions, read through postal-mime into what the intake needs. */
import { describe, expect, it } from 'vitest';
import { parseMail } from '#shared/mail/parse.js';
import { MAIL_LIMITS } from '#shared/mail/limits.js';
import { renderEml } from '../../support/mail.js';

const FROM = 'vanthu@stp-kha.gov.vn';
const WB1 = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 250, 251]);
const WB2 = new Uint8Array([0x50, 0x4b, 3, 4, 9, 9]);
const NAME = 'Bảng tự chấm điểm năm 2025.xlsx';
const read = async (fixture: string) => parseMail(await renderEml(fixture, { from: FROM, workbooks: [WB1, WB2] }));

describe('parseMail', () => {
  it('Outlook: RFC 2047 names in quotes, quoted-printable bodies, nested multipart/alternative', async () => {
    const m = await read('outlook-rfc2047.eml');
    expect(m).toMatchObject({
      from: FROM,
      fromName: 'Nguyễn Văn An',
      to: ['thidua@khoi.gov.vn'],
      subject: 'Nộp bản tự chấm điểm thi đua năm 2025',
      body: 'read',
    });
    expect(m.messageId).toMatch(/@mail\.example$/);
    expect(m.date?.toISOString()).toBe('2025-11-20T02:14:03.000Z');
    expect(m.attachments).toEqual([{ filename: NAME, mimeType: expect.stringContaining('spreadsheetml'), kind: 'xlsx', bytes: WB1, forwarded: false }]);
    expect(m.authenticationResults).toHaveLength(1);
  });

  it('Thunderbird: RFC 2231 continuations (filename*0*, filename*1*), 72-column base64', async () => {
    const m = await read('thunderbird-rfc2231.eml');
    expect(m.fromName).toBe('Trần Thị Bình');
    expect(m.subject).toBe('Bản tự chấm điểm – tổng kết 2025');
    expect(m.attachments.map((a) => [a.filename, a.kind, Buffer.from(a.bytes).equals(Buffer.from(WB1))])).toEqual([[NAME, 'xlsx', true]]);
  });

  it('Gmail: the signature logo in multipart/related is not an attachment', async () => {
    const m = await read('gmail-inline-signature.eml');
    expect(m.attachments.map((a) => a.filename)).toEqual([NAME]);
  });

  it('a message forwarded as an attachment: the workbook inside is taken', async () => {
    const m = await read('forwarded-as-attachment.eml');
    expect(m.attachments).toEqual([expect.objectContaining({ filename: NAME, kind: 'xlsx', forwarded: true, bytes: WB1 })]);
  });

  it('two workbooks, one declared application/octet-stream: both are workbooks by name', async () => {
    const m = await read('two-workbooks.eml');
    expect(m.attachments.map((a) => [a.filename, a.kind])).toEqual([
      ['Tự chấm 1.xlsx', 'xlsx'],
      ['Tự chấm 2.xlsx', 'xlsx'],
    ]);
  });

  it('other attachments are named by what they are', async () => {
    const m = await read('other-attachments.eml');
    expect(m.attachments.map((a) => [a.filename, a.kind])).toEqual([
      ['Bảng điểm.xls', 'xls'],
      ['bao-cao.pdf', 'pdf'],
      ['ho-so.zip', 'zip'],
      ['IMG_2041.JPG', 'image'],
    ]);
  });

  it('a message over the size limit is read for its header only', async () => {
    const head = Buffer.from(`From: ${FROM}\r\nSubject: big\r\nMessage-ID: <big@x>\r\nContent-Type: text/plain\r\n\r\n`);
    const m = await parseMail(Buffer.concat([head, Buffer.alloc(MAIL_LIMITS.messageBytes, 0x61)]));
    expect(m).toMatchObject({ from: FROM, messageId: 'big@x', body: 'too-large', attachments: [] });
  });

  it('never throws: garbage is a message without sender or files', async () => {
    const m = await parseMail(new Uint8Array([0, 1, 2, 255, 13, 10, 13, 10]));
    expect(m.from).toBeNull();
    expect(m.attachments).toEqual([]);
  });
});
