/**
 * The review workbook read from a Grid (SPEC §10), whatever program wrote it, with the §5 matching:
 * sheets, labels, headers and codes are found by their text, never by a fixed address.
 *
 * - `Thông tin`: each label in columns A–F of rows 1–30, its value the next non-empty cell to its
 *   right; `Đơn vị thẩm định` there is what makes a workbook a review workbook.
 * - Every other sheet holding `Mã đơn vị` (or a review header row) is one unit's review: `Mã đơn vị`
 *   and `Phiên bản` above a header row within the first 20 rows, then one row per criterion found
 *   by its code; rows without a known code are ignored.
 *
 * A deleted unit sheet is simply absent: that unit's reviews stay as they were. The values are not
 * judged here: each unit sheet becomes a RawReview for shared/review/read.ts.
 */
import { cellAt, cellRef, type Grid, type GridSheet } from '../grid/grid.js';
import { isBlank, type RawValue } from '../numbers/reading.js';
import { quote } from '../numbers/limits.js';
import { problem, type Problem } from '../model/problem.js';
import { allCriteria, inputKind, poolsOf, type Rubric } from '../model/rubric.js';
import {
  REVIEW_HEADERS,
  REVIEW_INFO_LABELS,
  REVIEW_INFO_SHEET,
  REVIEW_UNIT_LABELS,
  type ReviewColumnKey,
  type ReviewInfoKey,
  type ReviewUnitKey,
} from '../model/review-layout.js';
import { matchKey } from '../text/match.js';
import { looksLikeCode, rawText } from './parse-workbook.js';
import type { Located, RawEntry } from './raw-entry.js';
import type { RawReview } from './raw-review.js';
import { HEADER_ROWS, INFO_AREA, headerColumnsOf, labelKey, sortedCols, sortedRows } from './sheet-text.js';

export interface LabelValue {
  labelCell: string;
  raw: RawValue;
  /** The value's cell, or the cell right of the label when there is none. */
  valueCell: string;
  text: string;
  empty: boolean;
}

/** Labels in columns A–F of rows 1..maxRow; each value is the next non-empty cell to the label's right. */
const readLabels = <K extends string>(sheet: GridSheet, labels: Record<K, string>, maxRow: number): Partial<Record<K, LabelValue>> => {
  const keys = new Map(Object.entries<string>(labels).map(([k, label]) => [labelKey(label), k as K]));
  const out: Partial<Record<K, LabelValue>> = {};
  for (const row of sortedRows(sheet)) {
    if (row > maxRow) break;
    const cols = sortedCols(sheet, row);
    for (const col of cols) {
      if (col > INFO_AREA.cols) break;
      const raw = cellAt(sheet, row, col);
      if (raw.kind !== 'text') continue;
      const key = keys.get(labelKey(raw.text));
      if (!key || out[key]) continue;
      const valueCol = cols.find((c) => c > col && !isBlank(cellAt(sheet, row, c)));
      const value: RawValue = valueCol === undefined ? { kind: 'empty' } : cellAt(sheet, row, valueCol);
      out[key] = {
        labelCell: cellRef(sheet.name, row, col),
        raw: value,
        valueCell: cellRef(sheet.name, row, valueCol ?? col + 1),
        text: rawText(value),
        empty: valueCol === undefined,
      };
    }
  }
  return out;
};

const infoSheets = (grid: Grid): GridSheet[] => grid.sheets.filter((s) => matchKey(s.name) === matchKey(REVIEW_INFO_SHEET));

/** A review workbook: its `Thông tin` sheet holds the label `Đơn vị thẩm định` (a submission's does not). */
export const isReviewWorkbook = (grid: Grid): boolean =>
  infoSheets(grid).some((s) => readLabels(s, { reviewer: REVIEW_INFO_LABELS.reviewer }, INFO_AREA.rows).reviewer !== undefined);

// ---------------------------------------------------------------------------------------------
// Header of a unit sheet

export interface ReviewHeader {
  row: number;
  columns: Partial<Record<ReviewColumnKey, number>>;
}

const headerColumns = headerColumnsOf(REVIEW_HEADERS);

const isReviewHeader = (c: Partial<Record<ReviewColumnKey, number>>): boolean =>
  c.code !== undefined && (c.reviewedPoints !== undefined || c.reviewedAchieved !== undefined);

/** The first row within the first 20 holding `Mã tiêu chí` and a reviewed input column. */
export const findReviewHeader = (sheet: GridSheet): ReviewHeader | null => {
  for (const row of sortedRows(sheet)) {
    if (row > HEADER_ROWS) break;
    const columns = headerColumns(sheet, row);
    if (isReviewHeader(columns)) return { row, columns };
  }
  return null;
};

// ---------------------------------------------------------------------------------------------

/** The info of `Thông tin`: label → value, and where. */
export type ReviewInfo = Partial<Record<ReviewInfoKey, LabelValue>>;

