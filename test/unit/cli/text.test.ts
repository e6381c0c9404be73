/** Text helpers of the command line: JSON errors as line:column, names safe to print on a terminal. */
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset, jsonErrorPosition, lineColumn } from '../../../shared/text/json-position.js';
import { printable } from '../../../shared/text/printable.js';

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error('valid JSON');
};

describe('JSON errors as line:column', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": }\n', 3, 8],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['{"STP-QNG": ', 1, 13],
    ['', 1, 1],
    ['{"a": 1}}', 1, 9],
    ['[1,\r\n2,,3]', 2, 3],
    ['{"a": tru}', 1, 10],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ['{"a": "\\uZZZZ"}', 1, 10],
    ["{'a': 1}", 1, 2],
  ])('%j fails at line %i, column %i', (text, line, column) => {
    expect(jsonErrorPosition(text)).toMatchObject({ line, column });
  });

  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "\\"\\u00e9\\n"]} ', '"x"', '0'])
      expect([text, jsonErrorOffset(text)]).toEqual([text, undefined]);
  });

  it('agrees with JSON.parse: every prefix of a valid document is invalid exactly when JSON.parse says so', () => {
    const doc = '{"STP-QNG": {"I.1": "8", "III.1": {"achieved": "2853", "base": "2753"}}, "x": [1, 2.5, null]}';
    for (let n = 0; n <= doc.length; n++) {
      const text = doc.slice(0, n);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect([text, jsonErrorOffset(text) === undefined]).toEqual([text, valid]);
    }
  });

  it('counts lines after \\n, \\r\\n and \\r', () => {
    expect(lineColumn('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1, offset: 7 });
  });

  it('puts the line and column before the message of JSON.parse', () => {
    const text = '{\n "a": }';
    expect(describeJsonError(text, errorOf(text))).toMatch(/^dòng 2, cột 7: Unexpected token/);
  });
});

describe('names printed on a terminal', () => {
  it('escape control characters, ANSI sequences, newlines and bidirectional overrides', () => {
    expect(printable('a\u001b[31mđỏ\u001b[0m.xlsx')).toBe('a\\u001B[31mđỏ\\u001B[0m.xlsx');
    expect(printable('x.xlsx\n[2/2] giả.xlsx: tiếp nhận')).toBe('x.xlsx\\u000A[2/2] giả.xlsx: tiếp nhận');
    expect(printable('a\rb\tc\u0007\u009b\u007f')).toBe('a\\u000Db\\u0009c\\u0007\\u009B\\u007F');
    expect(printable('hóa đơn\u202Exslx.exe')).toBe('hóa đơn\\u202Exslx.exe');
  });

  it('leave ordinary Vietnamese names as they are', () => {
    expect(printable('Sở Tư pháp Khánh Hòa (bản sửa) ~2.xlsx')).toBe('Sở Tư pháp Khánh Hòa (bản sửa) ~2.xlsx');
  });
});
