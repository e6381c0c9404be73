/**
 * The container of an uploaded file (SPEC §6 FILE_*): what it is by its magic bytes, and, for a
 * zip, its central directory read and bounded before anything is inflated. No dependency: the zip
 * format needed here (stored and deflated entries, ZIP64 sizes) is a few dozen lines, and every
 * limit is checked against the directory before a byte is inflated, then enforced while inflating.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { corrupt, tooLarge } from '../grid/read.js';
import { problem, type Problem } from '../model/problem.js';
import { LIMITS } from '../numbers/limits.js';

export interface ZipEntry {
  /** The name as stored (`xl/workbook.xml`). */
  name: string;
  /** Lower case with `/` separators: OPC part names compare without case. */
  key: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

export type ContainerCheck = { ok: true; entries: Map<string, ZipEntry> } | { ok: false; problem: Problem };
export type EntryRead = { ok: true; data: Buffer } | { ok: false; problem: Problem };

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

// ---------------------------------------------------------------------------------------------
// The central directory

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50 } as const;

class ZipError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const u16 = (b: Buffer, at: number): number => {
  if (at < 0 || at + 2 > b.length) throw new ZipError(corrupt('tệp zip bị cắt cụt'));
  return b.readUInt16LE(at);
};
const u32 = (b: Buffer, at: number): number => {
  if (at < 0 || at + 4 > b.length) throw new ZipError(corrupt('tệp zip bị cắt cụt'));
  return b.readUInt32LE(at);
};
const u64 = (b: Buffer, at: number): number => {
  if (at < 0 || at + 8 > b.length) throw new ZipError(corrupt('tệp zip bị cắt cụt'));
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(corrupt('kích thước trong thư mục zip không hợp lệ'));
  return Number(v);
};

const findEnd = (b: Buffer): number => {
  const last = b.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at -= 1) if (b.readUInt32LE(at) === SIG.end) return at;
  return -1;
};

interface Directory {
  count: number;
  size: number;
  offset: number;
}

const readDirectory = (b: Buffer, end: number): Directory => {
  let dir: Directory = { count: u16(b, end + 10), size: u32(b, end + 12), offset: u32(b, end + 16) };
  if (dir.count === 0xffff || dir.size === 0xffffffff || dir.offset === 0xffffffff) {
    const locator = end - 20;
    if (locator >= 0 && u32(b, locator) === SIG.locator64) {
      const at = u64(b, locator + 8);
      if (u32(b, at) !== SIG.end64) throw new ZipError(corrupt('thư mục ZIP64 không hợp lệ'));
      dir = { count: u64(b, at + 32), size: u64(b, at + 40), offset: u64(b, at + 48) };
    }
  }
  return dir;
};

const utf8 = new TextDecoder('utf-8');

export const partKey = (name: string): string => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

const readEntries = (b: Buffer): Map<string, ZipEntry> => {
  const end = findEnd(b);
  if (end < 0) throw new ZipError(corrupt('không tìm thấy thư mục của tệp zip, có thể tệp bị cắt cụt'));
  const dir = readDirectory(b, end);
  if (dir.count > LIMITS.entries) throw new ZipError(tooLarge(`có ${dir.count} phần trong tệp, tối đa ${LIMITS.entries}`));
  // Data prepended to the zip (a self-extracting stub) shifts every offset by the same amount.
  let shift = 0;
  if (dir.offset + dir.size <= b.length && dir.count > 0 && b.readUInt32LE(dir.offset) !== SIG.central) {
    const actual = end - dir.size;
    if (actual > dir.offset && actual + 4 <= b.length && b.readUInt32LE(actual) === SIG.central) shift = actual - dir.offset;
  }
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let at = dir.offset + shift;
  for (let i = 0; i < dir.count; i += 1) {
    if (u32(b, at) !== SIG.central) throw new ZipError(corrupt('thư mục của tệp zip không hợp lệ'));
    const flags = u16(b, at + 8);
    const method = u16(b, at + 10);
    const crc = u32(b, at + 16);
    let compressedSize = u32(b, at + 20);
    let size = u32(b, at + 24);
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const commentLength = u16(b, at + 32);
    let localOffset = u32(b, at + 42);
    const nameStart = at + 46;
    if (nameStart + nameLength + extraLength + commentLength > b.length) throw new ZipError(corrupt('tệp zip bị cắt cụt'));
    const name = utf8.decode(b.subarray(nameStart, nameStart + nameLength));
    // ZIP64 extra field: the 8-byte values, in this order, of those set to 0xFFFFFFFF.
    for (let x = nameStart + nameLength; x + 4 <= nameStart + nameLength + extraLength; ) {
      const id = u16(b, x);
      const len = u16(b, x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) (size = u64(b, p)), (p += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(b, p)), (p += 8);
        if (localOffset === 0xffffffff) localOffset = u64(b, p);
      }
      x += 4 + len;
    }
    at = nameStart + nameLength + extraLength + commentLength;
    total += size;
    if (total > LIMITS.unzippedBytes)
      throw new ZipError(tooLarge(`dung lượng sau khi giải nén vượt ${LIMITS.unzippedBytes / MB} MB`));
    if (name.endsWith('/')) continue;
    const key = partKey(name);
    if (entries.has(key)) throw new ZipError(corrupt(`phần "${name}" xuất hiện hai lần`));
    entries.set(key, { name, key, method, flags, crc32: crc, compressedSize, size, localOffset: localOffset + shift });
  }
  return entries;
};

