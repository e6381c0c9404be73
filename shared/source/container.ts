/**
 * The container of an uploaded file (SPEC §6 FILE_*): what it is by its magic bytes, and, for a
 * zip, its central directory read and bounded (zip/zip.ts) before anything is inflated.
 */
import { corrupt, problem, tooLarge, type Problem } from '../model/problem.js';
import { readZipDirectory, readZipEntry, type DirectoryRead, type ZipEntry } from '../zip/zip.js';
import { LIMITS } from '../numbers/limits.js';

const SAVE_AS = 'Hãy lưu tệp dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.';
const MB = 1024 * 1024;

const notXlsx = (what: string): Problem => problem('FILE_NOT_XLSX', null, `${what} không phải sổ làm việc Excel (.xlsx). ${SAVE_AS}`);

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * An OLE directory entry is 128 bytes, aligned on 128 within the file (sectors are 512 or 4096
 * bytes after a header of the same size): its name in UTF-16LE at 0, the name's byte length with
 * the terminator at 64 (34 for `EncryptedPackage`), and its type at 66 (2: stream).
 */
const holdsEncryptedPackage = (buf: Buffer): boolean => {
  for (let at = buf.indexOf(ENCRYPTED_PACKAGE, 512); at >= 0; at = buf.indexOf(ENCRYPTED_PACKAGE, at + 2)) {
    if (at % 128 === 0 && at + 67 <= buf.length && buf.readUInt16LE(at + 64) === 34 && buf[at + 66] === 2) return true;
  }
  return false;
};

const looksLikeText = (buf: Buffer): boolean => {
  const head = buf.subarray(0, 4096);
  let controls = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) controls += 1;
  return controls <= head.length / 100;
};

/** What a non-zip file most likely is, for the message. */
const describeOther = (buf: Buffer): Problem => {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return notXlsx('Tệp PDF');
  if (buf.subarray(0, 8).equals(OLE_MAGIC)) return notXlsx('Tệp Excel 97–2003 (.xls) hoặc tệp Office cũ');
  if (/^\s*<(\?xml|html|!doctype)/i.test(buf.subarray(0, 256).toString('latin1'))) return notXlsx('Tệp XML/HTML');
  if (looksLikeText(buf)) return notXlsx('Tệp văn bản (CSV hoặc TXT)');
  return notXlsx('Tệp');
};

const ODS = 'application/vnd.oasis.opendocument';

const classifyZip = (bytes: Uint8Array, entries: Map<string, ZipEntry>): Problem | null => {
  const mimetype = entries.get('mimetype');
  if (mimetype && mimetype.size < 200) {
    const read = readZipEntry(bytes, mimetype);
    if (read.ok && read.data.toString('latin1').startsWith(ODS)) return notXlsx('Tệp OpenDocument (.ods)');
  }
  if (entries.has('xl/workbook.xml')) return null;
  if (entries.has('xl/workbook.bin')) return notXlsx('Tệp Excel nhị phân (.xlsb)');
  if (entries.has('word/document.xml')) return notXlsx('Tệp Word (.docx)');
  if (entries.has('ppt/presentation.xml')) return notXlsx('Tệp PowerPoint (.pptx)');
  if (entries.has('content.xml')) return notXlsx('Tệp OpenDocument');
  return notXlsx('Tệp nén zip');
};

/**
 * Sniffs and bounds a file: empty, PDF, CSV, `.xls` and anything not a zip → FILE_NOT_XLSX; an
 * OLE container holding `EncryptedPackage` → FILE_ENCRYPTED; a zip over the limits →
 * FILE_TOO_LARGE; a truncated zip or bad directory → FILE_CORRUPT; a zip that is not a workbook
 * (ODS, DOCX, no `xl/workbook.xml`) → FILE_NOT_XLSX.
 */
export const checkContainer = (bytes: Uint8Array): DirectoryRead => {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 0) return { ok: false, problem: notXlsx('Tệp rỗng (0 byte)') };
  if (b.subarray(0, 8).equals(OLE_MAGIC) && holdsEncryptedPackage(b))
    return {
      ok: false,
      problem: problem(
        'FILE_ENCRYPTED',
        null,
        'Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu: để trống), lưu dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.',
      ),
    };
  if (b.length < 4 || b[0] !== 0x50 || b[1] !== 0x4b) return { ok: false, problem: describeOther(b) };
  if (b.length > LIMITS.fileBytes)
    return { ok: false, problem: tooLarge(`${(b.length / MB).toFixed(1).replace('.', ',')} MB, tối đa ${LIMITS.fileBytes / MB} MB`) };
  if (b.length < 22) return { ok: false, problem: corrupt('tệp zip bị cắt cụt') };
  const read = readZipDirectory(b, LIMITS);
  if (!read.ok) return read;
  const wrong = classifyZip(b, read.entries);
  return wrong ? { ok: false, problem: wrong } : read;
};