export interface ParsedUnitSheet {
  sheet: string;
  /** The `Mã đơn vị` text as written; null when missing. */
  unit: string | null;
  /** Null when the sheet cannot be read (its problems say why). */
  review: RawReview | null;
  /** Problems of this sheet only (HEADER_MISSING, INFO_MISSING, CRITERION_*). */
  problems: Problem[];
}

export interface ParsedReviewWorkbook {
  /** `Thông tin`'s labels; null when the sheet is missing, duplicated or hidden. */
  info: ReviewInfo | null;
  /** The reviewer's code as written in `Đơn vị thẩm định`; null when missing or empty. */
  reviewer: string | null;
  /** Every unit sheet, in workbook order. */
  sheets: ParsedUnitSheet[];
  /** The readable unit sheets' reviews. */
  reviews: RawReview[];
  /** Problems of the workbook as a whole (SHEET_*, INFO_MISSING of `Thông tin`): none of its reviews count. */
  problems: Problem[];
}

export interface ParseReviewOptions {
  /** The received file's upload id (or an ISO time): each review's `at`. */
  at: string;
  /** A `Mã đơn vị` text → the member code and its group's rubric; undefined when not a member. */
  unitOf: (text: string) => { code: string; rubric: Rubric } | undefined;
}

const readInfoSheet = (grid: Grid): { info: ReviewInfo | null; problems: Problem[] } => {
  const found = infoSheets(grid);
  if (!found.length)
    return {
      info: null,
      problems: [
        problem(
          'SHEET_MISSING',
          null,
          `Không tìm thấy sheet "${REVIEW_INFO_SHEET}" của tệp thẩm định. Hãy dùng đúng mẫu do hệ thống tạo và không đổi tên sheet.`,
        ),
      ],
    };
  if (found.length > 1)
    return {
      info: null,
      problems: [problem('SHEET_DUPLICATE', null, `Có ${found.length} sheet mang tên "${REVIEW_INFO_SHEET}". Hãy giữ lại một sheet duy nhất rồi gửi lại.`)],
    };
  const sheet = found[0]!;
  if (sheet.hidden) return { info: null, problems: [problem('SHEET_HIDDEN', null, `Sheet "${quote(sheet.name)}" đang bị ẩn. Hãy bỏ ẩn sheet rồi gửi lại.`)] };
  const info = readLabels(sheet, REVIEW_INFO_LABELS, INFO_AREA.rows);
  const problems: Problem[] = [];
  for (const key of ['bloc', 'year', 'period', 'reviewer'] as const) {
    const f = info[key];
    if (!f) problems.push(problem('INFO_MISSING', cellRef(sheet.name, 1, 1), `Sheet "${quote(sheet.name)}" thiếu dòng "${REVIEW_INFO_LABELS[key]}".`));
    else if (f.empty) problems.push(problem('INFO_MISSING', f.valueCell, `Chưa ghi "${REVIEW_INFO_LABELS[key]}".`));
  }
  return { info, problems };
};

