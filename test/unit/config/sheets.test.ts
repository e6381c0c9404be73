import { describe, expect, it } from 'vitest';
import { ConfigError } from '#shared/config/problems.js';
import { loadSheetsConfig, parseSheetsConfig, parseSpreadsheetRef, sheetUrl } from '#shared/config/sheets.js';
import { sampleBloc } from '../../support/sample.js';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd';
const ID2 = '1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-zyxw';

const problems = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => [p.path, p.message]);
  }
  throw new Error('no ConfigError');
};

describe('sheets.json', () => {
  it('takes a spreadsheet id or any link to it', () => {
    for (const ref of [
      ID,
      `https://docs.google.com/spreadsheets/d/${ID}/edit#gid=0`,
      `https://docs.google.com/spreadsheets/d/${ID}`,
      `https://docs.google.com/spreadsheets/u/1/d/${ID}/edit?usp=sharing`,
      ` ${ID} `,
    ])
      expect(parseSpreadsheetRef(ref)).toEqual({ id: ID });
  });

  it('refuses what is not a spreadsheet link, with the reason', () => {
    expect(parseSpreadsheetRef('https://docs.google.com/spreadsheets/d/e/2PACX-1vQabc/pubhtml')).toMatchObject({
      reason: expect.stringContaining('Xuất bản lên web'),
    });
    expect(parseSpreadsheetRef(`https://drive.google.com/file/d/${ID}/view`)).toMatchObject({ reason: expect.any(String) });
    expect(parseSpreadsheetRef('bảng tính của tôi')).toMatchObject({ reason: expect.any(String) });
  });

  it('gives one registration per period and unit, with the canonical link', async () => {
    const bloc = await sampleBloc();
    expect(
      parseSheetsConfig(
        { Y: { 'STP-KHA': `https://docs.google.com/spreadsheets/d/${ID}/edit#gid=5`, 'THADS-KHA': ID2 }, H1: { 'STP-KHA': ID } },
        bloc,
        'sheets.json',
      ),
    ).toEqual([
      { period: 'Y', unit: 'STP-KHA', spreadsheetId: ID, url: sheetUrl(ID) },
      { period: 'Y', unit: 'THADS-KHA', spreadsheetId: ID2, url: sheetUrl(ID2) },
      { period: 'H1', unit: 'STP-KHA', spreadsheetId: ID, url: `https://docs.google.com/spreadsheets/d/${ID}/edit` },
    ]);
  });

  it('lists every problem: unknown period and unit, bad link, one sheet for two units, wrong shape', async () => {
    const bloc = await sampleBloc();
    expect(problems(() => parseSheetsConfig({ Q9: { 'STP-KHA': ID }, Y: { 'STP-XXX': ID, 'STP-KHA': 'abc', 'STP-QNG': ID } }, bloc, 'sheets.json'))).toEqual([
      ['$.Q9', expect.stringContaining('đợt "Q9"')],
      ['$.Y["STP-XXX"]', expect.stringContaining('không phải mã đơn vị')],
      ['$.Y["STP-KHA"]', expect.stringContaining('"abc"')],
      ['$.Y["STP-QNG"]', expect.stringContaining('đã được đăng ký cho đơn vị "STP-XXX"')],
    ]);
    expect(problems(() => parseSheetsConfig({ Y: ['STP-KHA'] }, bloc, 'sheets.json'))).toEqual([['$.Y', expect.any(String)]]);
  });

  it('a missing file is an error, or nothing registered where that is allowed', async () => {
    const bloc = await sampleBloc();
    await expect(loadSheetsConfig('/nonexistent/sheets.json', bloc)).rejects.toThrow(/không tìm thấy tệp/);
    await expect(loadSheetsConfig('/nonexistent/sheets.json', bloc, { missingOk: true })).resolves.toEqual([]);
    await expect(loadSheetsConfig('x', bloc, { read: async () => '{ nope' })).rejects.toThrow(/không phải JSON/);
  });
});
