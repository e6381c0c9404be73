/** The reply writer, checked by parsing what it writes back with postal-mime. */
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { composeMail, encodedWords, parameter, rfc5322Date } from '#shared/mail/compose.js';

const LONG_NAME = 'Bảng tự chấm điểm thi đua năm 2025 của Sở Tư pháp tỉnh Khánh Hòa (đánh dấu lỗi).xlsx';
const SUBJECT = '[Thi đua] Bản tự chấm điểm bị từ chối: hãy sửa các ô được đánh dấu và gửi lại trước hạn chót';

const message = () =>
  composeMail({
    from: { address: 'thidua@khoi.gov.vn', name: 'Thi đua Khối Nam Trung Bộ – Tây Nguyên' },
    to: { address: 'vanthu@stp-kha.gov.vn', name: 'Nguyễn Văn "An"' },
    subject: SUBJECT,
    date: new Date('2025-11-21T01:00:00Z'),
    messageId: 'reply.abc@khoi.gov.vn',
    inReplyTo: 'orig-1@mail.example',
    text: 'Kết quả:\n- "Bảng.xlsx": BỊ TỪ CHỐI\n   • Ô Chấm điểm!F8: Điểm vượt quá điểm tối đa.\n',
    attachments: [
      {
        filename: LONG_NAME,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes: new Uint8Array(3000).map((_, i) => i % 256),
      },
      { filename: 'plain.xlsx', contentType: 'application/octet-stream', bytes: new Uint8Array([1, 2, 3]) },
    ],
  });

describe('composeMail', () => {
  it('parses back: addresses, Vietnamese subject and file names, text, bytes, threading', async () => {
    const m = await PostalMime.parse(message());
    expect(m.from).toEqual({ address: 'thidua@khoi.gov.vn', name: 'Thi đua Khối Nam Trung Bộ – Tây Nguyên' });
    expect(m.to).toEqual([{ address: 'vanthu@stp-kha.gov.vn', name: 'Nguyễn Văn "An"' }]);
    expect(m.subject).toBe(SUBJECT);
    expect(m.messageId).toBe('<reply.abc@khoi.gov.vn>');
    expect(m.inReplyTo).toBe('<orig-1@mail.example>');
    expect(m.date).toBe('2025-11-21T01:00:00.000Z');
    expect(m.text?.replace(/\r\n/g, '\n')).toBe('Kết quả:\n- "Bảng.xlsx": BỊ TỪ CHỐI\n   • Ô Chấm điểm!F8: Điểm vượt quá điểm tối đa.\n');
    expect(m.attachments.map((a) => [a.filename, a.mimeType, a.disposition])).toEqual([
      [LONG_NAME, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'attachment'],
      ['plain.xlsx', 'application/octet-stream', 'attachment'],
    ]);
    expect(new Uint8Array(m.attachments[0]!.content as ArrayBuffer)).toEqual(new Uint8Array(3000).map((_, i) => i % 256));
  });

  it('writes CRLF lines of at most 78 characters, ASCII only', () => {
    const text = Buffer.from(message()).toString('latin1');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('a reply without attachments is one text/plain part', async () => {
    const bytes = composeMail({
      from: { address: 'a@b.vn' },
      to: { address: 'c@d.vn' },
      subject: 'ASCII only',
      date: new Date(0),
      messageId: 'x@b.vn',
      text: 'Xin chào',
    });
    expect(Buffer.from(bytes).toString()).toContain('Subject: ASCII only\r\n');
    const m = await PostalMime.parse(bytes);
    expect([m.text, m.attachments.length]).toEqual(['Xin chào', 0]);
  });

  it('refuses header injection through an address', () => {
    expect(() =>
      composeMail({ from: { address: 'a@b.vn' }, to: { address: 'c@d.vn\r\nBcc: x@y.vn' }, subject: 's', date: new Date(0), messageId: 'x@b', text: '' }),
    ).toThrow();
  });
});

describe('encoding pieces', () => {
  it('encoded words stay within 75 characters and never split a character', () => {
    const words = encodedWords('Đ'.repeat(100) + '😀'.repeat(10));
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe('Đ'.repeat(100) + '😀'.repeat(10));
  });

  it('RFC 2231 continuations keep %XX escapes whole', () => {
    const pieces = parameter('filename', 'Tệp ' + 'ấ'.repeat(40) + '.xlsx');
    expect(pieces[0]).toMatch(/^filename\*0\*=UTF-8''/);
    for (const p of pieces) expect(p.replace(/^filename\*\d+\*=(UTF-8'')?/, '')).toMatch(/^(?:[^%]|%[0-9A-F]{2})*$/);
    expect(parameter('filename', 'a "b".xlsx')).toEqual(['filename="a \\"b\\".xlsx"']);
  });

  it('dates in RFC 5322 form', () => {
    expect(rfc5322Date(new Date('2025-11-21T01:02:03Z'))).toBe('Fri, 21 Nov 2025 01:02:03 +0000');
  });
});
