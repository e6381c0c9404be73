import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../cli/errors.js';
import { templateCommand } from '../../../cli/template.js';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { allCriteria, inputKind, type Rubric } from '#shared/model/rubric.js';
import type { Entry, Values } from '#shared/model/submission.js';
import { fromHundredths, parseDecimal, toNumber } from '#shared/numbers/rational.js';
import { criterionPoints } from '#shared/model/criterion-points.js';
import { scoreMember } from '#shared/scoring/score.js';
import { matchKey } from '#shared/text/match.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';
import { FIXTURE } from '../../support/rubric-builders.js';

const HEADERS = ['Mã tiêu chí', 'Nội dung tiêu chí', 'Điểm tối đa', 'Số thực hiện', 'Số phải thực hiện', 'Điểm tự chấm', 'Giải trình, minh chứng'];
const LABELS = ['Mã khối thi đua', 'Năm', 'Đợt', 'Mã đơn vị', 'Tên đơn vị', 'Mẫu biểu', 'Người lập', 'Ngày lập'];
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

// ---------- reading the package as XML ----------

interface Package {
  workbook: string;
  styles: string;
  sheet: (name: string) => string;
}

const unzip = async (buf: Buffer): Promise<Package> => {
  const zip = await JSZip.loadAsync(buf);
  const text = (path: string) => zip.file(path)!.async('string');
  const workbook = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([el]) => [/Id="([^"]+)"/.exec(el)![1]!, /Target="([^"]+)"/.exec(el)![1]!]));
  const sheets = new Map<string, string>();
  for (const [el] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(el)![1]!;
    const target = targets.get(/r:id="([^"]+)"/.exec(el)![1]!)!.replace(/^\/?(xl\/)?/, '');
    sheets.set(name, await text(`xl/${target}`));
  }
  return { workbook, styles: await text('xl/styles.xml'), sheet: (name) => sheets.get(name)! };
};

/** Indexes of cellXfs entries whose protection unlocks the cell. */
const unlockedStyles = (styles: string): Set<number> => {
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
  const list = [...xfs.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map(([x]) => x);
  return new Set(list.flatMap((x, i) => (/<protection[^>]*locked="0"/.test(x) ? [i] : [])));
};

const styleOf = (sheetXml: string, address: string): number => {
  const m = new RegExp(`<c r="${address}"([^>]*)>|<c r="${address}"([^>]*)/>`).exec(sheetXml);
  const attrs = m?.[1] ?? m?.[2] ?? '';
  return Number(/\ss="(\d+)"/.exec(attrs)?.[1] ?? 0);
};

// ---------- reading the workbook as a reader would ----------

const load = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
};

const sheetByKey = (wb: ExcelJS.Workbook, name: string) => wb.worksheets.find((ws) => matchKey(ws.name) === matchKey(name))!;

const textOf = (cell: ExcelJS.Cell): string => {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
};

/** Label → the next non-empty cell to its right (SPEC §5), or undefined. */
const infoValues = (ws: ExcelJS.Worksheet): Map<string, unknown> => {
  const out = new Map<string, unknown>();
  for (let r = 1; r <= 30; r++)
    for (let c = 1; c <= 6; c++) {
      const key = matchKey(textOf(ws.getCell(r, c)));
      const label = LABELS.find((l) => matchKey(l) === key);
      if (!label || out.has(label)) continue;
      let value: unknown;
      for (let x = c + 1; x <= 30 && value === undefined; x++) {
        const v = ws.getCell(r, x).value;
        if (v !== null && v !== undefined && v !== '') value = v;
      }
      out.set(label, value);
    }
  return out;
};

interface Layout {
  headerRow: number;
  col: Record<string, number>;
  rowsOf: Map<string, number[]>;
}

