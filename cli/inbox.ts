/**
 * The folder of `bloc run --in`: which entries are received files, in which order, and how each is
 * read. Files are taken in order of modification time, then name (SPEC §8): the corrected file a
 * unit saved last counts, whatever its name. Hidden files and office lock files are skipped, and
 * so are subfolders, symbolic links (never followed: a link to /etc/passwd is not a submission)
 * and anything else that is not a regular file, each with a line saying so. A file over the size
 * limit is refused without being read; any other is read up to one byte past the limit at most.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '#shared/numbers/limits.js';
import { printable } from '#shared/text/printable.js';
import { UsageError } from './errors.js';

/** A regular file of the folder, as listed. */
export interface ListedFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface Skipped {
  name: string;
  /** What it is, in Vietnamese, for the progress line `bỏ qua <kind> "<name>" (<note>)`. */
  kind: string;
  note?: string;
}

export interface Inbox {
  files: ListedFile[];
  skipped: Skipped[];
}

/** Files people never meant to send: hidden (dot) files, Windows' thumbnails and folder settings. */
const isHidden = (name: string) => name.startsWith('.') || /^(thumbs\.db|desktop\.ini|ehthumbs\.db)$/i.test(name);
/** Office writes `~$<name>` beside a workbook open in Excel (LibreOffice's `.~lock.<name>#` is hidden). */
const isLockFile = (name: string) => name.startsWith('~$');

const byTimeThenName = (a: ListedFile, b: ListedFile) => (a.mtimeMs !== b.mtimeMs ? a.mtimeMs - b.mtimeMs : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The received files of `dir` in the order they are taken, and what was skipped (in name order). */
export const listInbox = async (dir: string): Promise<Inbox> => {
  // The folder named on the command line may itself be a link to a folder: that is the user's choice.
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`--in "${dir}" không phải thư mục`);
  const files: ListedFile[] = [];
  const skipped: Skipped[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    // lstat: a link is judged as a link, never by what it points to.
    const s = await lstat(path).catch(() => null);
    if (!s) skipped.push({ name, kind: 'mục', note: 'không còn trong thư mục' });
    else if (s.isSymbolicLink()) skipped.push({ name, kind: 'liên kết', note: 'không đọc tệp mà liên kết trỏ tới; hãy chép chính tệp vào thư mục' });
    else if (s.isDirectory()) skipped.push({ name, kind: 'thư mục con', note: 'chỉ đọc các tệp nằm ngay trong --in' });
    else if (!s.isFile()) skipped.push({ name, kind: 'mục', note: 'không phải tệp thường' });
    else if (isLockFile(name)) skipped.push({ name, kind: 'tệp khóa của Office', note: 'Excel tạo ra khi tệp đang mở' });
    else if (isHidden(name)) skipped.push({ name, kind: 'tệp ẩn' });
    else files.push({ name, path, size: s.size, mtimeMs: s.mtimeMs });
  }
  return { files: files.sort(byTimeThenName), skipped };
};

/** A file over the limit (SPEC §6 FILE_TOO_LARGE), found by its size: never read. */
export class FileTooLarge extends Error {
  override name = 'FileTooLarge';
  constructor(readonly size: number) {
    super(`${size} bytes`);
  }
}

/**
 * The file's bytes, read through a descriptor opened without following a link (a file replaced by
 * a link after listing is refused too) and only after its size is known: over `limit`, nothing is
 * read (FileTooLarge); otherwise at most `limit + 1` bytes, so a file that grows meanwhile is still
 * judged too large rather than read whole.
 */
export const readBounded = async (path: string, limit: number = LIMITS.fileBytes): Promise<Uint8Array> => {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const s = await fh.stat();
    if (!s.isFile()) throw Object.assign(new Error('không phải tệp thường'), { code: 'ENOTFILE' });
    if (s.size > limit) throw new FileTooLarge(s.size);
    // Sized to the file (plus one byte, to see it grow), widened to the limit only if it does grow.
    let buf = Buffer.alloc(s.size + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) {
        if (buf.length > limit) break;
        const wider = Buffer.alloc(limit + 1);
        buf.copy(wider, 0, 0, n);
        buf = wider;
      }
    }
    if (n > limit) throw new FileTooLarge(n);
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
};

/** The progress line of a skipped entry (the name made safe to print). */
export const skippedLine = (s: Skipped): string => `bỏ qua ${s.kind} "${printable(s.name)}"${s.note ? ` (${s.note})` : ''}`;