/** Inflates one entry, never beyond its declared size; checks its CRC. */
export const readZipEntry = (bytes: Uint8Array, entry: ZipEntry): EntryRead => {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (entry.flags & 0x1) return { ok: false, problem: problem('FILE_ENCRYPTED', null, 'Tệp được đặt mật khẩu. Hãy gỡ mật khẩu, lưu lại dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.') };
    const at = entry.localOffset;
    if (u32(b, at) !== SIG.local) return { ok: false, problem: corrupt(`phần "${entry.name}" không hợp lệ`) };
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const stop = start + entry.compressedSize;
    if (stop > b.length) return { ok: false, problem: corrupt('tệp zip bị cắt cụt') };
    const raw = b.subarray(start, stop);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          return { ok: false, problem: tooLarge(`phần "${entry.name}" giải nén ra nhiều hơn kích thước khai báo`) };
        return { ok: false, problem: corrupt(`không giải nén được phần "${entry.name}"`) };
      }
    } else return { ok: false, problem: corrupt(`phần "${entry.name}" dùng kiểu nén ${entry.method} không được hỗ trợ`) };
    if (data.length !== entry.size) return { ok: false, problem: corrupt(`phần "${entry.name}" có kích thước sai`) };
    if (crc32(data) >>> 0 !== entry.crc32 >>> 0) return { ok: false, problem: corrupt(`phần "${entry.name}" sai mã kiểm tra CRC`) };
    return { ok: true, data };
  } catch (e) {
    if (e instanceof ZipError) return { ok: false, problem: e.problem };
    return { ok: false, problem: corrupt(`phần "${entry.name}": ${(e as Error).message}`) };
  }
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
export const checkContainer = (bytes: Uint8Array): ContainerCheck => {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 0) return { ok: false, problem: notXlsx('Tệp rỗng (0 byte)') };
  if (b.subarray(0, 8).equals(OLE_MAGIC) && holdsEncryptedPackage(b))
    return {
      ok: false,
      problem: problem('FILE_ENCRYPTED', null, 'Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu: để trống), lưu dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.'),
    };
  if (b.length < 4 || b[0] !== 0x50 || b[1] !== 0x4b) return { ok: false, problem: describeOther(b) };
  if (b.length > LIMITS.fileBytes)
    return { ok: false, problem: tooLarge(`${(b.length / MB).toFixed(1).replace('.', ',')} MB, tối đa ${LIMITS.fileBytes / MB} MB`) };
  if (b.length < 22) return { ok: false, problem: corrupt('tệp zip bị cắt cụt') };
  let entries: Map<string, ZipEntry>;
  try {
    entries = readEntries(b);
  } catch (e) {
    if (e instanceof ZipError) return { ok: false, problem: e.problem };
    return { ok: false, problem: corrupt((e as Error).message) };
  }
  const wrong = classifyZip(b, entries);
  return wrong ? { ok: false, problem: wrong } : { ok: true, entries };
};

// ---------------------------------------------------------------------------------------------
// Writing: a stored (uncompressed) zip, entries in the order given

/** A zip of stored entries in the given order (for the streaming reader, which needs a given order). */
export const storedZip = (files: { name: string; data: Buffer }[]): Buffer => {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG.local, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(SIG.central, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(0, 10);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(f.data.length, 20);
    dir.writeUInt32LE(f.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, f.data);
    central.push(dir, name);
    offset += 30 + name.length + f.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG.end, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
};