const layoutOf = (ws: ExcelJS.Worksheet): Layout => {
  for (let r = 1; r <= 20; r++) {
    const col: Record<string, number> = {};
    ws.getRow(r).eachCell((cell, c) => {
      const h = HEADERS.find((x) => matchKey(x) === matchKey(textOf(cell)));
      if (h) col[h] = c;
    });
    if (col['Mã tiêu chí'] && col['Điểm tự chấm']) {
      const rowsOf = new Map<string, number[]>();
      for (let x = r + 1; x <= ws.rowCount; x++) {
        const code = textOf(ws.getCell(x, col['Mã tiêu chí'])).trim();
        if (code) rowsOf.set(code, [...(rowsOf.get(code) ?? []), x]);
      }
      return { headerRow: r, col, rowsOf };
    }
  }
  throw new Error('no header row');
};

/** Input cells of the scoring sheet as addresses, numeric ones (validated) and all (with evidence). */
const inputCells = (rubric: Rubric, layout: Layout) => {
  const at = (header: string, row: number) => `${String.fromCharCode(64 + layout.col[header]!)}${row}`;
  const numeric: string[] = [];
  const text: string[] = [];
  for (const c of allCriteria(rubric)) {
    const row = layout.rowsOf.get(c.code)![0]!;
    const kind = inputKind(c);
    if (kind === 'points') numeric.push(at('Điểm tự chấm', row));
    else numeric.push(at('Số thực hiện', row), ...(kind === 'rate' ? [at('Số phải thực hiện', row)] : []));
    text.push(at('Giải trình, minh chứng', row));
  }
  return { numeric, all: [...numeric, ...text] };
};

// ---------- fixture and fills ----------

type GoldenInput = string | { achieved: string; base?: string };

const exact = (v: GoldenInput): Entry => {
  const q = (s: string) => parseDecimal(s)!;
  return typeof v === 'string' ? { points: q(v) } : { achieved: q(v.achieved), ...(v.base !== undefined && { base: q(v.base) }) };
};

const fillOf = (inputs: Record<string, GoldenInput>): TemplateFill => ({
  preparer: 'Nguyễn Văn An',
  preparedOn: '15/11/2025',
  entries: Object.fromEntries(
    Object.entries(inputs).map(([code, v]) => [
      code,
      typeof v === 'string' ? { points: Number(v) } : { achieved: Number(v.achieved), ...(v.base !== undefined && { base: Number(v.base) }) },
    ]),
  ),
});

let bloc: Bloc;
let golden: Record<string, Record<string, GoldenInput>>;
const rubricOf = (unit: string) => bloc.groups.find((g) => g.members.some((m) => m.code === unit))!.rubric;

