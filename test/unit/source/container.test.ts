import { describe, expect, it } from 'vitest';
import { checkContainer } from '#shared/source/container.js';
import { LIMITS } from '#shared/numbers/limits.js';
import { readZipEntry, storedZip } from '#shared/zip/zip.js';
import { oleFile, submission, unzip, zip } from '../../support/workbooks.js';

const codeOf = (bytes: Uint8Array) => {
  const c = checkContainer(bytes);
  return c.ok ? 'ok' : c.problem.code;
};

const SAVE_AS = 'Hãy lưu tệp dưới dạng Sổ làm việc Excel (.xlsx)';

describe('checkContainer: what the file is', () => {
  it('accepts an .xlsx written by exceljs and lists its parts', async () => {
    const c = checkContainer(await submission());
    expect(c.ok).toBe(true);
    if (c.ok) expect([...c.entries.keys()]).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml', '[content_types].xml']));
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')],
    ['CSV', Buffer.from('Mã tiêu chí,Điểm tự chấm\nI.1,8\nI.2,"8,5"\n', 'utf8')],
    ['HTML saved as .xls', Buffer.from('<html><body><table><tr><td>1</td></tr></table></body></html>')],
    ['random bytes', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256))],
    ['two bytes PK', Buffer.from('PK')],
    ['an .xls (OLE without EncryptedPackage)', oleFile(['Workbook', 'SummaryInformation'])],
  ])('%s → FILE_NOT_XLSX, asking to save as .xlsx', (_, bytes) => {
    const c = checkContainer(bytes);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.problem.code).toBe('FILE_NOT_XLSX');
      expect(c.problem.cell).toBeNull();
      expect(c.problem.message).toContain(SAVE_AS);
      expect(c.problem.message).toBe(c.problem.message.normalize('NFC'));
    }
  });

  it('a password-protected workbook (OLE holding EncryptedPackage) → FILE_ENCRYPTED', () => {
    const c = checkContainer(oleFile(['EncryptionInfo', 'EncryptedPackage']));
    expect(c.ok ? 'ok' : c.problem.code).toBe('FILE_ENCRYPTED');
    if (!c.ok) expect(c.problem.message).toMatch(/mật khẩu/);
  });

  it('the name EncryptedPackage outside a directory entry does not make a file encrypted', () => {
    const ole = oleFile(['Workbook']);
    const text = Buffer.from('xxEncryptedPackage', 'utf16le');
    expect(codeOf(Buffer.concat([ole, text]))).toBe('FILE_NOT_XLSX');
  });

  it('an ODS (zip with an OpenDocument mimetype) → FILE_NOT_XLSX', () => {
    const ods = zip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest/>') },
    ]);
    const c = checkContainer(ods);
    expect(c.ok ? 'ok' : c.problem.code).toBe('FILE_NOT_XLSX');
    if (!c.ok) expect(c.problem.message).toContain('.ods');
  });

  it('an ODS that also carries xl/workbook.xml is still an ODS', () => {
    const ods = zip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    expect(codeOf(ods)).toBe('FILE_NOT_XLSX');
  });

  it.each([
    ['a .docx', 'word/document.xml', '.docx'],
    ['an .xlsb', 'xl/workbook.bin', '.xlsb'],
    ['any zip', 'readme.txt', 'zip'],
  ])('%s (no xl/workbook.xml) → FILE_NOT_XLSX', (_, name, hint) => {
    const c = checkContainer(
      zip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name, data: Buffer.from('x') },
      ]),
    );
    expect(c.ok ? 'ok' : c.problem.code).toBe('FILE_NOT_XLSX');
    if (!c.ok) expect(c.problem.message).toContain(hint);
  });

  it('an empty zip (end record only) → FILE_NOT_XLSX', () => {
    expect(codeOf(zip([]))).toBe('FILE_NOT_XLSX');
  });
});

