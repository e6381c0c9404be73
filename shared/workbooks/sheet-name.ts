const INVALID = /[[\]:*?/\\]/g;

/**
 * A valid, unique worksheet name from free text (a group name): no `[]:*?/\`, no apostrophe (exceljs
 * does not escape it in print-title names), at most 31 characters, unique without regard to case.
 * Adds the name to `taken`.
 */
export const sheetName = (wanted: string, taken: Set<string>, fallback = 'Trang'): string => {
  const clean = wanted
    .normalize('NFC')
    .replace(INVALID, ' ')
    .replace(/['\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const base = clean === '' || clean.toLowerCase() === 'history' ? fallback : clean;
  const cut = (s: string, n: number) => {
    const chars = [...s];
    let out = '';
    for (const ch of chars) {
      if (out.length + ch.length > n) break;
      out += ch;
    }
    return out.trim();
  };
  let name = cut(base, 31);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = cut(base, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
};
