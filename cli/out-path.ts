/** Where --out points, checked before any work: a wrong kind of path is a usage error (exit 2), not EEXIST. */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

const kindOf = async (path: string) => {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (!(s instanceof Error)) return s.isDirectory() ? 'dir' : 'file';
  return s.code === 'ENOTDIR' ? 'under-file' : 'none';
};

/** The nearest ancestor of `path` that exists and is not a folder. */
const fileOnTheWay = async (path: string): Promise<string | undefined> => {
  for (let p = resolve(path); ; p = dirname(p)) {
    const s = await stat(p).catch(() => null);
    if (s) return s.isDirectory() ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
};

const mkdirOrExplain = async (dir: string, flag: string) => {
  const onTheWay = await fileOnTheWay(dir);
  if (onTheWay) throw new UsageError(`${flag} "${dir}": không tạo được thư mục vì "${onTheWay}" là một tệp, không phải thư mục`);
  await mkdir(dir, { recursive: true });
};

/** A folder for the outputs: created when missing; an existing folder is fine, an existing file is not. */
export const outputDir = async (dir: string, flag = '--out'): Promise<void> => {
  if ((await kindOf(dir)) === 'file') throw new UsageError(`${flag} "${dir}" là một tệp đã có; ${flag} phải là thư mục (hãy chọn tên khác hoặc xóa tệp đó)`);
  await mkdirOrExplain(dir, flag);
};

/** A file to write: it may replace a file, never a folder; its folder is created when missing. */
export const outputFile = async (file: string, flag = '--out'): Promise<void> => {
  if ((await kindOf(file)) === 'dir') throw new UsageError(`${flag} "${file}" là một thư mục; ${flag} phải là đường dẫn của tệp`);
  await mkdirOrExplain(dirname(file), flag);
};

/** Checks an output file's path without creating anything. */
export const checkOutputFile = async (file: string, flag = '--out'): Promise<void> => {
  if ((await kindOf(file)) === 'dir') throw new UsageError(`${flag} "${file}" là một thư mục; ${flag} phải là đường dẫn của tệp`);
  const onTheWay = await fileOnTheWay(dirname(file));
  if (onTheWay) throw new UsageError(`${flag} "${file}": "${onTheWay}" là một tệp, không phải thư mục`);
  if (!(await stat(dirname(resolve(file))).catch(() => null))) throw new UsageError(`${flag} "${file}": thư mục "${dirname(file)}" không tồn tại`);
};