beforeAll(async () => {
  bloc = (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;
  golden = JSON.parse(await readFile(join(FIXTURE, 'golden/inputs-Y.json'), 'utf8'));
});

describe.each(['STP-KHA', 'THADS-KHA'])('template of %s for period Y', (unit) => {
  let buf: Buffer;
  let pkg: Package;
  let wb: ExcelJS.Workbook;
  let layout: Layout;
  let rubric: Rubric;

  beforeAll(async () => {
    buf = await buildTemplate(bloc, 'Y', unit);
    pkg = await unzip(buf);
    wb = await load(buf);
    layout = layoutOf(sheetByKey(wb, 'Chấm điểm'));
    rubric = rubricOf(unit);
  });

  it('names its sheets exactly, in NFC', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Thông tin'.normalize('NFC'), 'Chấm điểm'.normalize('NFC')]);
  });

  it('identifies bloc, year, period, unit and rubric on `Thông tin`', () => {
    const info = infoValues(sheetByKey(wb, 'Thông tin'));
    const member = bloc.groups.flatMap((g) => g.members).find((m) => m.code === unit)!;
    expect(Object.fromEntries(info)).toEqual({
      'Mã khối thi đua': 'ntb-tn',
      Năm: 2025,
      Đợt: 'Y',
      'Mã đơn vị': unit,
      'Tên đơn vị': member.name,
      'Mẫu biểu': rubric.id,
      'Người lập': undefined,
      'Ngày lập': undefined,
    });
  });

  it('has every header, and every code once in the code column', () => {
    expect(layout.headerRow).toBeLessThanOrEqual(20);
    expect(Object.keys(layout.col).sort()).toEqual([...HEADERS].sort());
    const codes = [
      ...rubric.sections.flatMap((s) => [s.code, ...s.criteria.map((c) => c.code)]),
      rubric.bonus.code,
      ...rubric.bonus.criteria.map((c) => c.code),
      rubric.deduction.code,
      ...rubric.deduction.criteria.map((c) => c.code),
    ];
    expect([...layout.rowsOf.keys()]).toEqual(codes);
    for (const code of codes) expect(layout.rowsOf.get(code)).toHaveLength(1);
  });

  it('tells staff what to enter for measured criteria', () => {
    const ws = sheetByKey(wb, 'Chấm điểm');
    for (const c of allCriteria(rubric)) {
      if (c.type === 'manual') continue;
      const content = textOf(ws.getCell(layout.rowsOf.get(c.code)![0]!, layout.col['Nội dung tiêu chí']!));
      expect(content).toContain(c.title);
      expect(content).toContain(c.achievedLabel);
      if (inputKind(c) === 'rate') expect(content).toContain(c.baseLabel);
    }
  });

  it('protects both sheets without a password', () => {
    for (const name of ['Thông tin', 'Chấm điểm']) {
      const xml = pkg.sheet(name);
      const protection = /<sheetProtection\b[^>]*>/.exec(xml)?.[0];
      expect(protection).toMatch(/sheet="1"/);
      expect(protection).toMatch(/formatColumns="0"/);
      expect(protection).not.toMatch(/hashValue|password/);
    }
  });

  it('unlocks the input cells and only them', () => {
    const unlocked = unlockedStyles(pkg.styles);
    const xml = pkg.sheet('Chấm điểm');
    const { all } = inputCells(rubric, layout);
    for (const address of all) expect(unlocked.has(styleOf(xml, address)), address).toBe(true);
    const cellsWithUnlockedStyle = [...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*\ss="(\d+)"/g)].filter(([, , s]) => unlocked.has(Number(s))).map(([, a]) => a);
    expect(cellsWithUnlockedStyle.sort()).toEqual([...all].sort());
    const info = pkg.sheet('Thông tin');
    const infoUnlocked = [...info.matchAll(/<c r="([A-Z]+\d+)"[^>]*\ss="(\d+)"/g)].filter(([, , s]) => unlocked.has(Number(s)));
    expect(infoUnlocked).toHaveLength(2);
  });

  it('validates every numeric input cell on its own', () => {
    const xml = pkg.sheet('Chấm điểm');
    const validations = [...xml.matchAll(/<dataValidation\b[^>]*>/g)].map(([el]) => el);
    const { numeric } = inputCells(rubric, layout);
    expect(validations).toHaveLength(numeric.length);
    expect(validations.map((v) => /sqref="([^"]+)"/.exec(v)![1]).sort()).toEqual([...numeric].sort());
    for (const v of validations) {
      expect(v).toMatch(/type="decimal"/);
      expect(v).toMatch(/showErrorMessage="1"/);
      expect(v).toMatch(/error="Tiêu chí /);
    }
    const first = allCriteria(rubric).find((c) => c.type === 'manual')!;
    const row = layout.rowsOf.get(first.code)![0]!;
    const manual = validations.find((v) => v.includes(`sqref="F${row}"`))!;
    expect(xml).toContain(`${manual}<formula1>0</formula1><formula2>${toNumber(fromHundredths(first.max))}</formula2>`);
  });

  it('prints A4 landscape, one page wide, with repeated header and frozen panes', () => {
    const xml = pkg.sheet('Chấm điểm');
    const setup = /<pageSetup\b[^>]*>/.exec(xml)![0];
    expect(setup).toMatch(/paperSize="9"/);
    expect(setup).toMatch(/orientation="landscape"/);
    expect(setup).toMatch(/fitToWidth="1"/);
    expect(setup).toMatch(/fitToHeight="0"/);
    expect(xml).toMatch(/<pageSetUpPr\b[^>]*fitToPage="1"/);
    expect(xml).toMatch(/<pane\b[^>]*state="frozen"/);
    expect(xml).toMatch(new RegExp(`<pane\\b[^>]*ySplit="${layout.headerRow}"`));
    const titles = /<definedName name="_xlnm.Print_Titles"[^>]*>([^<]*)<\/definedName>/.exec(pkg.workbook);
    expect(titles?.[1]).toContain(`$${layout.headerRow}:$${layout.headerRow}`);
    expect(/<pageSetup\b[^>]*orientation="landscape"/.test(pkg.sheet('Thông tin'))).toBe(true);
  });

  it('caches a result with every formula', () => {
    const xml = pkg.sheet('Chấm điểm');
    // A computed criterion still waiting for its numbers caches an empty string (t="str", <v></v>).
    const formulas = [...xml.matchAll(/<f>[^<]*<\/f>(<v>[^<]*<\/v>)?/g)];
    expect(formulas.length).toBeGreaterThan(rubric.sections.length);
    for (const [f, v] of formulas) expect(v, f).toBeDefined();
    expect(xml).not.toMatch(/<f>SUM[^<]*<\/f><v><\/v>/);
  });
});

