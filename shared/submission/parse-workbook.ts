/**
 * The submission workbook read from a Grid (SPEC §5), whatever program wrote it: sheets, labels,
 * headers and codes are found by their text (shared/text/match.ts), never by a fixed address.
 *
 * - `Thông tin`: each label in columns A–F of rows 1–30; its value is the next non-empty cell to
 *   its right in the same row.
 * - `Chấm điểm`: a header row within the first 20 rows with at least `Mã tiêu chí` and
 *   `Điểm tự chấm`; below it one row per criterion, found by its code in the code column.
 *
 * The values are not judged here: they become RawEntry for validation/entries.ts.
 */
import { cellAt, cellRef, type Grid, type GridSheet } from '../grid/grid.js';
import type { Rational } from '../numbers/rational.js';
import { isBlank, readNumber, textOfRaw, type RawValue } from '../numbers/reading.js';
import { quote } from '../numbers/limits.js';
import { allCriteria, inputKind, poolsOf, type Rubric } from '../model/rubric.js';
import { matchKey } from '../text/match.js';
import type { Located, RawEntry } from './raw-entry.js';
import { HEADER_ROWS, INFO_AREA, headerColumnsOf, labelKey, sortedCols, sortedRows } from './sheet-text.js';
import { HEADERS, INFO_LABELS, SHEETS, TEMPLATE_VERSION_LABEL, type ColumnKey, type InfoKey } from '../model/workbook-layout.js';
import { problem, type Problem } from '../model/problem.js';

export { SHEETS, INFO_LABELS, HEADERS, TEMPLATE_VERSION_LABEL, type InfoKey, type ColumnKey };
/** Labels whose value may be left empty (the label itself must be there). */
export const OPTIONAL_INFO: ReadonlySet<InfoKey> = new Set<InfoKey>(['unitName', 'preparer', 'preparedOn']);

/** Evidence text kept per criterion: enough to tell written from empty and to quote it. */
const EVIDENCE_MAX = 500;

/** Text of a value as a person reads it: 2025, "STP-KHA", 20/11/2025. */
export const rawText = (raw: RawValue): string => (raw.kind === 'number' ? String(Number(raw.value.toPrecision(15))) : textOfRaw(raw).normalize('NFC').trim());

// ---------------------------------------------------------------------------------------------
// Sheets

export interface FoundSheets {
  info: GridSheet | null;
  scoring: GridSheet | null;
  problems: Problem[];
}

/**
 * The two sheets, each matched by its name (SPEC §5). One that matches more than once
 * (SHEET_DUPLICATE) or is hidden (SHEET_HIDDEN: scores are read only from what a person sees) is
 * not read at all: which copy holds the real values is not for the reader to guess.
 */
export const findSheets = (grid: Grid): FoundSheets => {
  const names =
    grid.sheets
      .map((s) => `"${quote(s.name)}"`)
      .slice(0, 20)
      .join(', ') || 'không có sheet nào';
  const problems: Problem[] = [];
  const find = (name: string): GridSheet | null => {
    const found = grid.sheets.filter((s) => matchKey(s.name) === matchKey(name));
    if (!found.length) {
      problems.push(problem('SHEET_MISSING', null, `Không tìm thấy sheet "${name}" (tệp có: ${names}). Hãy dùng đúng mẫu biểu và không đổi tên sheet.`));
      return null;
    }
    if (found.length > 1)
      problems.push(
        problem(
          'SHEET_DUPLICATE',
          null,
          `Có ${found.length} sheet mang tên "${name}": ${found.map((s) => `"${quote(s.name)}"`).join(', ')}. Hãy giữ lại một sheet "${name}" duy nhất rồi nộp lại.`,
        ),
      );
    for (const s of found)
      if (s.hidden)
        problems.push(
          problem(
            'SHEET_HIDDEN',
            null,
            `Sheet "${quote(s.name)}" đang bị ẩn; điểm chỉ được đọc từ sheet hiển thị. Hãy bỏ ẩn sheet (hoặc xóa bản ẩn) rồi nộp lại.`,
          ),
        );
    return found.length === 1 && !found[0]!.hidden ? found[0]! : null;
  };
  const info = find(SHEETS.info);
  const scoring = find(SHEETS.scoring);
  return { info, scoring, problems };
};

// ---------------------------------------------------------------------------------------------
// Thông tin

/** A label of `Thông tin` and the value right of it. */
export interface LabelledValue {
  label: string;
  labelCell: string;
  raw: RawValue;
  /** The value's cell, or the cell right of the label when there is none. */
  valueCell: string;
  text: string;
  empty: boolean;
}

export interface InfoField extends LabelledValue {
  key: InfoKey;
}

export interface ParsedInfo {
  sheet: string;
  fields: Partial<Record<InfoKey, InfoField>>;
  /** `Mã phiên bản mẫu`: the fingerprint of the rubric the template was made from, when the file has the label. */
  templateVersion?: LabelledValue;
}