/** One unit sheet; null when the sheet is not a unit sheet at all (no `Mã đơn vị`, no review header). */
const readUnitSheet = (sheet: GridSheet, reviewer: string, reviewerCell: string | null, o: ParseReviewOptions): ParsedUnitSheet | null => {
  const header = findReviewHeader(sheet);
  const labels = readLabels<ReviewUnitKey>(sheet, REVIEW_UNIT_LABELS, header ? header.row - 1 : HEADER_ROWS);
  if (!header && !labels.unit) return null;
  const sheetCell = cellRef(sheet.name, 1, 1);
  const name = `"${quote(sheet.name)}"`;
  const out: ParsedUnitSheet = { sheet: sheet.name, unit: labels.unit && !labels.unit.empty ? labels.unit.text : null, review: null, problems: [] };
  const { problems } = out;
  if (sheet.hidden) {
    problems.push(
      problem(
        'SHEET_HIDDEN',
        sheetCell,
        `Sheet ${name} đang bị ẩn; kết quả thẩm định chỉ được đọc từ sheet hiển thị. Hãy bỏ ẩn sheet (hoặc xóa sheet) rồi gửi lại.`,
      ),
    );
    return out;
  }
  for (const key of ['unit', 'version'] as const) {
    const f = labels[key];
    if (!f) problems.push(problem('INFO_MISSING', sheetCell, `Sheet ${name} thiếu dòng "${REVIEW_UNIT_LABELS[key]}" phía trên bảng tiêu chí.`));
    else if (f.empty) problems.push(problem('INFO_MISSING', f.valueCell, `Sheet ${name}: chưa ghi "${REVIEW_UNIT_LABELS[key]}".`));
  }
  if (!header)
    problems.push(
      problem(
        'HEADER_MISSING',
        sheetCell,
        `Không tìm thấy dòng tiêu đề (trong ${HEADER_ROWS} dòng đầu của sheet ${name}) có cột "${REVIEW_HEADERS.code}" và "${REVIEW_HEADERS.reviewedPoints}". Không sửa, xóa các cột của mẫu.`,
      ),
    );
  if (problems.length) return out;

  const unitText = labels.unit!.text;
  const unit = o.unitOf(unitText);
  const review: RawReview = {
    unit: unit?.code ?? unitText,
    reviewer,
    at: o.at,
    version: { id: labels.version!.text, cell: labels.version!.valueCell },
    cell: sheetCell,
    reviewerCells: [reviewerCell],
    entries: new Map(),
    reasons: new Map(),
    halfAgreed: true,
  };
  out.review = review;
  if (!unit) return out; // readReview says UNIT_UNKNOWN at the sheet
  const { rubric } = unit;
  const { columns } = header!;
  const criteria = allCriteria(rubric);
  const needs = new Set(criteria.map(inputKind));
  const lacking = [
    ...(needs.has('points') ? (['reviewedPoints'] as const) : []),
    ...(needs.has('rate') || needs.has('value') ? (['reviewedAchieved'] as const) : []),
    ...(needs.has('rate') ? (['reviewedBase'] as const) : []),
    'reason' as const,
  ].filter((k) => columns[k] === undefined);
  if (lacking.length) {
    problems.push(
      problem(
        'HEADER_MISSING',
        cellRef(sheet.name, header!.row, 1),
        `Dòng tiêu đề ${header!.row} của sheet ${name} thiếu cột ${lacking.map((k) => `"${REVIEW_HEADERS[k]}"`).join(', ')}.`,
      ),
    );
    out.review = null;
    return out;
  }

  const byKey = new Map(criteria.map((c) => [matchKey(c.code), c]));
  const headings = new Set([...rubric.sections.map((s) => s.code), ...poolsOf(rubric).map((p) => p.code)].map(matchKey));
  const codeCol = columns.code!;
  const at = (row: number, col: number): Located => ({ raw: cellAt(sheet, row, col), cell: cellRef(sheet.name, row, col) });
  const seen = new Map<string, number>();
  for (const row of sortedRows(sheet)) {
    if (row <= header!.row) continue;
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
    const first = seen.get(c.code);
    if (first !== undefined) {
      problems.push(
        problem(
          'CRITERION_DUPLICATE',
          cellRef(sheet.name, row, codeCol),
          `Tiêu chí ${c.code} có nhiều dòng (dòng ${first} và dòng ${row}) trong sheet ${name}.`,
        ),
      );
      continue;
    }
    seen.set(c.code, row);
    const entry: RawEntry = { cell: cellRef(sheet.name, row, codeCol) };
    const kind = inputKind(c);
    if (kind === 'points') entry.points = at(row, columns.reviewedPoints!);
    else {
      entry.achieved = at(row, columns.reviewedAchieved!);
      if (kind === 'rate') entry.base = at(row, columns.reviewedBase!);
    }
    review.entries.set(c.code, entry);
    const reason = at(row, columns.reason!);
    review.reasons.set(c.code, { text: isBlank(reason.raw) ? '' : rawText(reason.raw), cell: reason.cell });
  }
  // A duplicated row leaves which value the reviewer meant unknown: the sheet is rejected.
  if (problems.some((p) => p.code === 'CRITERION_DUPLICATE')) out.review = null;
  return out;
};

/**
 * Reads a review workbook: `Thông tin` and every unit sheet. A problem of `Thông tin` leaves no
 * review; a problem of a unit sheet leaves that sheet only. Two sheets of one unit: both rejected
 * (SHEET_DUPLICATE), since which one the reviewer meant is not for the reader to guess.
 */
export const parseReviewGrid = (grid: Grid, o: ParseReviewOptions): ParsedReviewWorkbook => {
  const { info, problems } = readInfoSheet(grid);
  const reviewerField = info?.reviewer;
  const reviewer = reviewerField && !reviewerField.empty ? reviewerField.text : null;
  const out: ParsedReviewWorkbook = { info, reviewer, sheets: [], reviews: [], problems };
  const infoKey = matchKey(REVIEW_INFO_SHEET);
  for (const sheet of grid.sheets) {
    if (matchKey(sheet.name) === infoKey) continue;
    const parsed = readUnitSheet(sheet, reviewer ?? '', reviewerField?.valueCell ?? null, o);
    if (parsed) out.sheets.push(parsed);
  }
  const byUnit = new Map<string, ParsedUnitSheet[]>();
  for (const s of out.sheets) {
    if (!s.review) continue;
    const key = matchKey(s.review.unit);
    byUnit.set(key, [...(byUnit.get(key) ?? []), s]);
  }
  for (const same of byUnit.values()) {
    if (same.length < 2) continue;
    const names = same.map((s) => `"${quote(s.sheet)}"`).join(', ');
    for (const s of same) {
      s.problems.push(
        problem(
          'SHEET_DUPLICATE',
          cellRef(s.sheet, 1, 1),
          `Có ${same.length} sheet thẩm định cùng đơn vị ${s.review!.unit}: ${names}. Hãy giữ lại một sheet rồi gửi lại.`,
        ),
      );
      s.review = null;
    }
  }
  if (!problems.length && reviewer !== null) out.reviews = out.sheets.flatMap((s) => (s.review ? [s.review] : []));
  return out;
};