describe('filled template', () => {
  it.each(['STP-KHA', 'THADS-KHA'])('round-trips the values of %s and caches the exact points', async (unit) => {
    const rubric = rubricOf(unit);
    const inputs = golden[unit]!;
    const buf = await buildTemplate(bloc, 'Y', unit, fillOf(inputs));
    const wb = await load(buf);
    const ws = sheetByKey(wb, 'Chấm điểm');
    const layout = layoutOf(ws);
    const info = infoValues(sheetByKey(wb, 'Thông tin'));
    expect(info.get('Người lập')).toBe('Nguyễn Văn An');
    expect(info.get('Ngày lập')).toBe('15/11/2025');

    const values: Values = Object.fromEntries(Object.entries(inputs).map(([code, v]) => [code, exact(v)]));
    const cell = (code: string, header: string) => ws.getCell(layout.rowsOf.get(code)![0]!, layout.col[header]!).value;
    // `cell.result`, not `cell.value.result`: exceljs's value getter drops a cached 0.
    const result = (code: string) => ws.getCell(layout.rowsOf.get(code)![0]!, layout.col['Điểm tự chấm']!).result;
    for (const c of allCriteria(rubric)) {
      const v = inputs[c.code];
      if (c.type === 'manual') {
        expect(cell(c.code, 'Điểm tự chấm')).toBe(v === undefined ? null : Number(v));
        continue;
      }
      const g = v as Exclude<GoldenInput, string>;
      expect(cell(c.code, 'Số thực hiện')).toBe(Number(g.achieved));
      if (inputKind(c) === 'rate') expect(cell(c.code, 'Số phải thực hiện')).toBe(Number(g.base));
      expect(result(c.code)).toBe(toNumber(fromHundredths(criterionPoints(c, values[c.code]))));
    }
    const score = scoreMember(rubric, values);
    for (const s of rubric.sections) expect(result(s.code)).toBe(toNumber(fromHundredths(score.sections[s.code]!)));
    expect(result(rubric.bonus.code)).toBe(toNumber(fromHundredths(score.bonus)));
    expect(result(rubric.deduction.code)).toBe(toNumber(fromHundredths(score.deduction)));
    const totalRow = ws.getColumn(layout.col['Điểm tự chấm']!).values.length - 1;
    const totals: unknown[] = [];
    for (let r = layout.headerRow + 1; r <= totalRow; r++) {
      const c = ws.getCell(r, layout.col['Điểm tự chấm']!);
      if (!textOf(ws.getCell(r, 1)) && c.formula && !c.formula.startsWith('IF')) totals.push(c.result);
    }
    expect(totals).toEqual([toNumber(fromHundredths(score.total))]);
  });

  it('writes user and configuration text as text, never as a formula', async () => {
    const copy = structuredClone(bloc);
    const group = copy.groups[0]!;
    group.members[0]!.name = '=HYPERLINK("http://x","y")';
    group.rubric.sections[0]!.criteria[1]!.title = '=1+1';
    const unit = group.members[0]!.code;
    const buf = await buildTemplate(copy, 'Y', unit, {
      preparer: '=CMD()',
      entries: { 'I.2': { points: '8,5', note: '=HYPERLINK("http://evil","bấm vào")' } },
    });
    const xml = await unzip(buf);
    for (const name of ['Thông tin', 'Chấm điểm']) expect(xml.sheet(name)).not.toMatch(/<f>[^<]*(HYPERLINK|CMD|1\+1)/);
    const wb = await load(buf);
    const ws = sheetByKey(wb, 'Chấm điểm');
    const layout = layoutOf(ws);
    const row = layout.rowsOf.get('I.2')![0]!;
    expect(ws.getCell(row, layout.col['Điểm tự chấm']!).value).toBe('8,5');
    expect(ws.getCell(row, layout.col['Giải trình, minh chứng']!).value).toBe('=HYPERLINK("http://evil","bấm vào")');
    expect(textOf(ws.getCell(row, layout.col['Nội dung tiêu chí']!))).toMatch(/^=1\+1\n/);
    expect(infoValues(sheetByKey(wb, 'Thông tin')).get('Tên đơn vị')).toBe('=HYPERLINK("http://x","y")');
  });

  it('lets a typed self-score replace the formula of a computed criterion', async () => {
    const buf = await buildTemplate(bloc, 'Y', 'THADS-KHA', {
      entries: { 'I.1': { achieved: 5719, base: 7183, points: 15 }, 'I.2': { achieved: 1, base: 2 } },
    });
    const ws = sheetByKey(await load(buf), 'Chấm điểm');
    const layout = layoutOf(ws);
    const points = (code: string) => ws.getCell(layout.rowsOf.get(code)![0]!, layout.col['Điểm tự chấm']!);
    expect(points('I.1').value).toBe(15);
    expect(points('I.2').formula).toMatch(/^IF\(/);
    expect(points('I.2').result).toBe(19.27); // 20 × 0.5 / 0.519 = 19.2678… → 19.27
    // I.3 and I.4 are still empty: blank, not the maximum that an empty base (0) would give.
    expect(points('I.3').formula).toMatch(/^IF\(OR\(/);
    expect(points('I.3').result).toBeUndefined(); // exceljs reads a cached empty string as no result
    expect(points('I').result).toBe(34.27); // 15 + 19.27, exact
  });

  it('rejects a fill for a criterion the rubric does not have', async () => {
    await expect(buildTemplate(bloc, 'Y', 'STP-KHA', { entries: { 'IX.9': { points: 1 } } })).rejects.toThrow(/IX\.9/);
    await expect(buildTemplate(bloc, 'Y', 'STP-KHA', { entries: { 'I.2': { achieved: 1 } } })).rejects.toThrow(/I\.2/);
    await expect(buildTemplate(bloc, 'Q3', 'STP-KHA')).rejects.toThrow(/Q3/);
    await expect(buildTemplate(bloc, 'Y', 'STP-XXX')).rejects.toThrow(/STP-XXX/);
  });
});

describe('bloc template', () => {
  const config = () => join(FIXTURE, 'bloc.json');
  const quiet = () => vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

  it('writes one <code>.xlsx per member with --all', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'tpl-')), 'all');
    const spy = quiet();
    try {
      expect(await templateCommand({ config: config(), period: 'H1', all: true, out })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const files = (await readdir(out)).sort();
    const codes = bloc.groups.flatMap((g) => g.members.map((m) => `${m.code}.xlsx`)).sort();
    expect(files).toEqual(codes);
    expect(files).toHaveLength(16);
    const wb = await load(await readFile(join(out, 'THADS-DNO.xlsx')));
    const info = infoValues(sheetByKey(wb, 'Thông tin'));
    expect([info.get('Mã đơn vị'), info.get('Đợt'), info.get('Mẫu biểu')]).toEqual(['THADS-DNO', 'H1', 'thads-2025']);
  });

  it('writes one unit to --out', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'tpl-')), 'sub', 'STP-QNG-Y.xlsx');
    const spy = quiet();
    try {
      expect(await templateCommand({ config: config(), period: 'Y', unit: 'STP-QNG', out })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const info = infoValues(sheetByKey(await load(await readFile(out)), 'Thông tin'));
    expect(info.get('Mã đơn vị')).toBe('STP-QNG');
  });

  it.each([
    [{ period: 'Y' }, /--unit/],
    [{ period: 'Y', unit: 'STP-KHA', all: true }, /--unit|--all/],
    [{ period: 'Y', unit: 'STP-XXX' }, /STP-XXX/],
    [{ period: 'Q3', unit: 'STP-KHA' }, /Q3/],
  ])('refuses bad arguments %j', async (o, message) => {
    const run = templateCommand({ config: config(), out: join(tmpdir(), 'never.xlsx'), ...o });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(message);
  });
});