const LABEL_KEYS = new Map(Object.entries(INFO_LABELS).map(([k, label]) => [labelKey(label), k as InfoKey]));
const VERSION_KEY = labelKey(TEMPLATE_VERSION_LABEL);

export const readInfo = (sheet: GridSheet): ParsedInfo => {
  const fields: Partial<Record<InfoKey, InfoField>> = {};
  let templateVersion: LabelledValue | undefined;
  for (const row of sortedRows(sheet)) {
    if (row > INFO_AREA.rows) break;
    const cols = sortedCols(sheet, row);
    for (const col of cols) {
      if (col > INFO_AREA.cols) break;
      const raw = cellAt(sheet, row, col);
      if (raw.kind !== 'text') continue;
      const found = labelKey(raw.text);
      const key = LABEL_KEYS.get(found);
      const isVersion = found === VERSION_KEY;
      if (key ? fields[key] : !isVersion || templateVersion) continue;
      const valueCol = cols.find((c) => c > col && !isBlank(cellAt(sheet, row, c)));
      const value = valueCol === undefined ? ({ kind: 'empty' } as RawValue) : cellAt(sheet, row, valueCol);
      const field: LabelledValue = {
        label: key ? INFO_LABELS[key] : TEMPLATE_VERSION_LABEL,
        labelCell: cellRef(sheet.name, row, col),
        raw: value,
        valueCell: cellRef(sheet.name, row, valueCol ?? col + 1),
        text: rawText(value),
        empty: valueCol === undefined,
      };
      if (key) fields[key] = { key, ...field };
      else templateVersion = field;
    }
  }
  return { sheet: sheet.name, fields, ...(templateVersion && { templateVersion }) };
};

// ---------------------------------------------------------------------------------------------
// Chấm điểm

export interface ScoringHeader {
  row: number;
  columns: Partial<Record<ColumnKey, number>>;
}

const headerColumns = headerColumnsOf(HEADERS);

export const findHeader = (sheet: GridSheet): { header: ScoringHeader | null; problems: Problem[] } => {
  let partial: ScoringHeader | null = null;
  for (const row of sortedRows(sheet)) {
    if (row > HEADER_ROWS) break;
    const columns = headerColumns(sheet, row);
    if (columns.code !== undefined && columns.points !== undefined) return { header: { row, columns }, problems: [] };
    if (!partial && (columns.code !== undefined || columns.points !== undefined)) partial = { row, columns };
  }
  const missing = (['code', 'points'] as const).filter((k) => partial?.columns[k] === undefined).map((k) => `"${HEADERS[k]}"`);
  const message = partial
    ? `Dòng tiêu đề ${partial.row} của sheet "${sheet.name}" thiếu cột ${missing.join(' và ')}. Không sửa, xóa các cột của mẫu biểu.`
    : `Không tìm thấy dòng tiêu đề của bảng chấm điểm (trong ${HEADER_ROWS} dòng đầu của sheet "${sheet.name}") có các cột "${HEADERS.code}" và "${HEADERS.points}".`;
  return { header: null, problems: [problem('HEADER_MISSING', cellRef(sheet.name, partial?.row ?? 1, 1), message)] };
};

/**
 * A value in the code column that looks like a criterion code (`I.1`, `II`, `C.2`, `12`, `A.1.b`)
 * rather than text; only these are warned about when the rubric does not know them.
 */
export const looksLikeCode = (text: string): boolean => {
  const k = matchKey(text);
  return (
    /^[ivx]{1,6}\.?$/.test(k) ||
    /^[a-z]\.?$/.test(k) ||
    /^[a-z]{0,3}\d{1,4}[a-z]?\.?$/.test(k) ||
    /^(?:[a-z]{1,3}|[ivx]{1,6}|\d{1,4})(?:[.\-/](?:\d{1,4}|[a-z]))+\.?$/.test(k)
  );
};

export interface ParsedScoring {
  sheet: string;
  header: ScoringHeader | null;
  /** Rows of the criteria found (first row of a duplicated code). */
  rows: Map<string, number>;
  entries: Map<string, RawEntry>;
  /** Every number readable in `Điểm tự chấm`, by criterion code. */
  selfScores: Record<string, Rational>;
  /** `Giải trình, minh chứng` by criterion code, where something is written. */
  evidence: Record<string, string>;
  /** Each criterion's `Điểm tự chấm` cell. */
  cells: Record<string, string>;
  problems: Problem[];
}

