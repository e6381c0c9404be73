import { createHash } from 'node:crypto';

/**
 * A name that fits in `maxBytes` of UTF-8: the name itself when it fits, else its beginning, a hash
 * of the whole name (`~1a2b3c4d`, so two long names stay apart) and, if asked, its extension.
 */
export const fitName = (name: string, maxBytes: number, keepExtension = false): string => {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const extension = keepExtension ? (/\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '') : '';
  const tag = `~${createHash('sha256').update(name).digest('hex').slice(0, 8)}${extension}`;
  let head = '';
  for (const ch of name) {
    if (Buffer.byteLength(head + ch + tag) > maxBytes) break;
    head += ch;
  }
  return head + tag;
};