// ---------- LibreOffice ----------

const run = promisify(execFile);

/** Converts workbooks with LibreOffice into `dir/out`; returns the converted buffers by input name. */
const viaSoffice = async (dir: string, files: Record<string, Buffer>): Promise<Record<string, Buffer>> => {
  await mkdir(join(dir, 'in'), { recursive: true });
  const paths = await Promise.all(
    Object.entries(files).map(async ([name, buf]) => {
      await writeFile(join(dir, 'in', `${name}.xlsx`), buf);
      return join(dir, 'in', `${name}.xlsx`);
    }),
  );
  const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
  await run('soffice', [profile, '--headless', '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), ...paths], { timeout: 90_000 });
  return Object.fromEntries(await Promise.all(Object.keys(files).map(async (name) => [name, await readFile(join(dir, 'out', `${name}.xlsx`))])));
};

/** Drops every cached formula result, so that LibreOffice has to compute them itself. */
const withoutCachedResults = async (buf: Buffer): Promise<Buffer> => {
  const zip = await JSZip.loadAsync(buf);
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p)))
    zip.file(path, (await zip.file(path)!.async('string')).replace(/(<\/f>)<v>[^<]*<\/v>/g, '$1').replace(/(<c\b[^>]*?) t="(str|e)"/g, '$1'));
  return zip.generateAsync({ type: 'nodebuffer' });
};

