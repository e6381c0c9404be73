/**
 * The submission workbook, template v1 (SPEC §5): the names both the template writer and the reader
 * use. The reader finds them by text (shared/text/match.ts), never by address.
 */
export const SHEETS = { info: 'Thông tin', scoring: 'Chấm điểm' } as const;

export const INFO_LABELS = {
  bloc: 'Mã khối thi đua',
  year: 'Năm',
  period: 'Đợt',
  unit: 'Mã đơn vị',
  unitName: 'Tên đơn vị',
  rubric: 'Mẫu biểu',
  preparer: 'Người lập',
  preparedOn: 'Ngày lập',
} as const;
export type InfoKey = keyof typeof INFO_LABELS;

/**
 * A label of `Thông tin` added after template v1: its value is the rubric's fingerprint
 * (config/fingerprint.ts), written by the template, locked. A file without it (an older template,
 * another program's layout) is judged as before; it is not one of the labels SPEC §5 requires.
 */
export const TEMPLATE_VERSION_LABEL = 'Mã phiên bản mẫu';

export const HEADERS = {
  code: 'Mã tiêu chí',
  content: 'Nội dung tiêu chí',
  max: 'Điểm tối đa',
  achieved: 'Số thực hiện',
  base: 'Số phải thực hiện',
  points: 'Điểm tự chấm',
  note: 'Giải trình, minh chứng',
} as const;
export type ColumnKey = keyof typeof HEADERS;
