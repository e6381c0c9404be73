/**
 * `sheets.json`, beside `bloc.json`: the Google Sheets registered per period and unit.
 *
 *   { "<period id>": { "<unit code>": "<spreadsheet id or its full URL>" } }
 *
 * e.g. `{ "Y": { "STP-KHA": "https://docs.google.com/spreadsheets/d/1AbC…/edit#gid=0" } }`. Every
 * period must be a period of the bloc, every unit a member; one spreadsheet serves one unit per
 * period. A bad file is rejected with every problem listed (file, JSON path, reason), like bloc.json.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { findPeriod, memberOf, type Bloc } from '../model/bloc.js';
import { ConfigError, jsonPath, type ConfigProblem } from './problems.js';
import { describeJsonError } from '../text/json-position.js';

export const SHEETS_CONFIG_FILE = 'sheets.json';

export interface SheetRegistration {
  period: string;
  unit: string;
  spreadsheetId: string;
  /** The spreadsheet's canonical link (reports link to it). */
  url: string;
}

export const sheetsSchema = z.record(z.string(), z.record(z.string(), z.string().trim().min(1)));

const ID = /^[A-Za-z0-9_-]{20,200}$/;
const URL_ID = /^\/spreadsheets\/(?:u\/\d+\/)?d\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;

export const sheetUrl = (spreadsheetId: string): string => `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;

/** A spreadsheet id from an id or a link; a reason (Vietnamese) when it is neither. */
export const parseSpreadsheetRef = (text: string): { id: string } | { reason: string } => {
  const value = text.trim();
  if (ID.test(value)) return { id: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { reason: `"${value}" không phải mã bảng tính Google hay đường liên kết https://docs.google.com/spreadsheets/d/…` };
  }
  const id = url.hostname === 'docs.google.com' ? URL_ID.exec(url.pathname)?.[1] : undefined;
  if (id === 'e') return { reason: 'đường liên kết "Xuất bản lên web" (/d/e/…) không dùng được: hãy dùng đường liên kết của chính bảng tính (nút Chia sẻ)' };
  if (!id || !ID.test(id)) return { reason: `"${value}" không phải đường liên kết của một bảng tính Google (https://docs.google.com/spreadsheets/d/<mã>/…)` };
  return { id };
};

/** Checks a parsed sheets.json against the bloc; throws ConfigError listing every problem. */
export const parseSheetsConfig = (raw: unknown, bloc: Bloc, file: string): SheetRegistration[] => {
  const problems: ConfigProblem[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push({ file, path: jsonPath(path), message, severity: 'error' });
  const parsed = sheetsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) at(i.path, i.message);
    throw new ConfigError(problems);
  }
  const registrations: SheetRegistration[] = [];
  for (const [period, units] of Object.entries(parsed.data)) {
    if (!findPeriod(bloc, period)) at([period], `đợt "${period}" không có trong bloc.json (có: ${bloc.periods.map((p) => p.id).join(', ')})`);
    const seen = new Map<string, string>();
    for (const [unit, ref] of Object.entries(units)) {
      if (!memberOf(bloc, unit)) at([period, unit], `"${unit}" không phải mã đơn vị thành viên của khối`);
      const r = parseSpreadsheetRef(ref);
      if ('reason' in r) {
        at([period, unit], r.reason);
        continue;
      }
      const other = seen.get(r.id);
      if (other) at([period, unit], `bảng tính này đã được đăng ký cho đơn vị "${other}" trong cùng đợt: mỗi đơn vị một bảng tính`);
      seen.set(r.id, unit);
      registrations.push({ period, unit, spreadsheetId: r.id, url: sheetUrl(r.id) });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return registrations;
};

/**
 * Reads and checks sheets.json. `read` reads the text (the file system by default, S3 in Lambda);
 * with `missingOk` a file that does not exist means no registration.
 */
export const loadSheetsConfig = async (
  file: string,
  bloc: Bloc,
  opts: { read?: (path: string) => Promise<string>; missingOk?: boolean } = {},
): Promise<SheetRegistration[]> => {
  let text: string;
  try {
    text = await (opts.read ?? ((p: string) => readFile(p, 'utf8')))(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && opts.missingOk) return [];
    throw new ConfigError([
      { file, path: '$', message: code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được tệp (${code ?? String(e)})`, severity: 'error' },
    ]);
  }
  let raw: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new ConfigError([{ file, path: '$', message: `không phải JSON hợp lệ, ${describeJsonError(json, e)}`, severity: 'error' }]);
  }
  return parseSheetsConfig(raw, bloc, file);
};