/** Edge cases of SPEC §4: band boundaries, base 0, half-up rounding, 1 % over target in binary floating point. */
const EDGES: Record<string, Record<string, GoldenInput>> = {
  'STP-KHA': {
    'I.1': { achieved: '19', base: '20' },
    'II.3': { achieved: '1107', base: '10000' },
    'III.1': { achieved: '2401', base: '2450' },
    'VI.5': { achieved: '2' },
    'II.1': '4.5',
    'C.1': '2',
    'C.2': '2',
    'C.3': '2',
    'D.2': '5',
    'D.3': '3',
    'D.1': '3',
  },
  'THADS-KHA': {
    'I.1': { achieved: '849', base: '1000' },
    'I.2': { achieved: '0', base: '0' },
    'I.3': { achieved: '5', base: '5' },
    'I.4': { achieved: '1', base: '3' },
    'II.2': { achieved: '809', base: '900' },
    'II.1': '7.5',
    'C.2': '2',
  },
};

describe.skipIf(!hasSoffice)('LibreOffice', () => {
  const cases = [
    ['STP-KHA', 'golden'],
    ['THADS-KHA', 'golden'],
    ['STP-KHA', 'edges'],
    ['THADS-KHA', 'edges'],
  ] as const;
  const inputsOf = (unit: string, kind: 'golden' | 'edges') => (kind === 'golden' ? golden[unit]! : EDGES[unit]!);
  let converted: Record<string, Buffer>;
  let recomputed: Record<string, Buffer>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpl-soffice-'));
    const files: Record<string, Buffer> = {};
    for (const [unit, kind] of cases) {
      const buf = await buildTemplate(bloc, 'Y', unit, fillOf(inputsOf(unit, kind)));
      files[`${unit}-${kind}`] = buf;
      files[`${unit}-${kind}-nocache`] = await withoutCachedResults(buf);
    }
    const out = await viaSoffice(dir, files);
    converted = Object.fromEntries(cases.map(([u, k]) => [`${u}-${k}`, out[`${u}-${k}`]!]));
    recomputed = Object.fromEntries(cases.map(([u, k]) => [`${u}-${k}`, out[`${u}-${k}-nocache`]!]));
  }, 120_000);

  it.each(cases)('keeps the codes, values and protection of %s (%s)', async (unit, kind) => {
    const rubric = rubricOf(unit);
    const inputs = inputsOf(unit, kind);
    const buf = converted[`${unit}-${kind}`]!;
    const wb = await load(buf);
    const ws = sheetByKey(wb, 'Chấm điểm');
    const layout = layoutOf(ws);
    for (const c of allCriteria(rubric)) expect(layout.rowsOf.get(c.code), c.code).toHaveLength(1);
    const info = infoValues(sheetByKey(wb, 'Thông tin'));
    expect([info.get('Mã khối thi đua'), info.get('Năm'), info.get('Đợt'), info.get('Mã đơn vị'), info.get('Mẫu biểu'), info.get('Người lập')]).toEqual([
      'ntb-tn',
      2025,
      'Y',
      unit,
      rubric.id,
      'Nguyễn Văn An',
    ]);
    const cell = (code: string, header: string) => ws.getCell(layout.rowsOf.get(code)![0]!, layout.col[header]!).value;
    for (const [code, v] of Object.entries(inputs)) {
      if (typeof v === 'string') expect(cell(code, 'Điểm tự chấm'), code).toBe(Number(v));
      else
        expect([cell(code, 'Số thực hiện'), v.base === undefined ? null : cell(code, 'Số phải thực hiện')], code).toEqual([
          Number(v.achieved),
          v.base === undefined ? null : Number(v.base),
        ]);
    }
    const xml = await unzip(buf);
    for (const name of ['Thông tin', 'Chấm điểm']) expect(xml.sheet(name)).toMatch(/<sheetProtection\b[^>]*sheet="(1|true)"/);
    expect(xml.sheet('Chấm điểm').match(/<dataValidation\b/g)).toHaveLength(inputCells(rubric, layout).numeric.length);
  });

  it.each(cases)('computes with its own formulas the exact points of %s (%s)', async (unit, kind) => {
    const rubric = rubricOf(unit);
    const values: Values = Object.fromEntries(Object.entries(inputsOf(unit, kind)).map(([code, v]) => [code, exact(v)]));
    const wb = await load(recomputed[`${unit}-${kind}`]!);
    const ws = sheetByKey(wb, 'Chấm điểm');
    const layout = layoutOf(ws);
    const pointsAt = (row: number) => {
      const c = ws.getCell(row, layout.col['Điểm tự chấm']!);
      return c.formula ? c.result : c.value; // cell.value.result would drop a cached 0
    };
    const pointsOf = (code: string) => pointsAt(layout.rowsOf.get(code)![0]!);
    const n = (h: bigint) => toNumber(fromHundredths(h));
    for (const c of allCriteria(rubric)) {
      if (c.type === 'manual') continue;
      expect(pointsOf(c.code), c.code).toBe(n(criterionPoints(c, values[c.code])));
    }
    const score = scoreMember(rubric, values);
    for (const s of rubric.sections) expect(pointsOf(s.code), s.code).toBe(n(score.sections[s.code]!));
    expect(pointsOf(rubric.bonus.code)).toBe(n(score.bonus));
    expect(pointsOf(rubric.deduction.code)).toBe(n(score.deduction));
    const total = layout.rowsOf.get(rubric.deduction.code)![0]! + rubric.deduction.criteria.length + 1;
    expect(textOf(ws.getCell(total, layout.col['Nội dung tiêu chí']!))).toMatch(/^TỔNG ĐIỂM/);
    expect(pointsAt(total)).toBe(n(score.total));
  });
});
