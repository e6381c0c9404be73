import { describe, expect, it } from 'vitest';
import { parseInstant, reportBaseName } from '../../../cli/run.js';

describe('--received-at', () => {
  it('takes an instant with an offset or Z as it is', () => {
    expect(parseInstant('2025-11-21T08:00:00+07:00', 'UTC').toISOString()).toBe('2025-11-21T01:00:00.000Z');
    expect(parseInstant('2025-11-20T17:00:00Z', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2025-11-20T17:00:00.000Z');
  });

  it("reads a time without an offset as the bloc's wall-clock time, whatever the machine's zone", () => {
    expect(parseInstant('2025-11-20T23:00:00', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2025-11-20T16:00:00.000Z');
    expect(parseInstant('2025-11-20T23:59:59', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2025-11-20T16:59:59.000Z');
    expect(parseInstant('2025-11-21', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2025-11-20T17:00:00.000Z');
  });

  it.each(['hôm qua', '21/11/2025', '2025-13-45T99:00:00'])('refuses %s', (text) => {
    expect(() => parseInstant(text, 'Asia/Ho_Chi_Minh')).toThrow(/ISO 8601/);
  });
});

describe('report names', () => {
  it('are the input file name as SPEC §8 says', () => {
    expect(reportBaseName('Sở Tư pháp Khánh Hòa (bản 2).xlsx')).toBe('Sở Tư pháp Khánh Hòa (bản 2).xlsx');
  });

  it('keep the beginning and a hash when the file system could not hold the name with its suffix', () => {
    const long = `${'Bảng tự chấm điểm thi đua '.repeat(12)}.xlsx`;
    const name = reportBaseName(long);
    expect(Buffer.byteLength(`${name}.annotated.xlsx`)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^Bảng tự chấm điểm thi đua .*~[0-9a-f]{8}$/);
    expect(reportBaseName(`${long}x`)).not.toBe(name);
  });
});
