/**
 * The parts of a checked container (container.ts) as the reader asks for them: each one bounded by
 * LIMITS.partBytes against its declared size before a byte is inflated, and never inflated past
 * that size (readZipEntry), so a bomb costs at most what its directory admits.
 */
import { corrupt, tooLarge } from '../model/problem.js';
import { LIMITS } from '../numbers/limits.js';
import { readZipEntry, type ZipEntry } from '../zip/zip.js';
import { ReadError } from './xlsx-xml.js';

const MB = 1024 * 1024;

export interface Parts {
  has(key: string): boolean;
  /** The inflated part, or null when it is absent and optional. */
  read(key: string, required: boolean): Buffer | null;
}

export const zipParts = (bytes: Uint8Array, entries: Map<string, ZipEntry>): Parts => ({
  has: (key) => entries.has(key),
  read: (key, required) => {
    const entry = entries.get(key);
    if (!entry) {
      if (required) throw new ReadError(corrupt(`thiếu phần "${key}"`));
      return null;
    }
    if (entry.size > LIMITS.partBytes) throw new ReadError(tooLarge(`phần "${entry.name}" giải nén ra hơn ${LIMITS.partBytes / MB} MB`));
    const r = readZipEntry(bytes, entry);
    if (!r.ok) throw new ReadError(r.problem);
    return r.data;
  },
});
