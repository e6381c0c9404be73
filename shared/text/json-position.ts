/**
 * Where JSON text stops being JSON, as line:column. Node 20's JSON.parse gives a character position
 * only for some errors ("… at position 14") and none for others ("Unexpected token '}', … is not
 * valid JSON", "Unexpected end of JSON input"): a small scan finds the offset of the first error.
 */

export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (UTF-16 units) of that line. */
  column: number;
  offset: number;
}

/** The line and column of a character offset in `text` (lines end at \n, \r\n or \r). */
export const lineColumn = (text: string, offset: number): JsonPosition => {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: at - start + 1, offset: at };
};

/** The offset of the first character that makes `text` invalid JSON (text.length: it ended too soon), or undefined when it is valid. */
export const jsonErrorOffset = (text: string): number | undefined => {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) i--, fail();
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) (i += k), fail();
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const digits = (atLeastOne: boolean) => {
    const from = i;
    while (/[0-9]/.test(text[i] ?? '')) i++;
    if (atLeastOne && i === from) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits(true);
    if (text[i] === '.') i++, digits(true);
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits(true);
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return Math.min(at, text.length);
  }
};

/** "dòng 3, cột 7" of the first error in `text` (undefined when it is valid JSON). */
export const jsonErrorPosition = (text: string): JsonPosition | undefined => {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineColumn(text, offset);
};

/** A JSON.parse failure of `text` in Vietnamese with its line and column: `dòng 3, cột 7: Unexpected …`. */
export const describeJsonError = (text: string, e: unknown): string => {
  const why = e instanceof Error ? e.message : String(e);
  const at = jsonErrorPosition(text);
  return at ? `dòng ${at.line}, cột ${at.column}: ${why}` : why;
};