describe('checkContainer: damaged zips', () => {
  it.each([0.2, 0.5, 0.9, 0.999])('a zip cut at %s of its length → FILE_CORRUPT', async (fraction) => {
    const bytes = await submission();
    expect(codeOf(bytes.subarray(0, Math.floor(bytes.length * fraction)))).toBe('FILE_CORRUPT');
  });

  it('a damaged central directory → FILE_CORRUPT', async () => {
    const bytes = Buffer.from(await submission());
    const dir = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xdeadbeef, dir);
    expect(codeOf(bytes)).toBe('FILE_CORRUPT');
  });

  it('a directory offset past the end of the file → FILE_CORRUPT', async () => {
    const bytes = Buffer.from(await submission());
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt32LE(bytes.length + 100, end + 16);
    expect(codeOf(bytes)).toBe('FILE_CORRUPT');
  });

  it('data prepended to a zip (offsets shifted) is still read', async () => {
    const bytes = Buffer.concat([Buffer.from('PK-stub-'.repeat(8)), await submission()]);
    expect(codeOf(bytes)).toBe('ok');
  });

  it('a directory count larger than the directory → FILE_CORRUPT', async () => {
    const bytes = Buffer.from(await submission());
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt16LE(bytes.readUInt16LE(end + 10) + 5, end + 10);
    expect(codeOf(bytes)).toBe('FILE_CORRUPT');
  });

  it('a part whose data is damaged fails when read (CRC or inflate) → FILE_CORRUPT', () => {
    const text = Buffer.from('<workbook>'.padEnd(5000, 'x') + '</workbook>');
    const good = zip([{ name: 'xl/workbook.xml', data: text }]);
    const bad = Buffer.from(good);
    for (let i = 40; i < 60; i += 1) bad[i] = bad[i]! ^ 0x5a;
    const c = checkContainer(bad);
    expect(c.ok).toBe(true);
    if (c.ok) {
      const r = readZipEntry(bad, c.entries.get('xl/workbook.xml')!);
      expect(r.ok ? 'ok' : r.problem.code).toBe('FILE_CORRUPT');
    }
  });

  it('a wrong CRC → FILE_CORRUPT', () => {
    const bytes = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }], { 'xl/workbook.xml': { crc: 1234 } });
    const c = checkContainer(bytes);
    if (!c.ok) throw new Error('container');
    const r = readZipEntry(bytes, c.entries.get('xl/workbook.xml')!);
    expect(r.ok ? 'ok' : r.problem.code).toBe('FILE_CORRUPT');
  });

  it('the same part twice → FILE_CORRUPT', () => {
    const part = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
    expect(codeOf(zip([part, part]))).toBe('FILE_CORRUPT');
  });
});

describe('checkContainer: limits', () => {
  it(`over ${LIMITS.fileBytes / 1024 / 1024} MB → FILE_TOO_LARGE`, () => {
    const bytes = Buffer.alloc(LIMITS.fileBytes + 1);
    bytes.write('PK\u0003\u0004', 'latin1');
    const c = checkContainer(bytes);
    expect(c.ok ? 'ok' : c.problem.code).toBe('FILE_TOO_LARGE');
  });

  it(`over ${LIMITS.entries} parts → FILE_TOO_LARGE`, () => {
    const files = Array.from({ length: LIMITS.entries + 1 }, (_, i) => ({ name: `xl/media/p${i}.txt`, data: Buffer.from('x') }));
    expect(codeOf(storedZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, ...files]))).toBe('FILE_TOO_LARGE');
  });

  it('over 100 MB unzipped, as the central directory declares → FILE_TOO_LARGE before inflating', () => {
    const bytes = zip(
      [
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
      ],
      { 'xl/worksheets/sheet1.xml': { size: LIMITS.unzippedBytes } },
    );
    const c = checkContainer(bytes);
    expect(c.ok ? 'ok' : c.problem.code).toBe('FILE_TOO_LARGE');
    if (!c.ok) expect(c.problem.message).toContain('100 MB');
  });

  it('a part that inflates beyond its declared size is stopped while inflating (zip bomb)', () => {
    const bomb = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const bytes = zip([{ name: 'xl/workbook.xml', data: bomb }], { 'xl/workbook.xml': { size: 1000 } });
    expect(bytes.length).toBeLessThan(200_000);
    const c = checkContainer(bytes);
    if (!c.ok) throw new Error(c.problem.message);
    const r = readZipEntry(bytes, c.entries.get('xl/workbook.xml')!);
    expect(r.ok ? 'ok' : r.problem.code).toBe('FILE_TOO_LARGE');
  });
});

describe('storedZip', () => {
  it('writes entries in the order given and reads back', () => {
    const files = [
      { name: '[Content_Types].xml', data: Buffer.from('a') },
      { name: 'xl/workbook.xml', data: Buffer.from('Tiếng Việt') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0) },
    ];
    const back = unzip(storedZip(files));
    expect(back.map((f) => f.name)).toEqual(files.map((f) => f.name));
    expect(back[1]!.data.toString('utf8')).toBe('Tiếng Việt');
  });
});