/** Finds the header and, given the rubric, every criterion's row and cells. */
export const readScoring = (sheet: GridSheet, rubric?: Rubric): ParsedScoring => {
  const { header, problems } = findHeader(sheet);
  const out: ParsedScoring = { sheet: sheet.name, header, rows: new Map(), entries: new Map(), selfScores: {}, evidence: {}, cells: {}, problems };
  if (!header || !rubric) return out;
  const { columns } = header;
  const criteria = allCriteria(rubric);
  const headerCell = (key: ColumnKey) => cellRef(sheet.name, header.row, columns[key]!);

  // Input columns the rubric needs.
  const needs = new Set(criteria.map(inputKind));
  const lacking = [...(needs.has('rate') || needs.has('value') ? (['achieved'] as const) : []), ...(needs.has('rate') ? (['base'] as const) : [])].filter(
    (k) => columns[k] === undefined,
  );
  if (lacking.length)
    problems.push(
      problem(
        'HEADER_MISSING',
        cellRef(sheet.name, header.row, 1),
        `Dòng tiêu đề ${header.row} của sheet "${sheet.name}" thiếu cột ${lacking.map((k) => `"${HEADERS[k]}"`).join(' và ')}, cần cho các tiêu chí tính theo số liệu.`,
      ),
    );

  const byKey = new Map(criteria.map((c) => [matchKey(c.code), c]));
  const headings = new Set([...rubric.sections.map((s) => s.code), ...poolsOf(rubric).map((p) => p.code)].map(matchKey));
  const codeCol = columns.code!;
  const at = (row: number, col: number | undefined): Located | undefined =>
    col === undefined ? undefined : { raw: cellAt(sheet, row, col), cell: cellRef(sheet.name, row, col) };

  for (const row of sortedRows(sheet)) {
    if (row <= header.row) continue;
    const raw = cellAt(sheet, row, codeCol);
    if (isBlank(raw)) continue;
    const text = rawText(raw);
    const key = matchKey(text);
    const c = byKey.get(key);
    if (!c) {
      if (!headings.has(key) && looksLikeCode(text))
        problems.push(
          problem(
            'CRITERION_UNKNOWN',
            cellRef(sheet.name, row, codeCol),
            `Mã "${quote(text)}" không có trong bảng tiêu chí ${rubric.id}; dòng ${row} được bỏ qua.`,
          ),
        );
      continue;
    }
    const first = out.rows.get(c.code);
    if (first !== undefined) {
      problems.push(
        problem(
          'CRITERION_DUPLICATE',
          cellRef(sheet.name, row, codeCol),
          `Tiêu chí ${c.code} có nhiều dòng (dòng ${first} và dòng ${row}); mỗi tiêu chí chỉ được có một dòng.`,
        ),
      );
      continue;
    }
    out.rows.set(c.code, row);
    const points = at(row, columns.points);
    const self = points ? readNumber(points.raw) : null;
    if (self?.ok) out.selfScores[c.code] = self.value;
    if (points) out.cells[c.code] = points.cell;
    const note = at(row, columns.note);
    if (note && !isBlank(note.raw)) out.evidence[c.code] = rawText(note.raw).slice(0, EVIDENCE_MAX);
    const entry: RawEntry = { cell: cellRef(sheet.name, row, codeCol) };
    const kind = inputKind(c);
    if (kind === 'points') entry.points = points!;
    else {
      // Without its input column the criterion cannot be read; the header problem says why.
      if (columns.achieved === undefined || (kind === 'rate' && columns.base === undefined)) continue;
      entry.achieved = at(row, columns.achieved)!;
      if (kind === 'rate') entry.base = at(row, columns.base)!;
      if (points && !isBlank(points.raw)) entry.selfScore = points;
    }
    out.entries.set(c.code, entry);
  }

  for (const c of criteria)
    if (!out.rows.has(c.code))
      problems.push(problem('CRITERION_MISSING', headerCell('code'), `Không tìm thấy dòng của tiêu chí ${c.code} ("${c.title}") trong cột "${HEADERS.code}".`));
  return out;
};

// ---------------------------------------------------------------------------------------------

export interface ParsedWorkbook {
  info: ParsedInfo | null;
  scoring: ParsedScoring | null;
  /** SHEET_MISSING, HEADER_MISSING and the CRITERION_* problems, in that order. */
  problems: Problem[];
}

/**
 * Reads both sheets. Without a rubric only the structure is read (sheets, labels, header); with
 * one, every criterion's row and cells too. A function chooses the rubric from `Thông tin`.
 */
export const parseWorkbookGrid = (grid: Grid, rubric?: Rubric | ((info: ParsedInfo | null) => Rubric | undefined)): ParsedWorkbook => {
  const sheets = findSheets(grid);
  const info = sheets.info ? readInfo(sheets.info) : null;
  const chosen = typeof rubric === 'function' ? rubric(info) : rubric;
  const scoring = sheets.scoring ? readScoring(sheets.scoring, chosen) : null;
  return { info, scoring, problems: [...sheets.problems, ...(scoring?.problems ?? [])] };
};
