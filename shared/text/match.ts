/** SPEC §5 text matching: NFD, no combining marks, đ → d, lower case, no zero-width, spaces collapsed. */
export const matchKey = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();

/** Vietnamese text as we write it: NFC. */
export const nfc = (text: string): string => text.normalize('NFC');
