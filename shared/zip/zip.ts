/**
 * The zip format as far as workbooks need it: the central directory read and bounded before
 * anything is inflated, one entry inflated within its declared size and checked, and a zip of
 * stored entries written. No dependency: stored and deflated entries and ZIP64 sizes are a few
 * dozen lines, and every limit is checked against the directory, then enforced while inflating.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { corrupt, problem, tooLarge, type Problem } from '../model/problem.js';

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

export interface ZipLimits {
  entries: number;
  /** Every entry, uncompressed, as the central directory declares it. */
  unzippedBytes: number;
}

export type DirectoryRead = { ok: true; entries: Map<string, ZipEntry> } | { ok: false; problem: Problem };
export type EntryRead = { ok: true; data: Buffer } | { ok: false; problem: Problem };

const MB = 1024 * 1024;

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

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

// ---------------------------------------------------------------------------------------------
// The central directory

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

const partKey = (name: string): string => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

const readEntries = (b: Buffer, limits: ZipLimits): Map<string, ZipEntry> => {
  const end = findEnd(b);
  if (end < 0) throw new ZipError(corrupt('không tìm thấy thư mục của tệp zip, có thể tệp bị cắt cụt'));
  const dir = readDirectory(b, end);
  if (dir.count > limits.entries) throw new ZipError(tooLarge(`có ${dir.count} phần trong tệp, tối đa ${limits.entries}`));
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
    if (total > limits.unzippedBytes) throw new ZipError(tooLarge(`dung lượng sau khi giải nén vượt ${limits.unzippedBytes / MB} MB`));
    if (name.endsWith('/')) continue;
    const key = partKey(name);
    if (entries.has(key)) throw new ZipError(corrupt(`phần "${name}" xuất hiện hai lần`));
    entries.set(key, { name, key, method, flags, crc32: crc, compressedSize, size, localOffset: localOffset + shift });
  }
  return entries;
};

/** The entries of a zip by part key (`partKey`), within `limits`; FILE_CORRUPT or FILE_TOO_LARGE otherwise. */
export const readZipDirectory = (bytes: Uint8Array, limits: ZipLimits): DirectoryRead => {
  try {
    return { ok: true, entries: readEntries(asBuffer(bytes), limits) };
  } catch (e) {
    if (e instanceof ZipError) return { ok: false, problem: e.problem };
    return { ok: false, problem: corrupt((e as Error).message) };
  }
};

// ---------------------------------------------------------------------------------------------
// One entry

/** Inflates one entry, never beyond its declared size; checks its CRC. */
export const readZipEntry = (bytes: Uint8Array, entry: ZipEntry): EntryRead => {
  const b = asBuffer(bytes);
  try {
    if (entry.flags & 0x1)
      return {
        ok: false,
        problem: problem('FILE_ENCRYPTED', null, 'Tệp được đặt mật khẩu. Hãy gỡ mật khẩu, lưu lại dưới dạng Sổ làm việc Excel (.xlsx) rồi nộp lại.'),
      };
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
