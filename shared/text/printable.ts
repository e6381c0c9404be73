/**
 * A name as it may be printed on a terminal: control characters (C0, DEL, C1 — so ANSI escape
 * sequences and newlines), line and paragraph separators and bidirectional overrides become `\uXXXX`
 * escapes (a backslash is left as it is), so a file name cannot move the cursor, recolour the
 * terminal, forge a progress line or reverse the text that follows it.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export const printable = (name: string): string => name.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
