/** The folder of `bloc run --in`: order, what is skipped, and bounded reads (SPEC §8, §6 FILE_TOO_LARGE). */
import { mkdir, open, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTooLarge, listInbox, readBounded, skippedLine } from '../../../cli/inbox.js';
import { tempFiles } from '../../support/rubric-builders.js';

const at = (iso: string) => new Date(iso);

describe('the order files are taken in', () => {
  it('is modification time, then name: the corrected file saved last counts, whatever its name', async () => {
    const dir = await tempFiles({ 'STP-HUE (bản sửa).xlsx': 'b', 'STP-HUE.xlsx': 'a', 'STP-KHA.xlsx': 'c', 'STP-DNO.xlsx': 'd' });
    await utimes(join(dir, 'STP-HUE.xlsx'), at('2025-11-18T08:00:00Z'), at('2025-11-18T08:00:00Z'));
    await utimes(join(dir, 'STP-HUE (bản sửa).xlsx'), at('2025-11-19T08:00:00Z'), at('2025-11-19T08:00:00Z'));
    for (const f of ['STP-KHA.xlsx', 'STP-DNO.xlsx']) await utimes(join(dir, f), at('2025-11-17T08:00:00Z'), at('2025-11-17T08:00:00Z'));
    const { files } = await listInbox(dir);
    expect(files.map((f) => f.name)).toEqual(['STP-DNO.xlsx', 'STP-KHA.xlsx', 'STP-HUE.xlsx', 'STP-HUE (bản sửa).xlsx']);
    // The other way round: the file without a suffix saved last is the one taken last.
    await utimes(join(dir, 'STP-HUE.xlsx'), at('2025-11-20T08:00:00Z'), at('2025-11-20T08:00:00Z'));
    expect((await listInbox(dir)).files.map((f) => f.name).slice(2)).toEqual(['STP-HUE (bản sửa).xlsx', 'STP-HUE.xlsx']);
  });
});

describe('what is skipped, each with a line', () => {
  it('hidden files, office lock files, subfolders and links; never what a link points to', async () => {
    const dir = await tempFiles({
      'STP-HUE.xlsx': 'x',
      '~$STP-HUE.xlsx': 'lock',
      '.DS_Store': 'mac',
      '.~lock.STP-KHA.xlsx#': 'lo',
      'Thumbs.db': 'win',
      'cũ/STP-HUE.xlsx': 'old',
    });
    await symlink('/etc/passwd', join(dir, 'passwd.xlsx'));
    await symlink(join(dir, 'cũ'), join(dir, 'link-to-folder'));
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling.xlsx'));
    const { files, skipped } = await listInbox(dir);
    expect(files.map((f) => f.name)).toEqual(['STP-HUE.xlsx']);
    expect(Object.fromEntries(skipped.map((s) => [s.name, s.kind]))).toEqual({
      '.DS_Store': 'tệp ẩn',
      '.~lock.STP-KHA.xlsx#': 'tệp ẩn',
      'Thumbs.db': 'tệp ẩn',
      '~$STP-HUE.xlsx': 'tệp khóa của Office',
      cũ: 'thư mục con',
      'passwd.xlsx': 'liên kết',
      'link-to-folder': 'liên kết',
      'dangling.xlsx': 'liên kết',
    });
    expect(skippedLine(skipped.find((s) => s.name === 'cũ')!)).toMatch(/^bỏ qua thư mục con "cũ" \(/);
  });

  it('a name with control characters is printed escaped', async () => {
    const dir = await tempFiles({});
    await mkdir(join(dir, 'a\u001b[2Jb\nc'));
    const { skipped } = await listInbox(dir);
    expect(skippedLine(skipped[0]!)).toBe('bỏ qua thư mục con "a\\u001B[2Jb\\u000Ac" (chỉ đọc các tệp nằm ngay trong --in)');
  });

  it('refuses a --in that is no folder', async () => {
    const dir = await tempFiles({ 'f.xlsx': 'x' });
    await expect(listInbox(join(dir, 'f.xlsx'))).rejects.toThrow(/không phải thư mục/);
    await expect(listInbox(join(dir, 'none'))).rejects.toThrow(/không phải thư mục/);
  });
});

/** A sparse file of `size` bytes: nothing is written, so it costs no disk. */
const sparse = async (path: string, size: number) => {
  const fh = await open(path, 'w');
  await fh.truncate(size);
  await fh.close();
};

describe('bounded reads', () => {
  it('reads a file under the limit whole', async () => {
    const dir = await tempFiles({ 'a.xlsx': 'PK\u0003\u0004 bytes' });
    expect(Buffer.from(await readBounded(join(dir, 'a.xlsx'), 100)).toString()).toBe('PK\u0003\u0004 bytes');
    expect((await readBounded(join(dir, 'a.xlsx'), 10)).byteLength).toBe(10);
  });

  it('refuses a file over the limit by its size: a 1.5 GB or 2 GiB file is not read', async () => {
    const dir = await tempFiles({});
    for (const size of [10 * 1024 * 1024 + 1, 1.5e9, 2 ** 31, 2 ** 32 + 5]) {
      const file = join(dir, `big-${size}.xlsx`);
      await sparse(file, size);
      const e = await readBounded(file).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FileTooLarge);
      expect((e as FileTooLarge).size).toBe(size);
      expect((await listInbox(dir)).files.find((f) => f.name === `big-${size}.xlsx`)?.size).toBe(size);
    }
  });

  it('reads exactly the limit, and a file at the limit is not too large', async () => {
    const dir = await tempFiles({});
    await writeFile(join(dir, 'at.xlsx'), Buffer.alloc(64, 1));
    expect((await readBounded(join(dir, 'at.xlsx'), 64)).byteLength).toBe(64);
    await expect(readBounded(join(dir, 'at.xlsx'), 63)).rejects.toBeInstanceOf(FileTooLarge);
  });

  it('does not follow a link, even one put in place after the folder was listed', async () => {
    const dir = await tempFiles({});
    await symlink('/etc/passwd', join(dir, 'x.xlsx'));
    await expect(readBounded(join(dir, 'x.xlsx'))).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
