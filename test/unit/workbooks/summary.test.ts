import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { allCriteria } from '#shared/model/rubric.js';
import { fromHundredths, isZero, parseDecimal, toNumber, type Rational } from '#shared/numbers/rational.js';
import { computePeriod, type PeriodResult } from '#shared/scoring/period.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import {
  HEADER_ROW,
  LOG_SHEET,
  SELF_SCORE_SHEET,
  SUMMARY_HEADERS,
  SUMMARY_SHEET,
  buildSummary,
  selfScoreLines,
  type SubmissionLogEntry,
  type SummaryInput,
} from '#shared/workbooks/summary/summary.js';
import { sheetName } from '#shared/workbooks/sheet-name.js';
import { FIXTURE } from '../../support/rubric-builders.js';

const ODD = '=HYPERLINK("http://x","y")';
const d = (s: string): Rational => parseDecimal(s)!;
const pts = (h: bigint | undefined) => (h === undefined ? null : toNumber(fromHundredths(h)));

/** Sheet name → its XML, through workbook.xml and its relationships. */
const sheetXml = async (zip: JSZip): Promise<Map<string, string>> => {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Id="${m[2]}"`).exec(rels)!;
    const path = (target[1] ?? target[2]!).replace(/^\/?(xl\/)?/, 'xl/');
    out.set(m[1]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&'), await zip.file(path)!.async('string'));
  }
  return out;
};

const sharedStrings = async (zip: JSZip): Promise<string[]> => {
  const xml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)]
      .map((t) => t[1]!)
      .join('')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  );
};

describe('buildSummary on the golden year-end period', () => {
  let bloc: Bloc;
  let result: PeriodResult;
  let input: SummaryInput;
  let buffer: Buffer;
  let book: ExcelJS.Workbook;
  let zip: JSZip;
  let sheets: Map<string, string>;

  beforeAll(async () => {
    const loaded = (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;
    // A member name that looks like a formula must stay text.
    bloc = { ...loaded, groups: loaded.groups.map((g) => ({ ...g, members: g.members.map((m) => (m.code === 'STP-GLA' ? { ...m, name: ODD } : m)) })) };
    const inputs = readJsonInputs(bloc, JSON.parse(await readFile(join(FIXTURE, 'golden/inputs-Y.json'), 'utf8')));
    expect(inputs.problems).toEqual([]);
    const accepted = new Map([...inputs.values].map(([unit, values]) => [unit, { values }]));
    accepted.delete('STP-DNO');
    const reviews = { 'I.2': { points: d('3.5'), reason: 'Thiếu minh chứng', reviewer: 'THADS-KHA' } };
    result = computePeriod(bloc, 'Y', {
      accepted: new Map([...accepted].map(([u, a]) => [u, u === 'STP-QNG' ? { ...a, reviews } : a])),
      rejected: new Set(['STP-DNO']),
    });
    // A tie at an award's cut-off is put to a vote: show it.
    const thads = result.groups[1]!.members;
    thads[2] = { ...thads[2]!, proposal: { award: null, pendingVote: 'CO_BO' } };
    const submissions = new Map(
      [...accepted].map(([u, { values }]) => [
        u,
        { values, selfScores: { 'I.1': d('7'), 'I.2': d('4') } as Record<string, Rational>, ...(u === 'STP-QNG' && { reviews }) },
      ]),
    );
    const log: SubmissionLogEntry[] = [
      { unit: 'STP-QNG', version: 1, file: 'stp-qng.xlsx', receivedAt: '2025-11-19T17:30:00.000Z', status: 'accepted', errors: 0, warnings: 1 },
      { unit: 'STP-DNO', version: 1, file: ODD, receivedAt: '2025-11-21T01:00:00.000Z', status: 'rejected', errors: 3, warnings: 0, late: true },
      { unit: null, version: 1, file: 'khong-ro.xlsx', receivedAt: '2025-11-21T02:00:00.000Z', status: 'rejected', errors: 1, warnings: 0 },
    ];
    input = { result, submissions, log, generatedAt: new Date('2025-11-25T01:30:00Z') };
    buffer = await buildSummary(input);
    book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    zip = await JSZip.loadAsync(buffer);
    sheets = await sheetXml(zip);
  });

  it('has the summary, one matrix per group, the self-score sheet and the log, in that order', () => {
    expect(book.worksheets.map((ws) => ws.name)).toEqual([SUMMARY_SHEET, 'Khối Sở Tư pháp', 'Khối Thi hành án dân sự', SELF_SCORE_SHEET, LOG_SHEET]);
    expect(SELF_SCORE_SHEET).toBe('Tự chấm – Tính toán');
  });

  it('titles the summary with the bloc, the period and the time in the bloc time zone', () => {
    const ws = book.getWorksheet(SUMMARY_SHEET)!;
    expect(ws.getCell('A2').text).toBe(bloc.name);
    expect(ws.getCell('A3').text).toContain('Tổng kết năm 2025');
    expect(ws.getCell('A3').text).toContain('25/11/2025 08:30');
  });

  it('lists every member in ranking order with rank, total, class, bonus, deduction, status and award', () => {
    const ws = book.getWorksheet(SUMMARY_SHEET)!;
    expect(SUMMARY_HEADERS.map((_, i) => ws.getCell(HEADER_ROW, i + 1).text)).toEqual([...SUMMARY_HEADERS]);
    const expected = result.groups.flatMap((g) =>
      g.members.map((m) => [
        g.group.name,
        m.rank,
        m.unit,
        bloc.groups.flatMap((x) => x.members).find((x) => x.code === m.unit)!.name,
        pts(m.score?.total),
        m.classification?.name ?? null,
        pts(m.score?.bonus),
        pts(m.score?.deduction),
        { accepted: 'Đã tiếp nhận', missing: 'Chưa gửi', rejected: 'Bị từ chối' }[m.status],
      ]),
    );
    const actual = expected.map((_, i) => Array.from({ length: 9 }, (_, c) => ws.getCell(HEADER_ROW + 1 + i, c + 1).value ?? null));
    expect(actual).toEqual(expected);
    const units = actual.map((r) => r[2]);
    expect(units.slice(0, 8)).toEqual(['STP-KHA', 'STP-QNG', 'STP-PYE', 'STP-DLK', 'STP-BDI', 'STP-GLA', 'STP-KTU', 'STP-DNO']);
    expect(ws.getCell(HEADER_ROW + 1 + expected.length, 3).value).toBeNull();
  });

  it('names the proposed award, or the award put to a vote', () => {
    const ws = book.getWorksheet(SUMMARY_SHEET)!;
    const award = (unit: string) => {
      for (let r = HEADER_ROW + 1; r < HEADER_ROW + 20; r++) if (ws.getCell(r, 3).value === unit) return ws.getCell(r, 10).text;
      throw new Error(unit);
    };
    const stp = result.groups[0]!.members.filter((m) => m.proposal?.award === 'BK_BO').map((m) => m.unit);
    expect(stp.length).toBeGreaterThan(0);
    for (const u of stp) expect(award(u)).toBe('Bằng khen của Bộ trưởng Bộ Tư pháp');
    expect(award(result.groups[1]!.members[2]!.unit)).toBe('Bỏ phiếu: Cờ thi đua của Bộ Tư pháp');
    expect(award('STP-KTU')).toBe('');
    expect(award('THADS-PYE')).toBe('Bằng khen của Bộ trưởng Bộ Tư pháp');
  });

  it('puts data bars on the totals of each group', () => {
    const xml = sheets.get(SUMMARY_SHEET)!;
    const bars = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)"><cfRule type="dataBar"/g)].map((m) => m[1]);
    const n = result.groups[0]!.members.filter((m) => m.status === 'accepted').length;
    expect(bars).toEqual([`E${HEADER_ROW + 1}:E${HEADER_ROW + n}`, `E${HEADER_ROW + 9}:E${HEADER_ROW + 8 + 7}`]);
    expect(xml).toContain('<color rgb=');
  });

  it('writes the computed points of every criterion, section, pool and total in each matrix', () => {
    for (const [gi, g] of result.groups.entries()) {
      const ws = book.worksheets[1 + gi]!;
      const rows = new Map<string, number>();
      ws.eachRow((row, r) => {
        if (r > HEADER_ROW + 1 && typeof row.getCell(1).value === 'string') rows.set(row.getCell(1).value as string, r);
      });
      const total = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((r) => ws.getCell(r, 2).value === 'TỔNG ĐIỂM')!;
      g.members.forEach((m, i) => {
        const col = 4 + i;
        expect(ws.getCell(HEADER_ROW, col).value).toBe(m.unit);
        expect(ws.getCell(HEADER_ROW + 1, col).value).toBe(bloc.groups[gi]!.members.find((x) => x.code === m.unit)!.name);
        for (const c of allCriteria(g.group.rubric)) {
          const cell = ws.getCell(rows.get(c.code)!, col);
          expect({ unit: m.unit, code: c.code, v: cell.value ?? null }).toEqual({ unit: m.unit, code: c.code, v: pts(m.score?.criteria[c.code]) });
          if (m.score) expect(cell.numFmt).toBe('0.00');
        }
        for (const s of g.group.rubric.sections) expect(ws.getCell(rows.get(s.code)!, col).value ?? null).toBe(pts(m.score?.sections[s.code]));
        expect(ws.getCell(rows.get(g.group.rubric.bonus.code)!, col).value ?? null).toBe(pts(m.score?.bonus));
        expect(ws.getCell(rows.get(g.group.rubric.deduction.code)!, col).value ?? null).toBe(pts(m.score?.deduction));
        expect(ws.getCell(total, col).value ?? null).toBe(pts(m.score?.total));
      });
      for (const c of allCriteria(g.group.rubric)) expect(ws.getCell(rows.get(c.code)!, 3).value).toBe(pts(c.max));
    }
  });

  it('compares self-scores with computed and reviewed points, with the review reason', () => {
    const ws = book.getWorksheet(SELF_SCORE_SHEET)!;
    const rows: unknown[][] = [];
    ws.eachRow((row, r) => {
      if (r > HEADER_ROW && row.getCell(2).value) rows.push([1, 2, 4, 5, 6, 7, 8].map((c) => row.getCell(c).value ?? null));
    });
    const qng = rows.filter((r) => r[0] === 'STP-QNG');
    // I.1: 8/10 = 0.8 → band 6 points, self 7 → −1; I.2: self 4, computed 4, reviewed 3.5 → −0.5.
    expect(qng).toEqual([
      ['STP-QNG', 'I.1', 7, 6, null, -1, null],
      ['STP-QNG', 'I.2', 4, 4, 3.5, -0.5, 'Thiếu minh chứng (THADS-KHA)'],
    ]);
    // Only the criteria that differ are listed; a line under the table counts the others.
    const lines = selfScoreLines(input);
    const listed = lines.filter((l) => !isZero(l.difference) || (l.reviewed !== null && l.reviewed !== l.computed));
    expect(rows.map((r) => [r[0], r[1]])).toEqual(listed.map((l) => [l.unit, l.code]));
    expect(rows.every((r) => r[5] !== 0 || r[4] !== null)).toBe(true);
    expect(lines.length - listed.length).toBeGreaterThan(0);
    const after = [...Array(ws.rowCount).keys()].map((i) => ws.getCell(i + 1, 1).text);
    expect(after).toContain(`${lines.length - listed.length} tiêu chí khớp, không liệt kê.`);
    const diffRow = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((r) => ws.getCell(r, 1).value === 'STP-QNG')!;
    expect((ws.getCell(diffRow, 7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
  });

  it('logs every version with its time in the bloc time zone', () => {
    const ws = book.getWorksheet(LOG_SHEET)!;
    const row = (r: number) => Array.from({ length: 10 }, (_, c) => ws.getCell(HEADER_ROW + r, c + 1).value ?? null);
    expect(row(1)).toEqual([
      1,
      'STP-QNG',
      'Sở Tư pháp tỉnh Quảng Ngãi',
      1,
      'stp-qng.xlsx',
      new Date(Date.UTC(2025, 10, 20, 0, 30)),
      'Đã tiếp nhận',
      null,
      0,
      1,
    ]);
    expect(ws.getCell(HEADER_ROW + 1, 6).numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    expect(row(2)).toEqual([2, 'STP-DNO', 'Sở Tư pháp tỉnh Đắk Nông', 1, ODD, new Date(Date.UTC(2025, 10, 21, 8, 0)), 'Bị từ chối', 'Có', 3, 0]);
    expect(row(3)[1]).toBe('(không xác định)');
  });

  it('writes formula-like text as text, never as a formula', async () => {
    const strings = await sharedStrings(zip);
    const index = strings.indexOf(ODD);
    expect(index).toBeGreaterThanOrEqual(0);
    for (const name of [SUMMARY_SHEET, 'Khối Sở Tư pháp', LOG_SHEET]) {
      const xml = sheets.get(name)!;
      expect(xml).not.toMatch(/<f[ >]/);
      expect(xml).toMatch(new RegExp(`<c r="[A-Z]+\\d+"[^>]* t="s"><v>${index}</v></c>`));
    }
    expect(book.getWorksheet(LOG_SHEET)!.getCell(HEADER_ROW + 2, 5).type).toBe(ExcelJS.ValueType.String);
  });

  it('sets every sheet up for print: A4 landscape, one page wide, header rows repeated, panes frozen, autofilter', async () => {
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const names = [...sheets.keys()];
    expect(names).toHaveLength(5);
    for (const [i, name] of names.entries()) {
      const xml = sheets.get(name)!;
      expect(xml, name).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
      const setup = /<pageSetup\b[^>]*\/>/.exec(xml)![0];
      expect(setup, name).toContain('paperSize="9"');
      expect(setup, name).toContain('orientation="landscape"');
      expect(setup, name).toContain('fitToWidth="1"');
      // A matrix is fitted to one page tall as well when it fits: its rank, class and award rows stay with it.
      expect(setup, name).toContain(i === 1 || i === 2 ? 'fitToHeight="1"' : 'fitToHeight="0"');
      expect(xml, name).toMatch(/<pane [^>]*state="frozen"/);
      const filter = /<autoFilter ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"\/>/.exec(xml)!;
      expect(filter, name).not.toBeNull();
      // LibreOffice shows the autofilter only with this hidden, sheet-local name (Excel writes it too).
      expect(wbXml, name).toContain(
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">&apos;${name}&apos;!$${filter[1]}$${filter[2]}:$${filter[3]}$${filter[4]}</definedName>`,
      );
      const titles = new RegExp(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">&apos;${name}&apos;!\\$(\\d+):\\$(\\d+)</definedName>`).exec(wbXml);
      expect(titles, name).not.toBeNull();
      const header = i === 1 || i === 2 ? [HEADER_ROW, HEADER_ROW + 1] : [HEADER_ROW, HEADER_ROW];
      expect([Number(titles![1]), Number(titles![2])], name).toEqual(header);
      expect(xml, name).toContain(`ySplit="${header[1]}"`);
    }
    expect(sheets.get('Khối Sở Tư pháp')).toContain('xSplit="3"');
  });

  it('sets readable column widths and never leaves a number column too narrow for 100.00', () => {
    for (const ws of book.worksheets)
      ws.columns.forEach((col, i) => {
        const numeric = col.values?.some((v) => typeof v === 'number');
        if (numeric) expect(col.width ?? 0, `${ws.name} column ${i + 1}`).toBeGreaterThanOrEqual(6);
      });
  });
});

describe('sheetName', () => {
  it('removes forbidden characters, cuts to 31 characters and keeps names unique', () => {
    const taken = new Set(['tổng hợp']);
    expect(sheetName('Khối [A]: Sở/Tư\\pháp*?', taken)).toBe('Khối A Sở Tư pháp');
    expect(sheetName('Tổng hợp', taken)).toBe('Tổng hợp (2)');
    const long = sheetName('Khối Thi hành án dân sự các tỉnh Nam Trung Bộ', taken);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(sheetName('Khối Thi hành án dân sự các tỉnh Nam Trung Bộ', taken)).toMatch(/ \(2\)$/);
    expect(sheetName("'quoted'", taken)).toBe('quoted');
    expect(sheetName('', taken, 'stp')).toBe('stp');
  });
});
