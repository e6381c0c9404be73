/** What an attachment is, as the reply names it to staff. */
export type AttachmentKind = 'xlsx' | 'xls' | 'xlsm' | 'ods' | 'csv' | 'pdf' | 'word' | 'zip' | 'image' | 'message' | 'other';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BY_EXTENSION: Record<string, AttachmentKind> = {
  xlsx: 'xlsx',
  xls: 'xls',
  xlsm: 'xlsm',
  xlsb: 'xls',
  ods: 'ods',
  csv: 'csv',
  pdf: 'pdf',
  doc: 'word',
  docx: 'word',
  zip: 'zip',
  rar: 'zip',
  '7z': 'zip',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  heic: 'image',
  webp: 'image',
  bmp: 'image',
  eml: 'message',
};

const BY_TYPE: Record<string, AttachmentKind> = {
  [XLSX_TYPE]: 'xlsx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'xlsm',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'text/csv': 'csv',
  'application/pdf': 'pdf',
  'application/msword': 'word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'message/rfc822': 'message',
};

/** By the file name's extension first (what staff see), then by the declared content type. */
export const kindOf = (filename: string | null, mimeType: string): AttachmentKind => {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(filename?.trim() ?? '')?.[1]?.toLowerCase();
  const byName = ext ? BY_EXTENSION[ext] : undefined;
  if (byName) return byName;
  const type = mimeType.toLowerCase();
  return BY_TYPE[type] ?? (type.startsWith('image/') ? 'image' : 'other');
};

/** "tệp PDF", "ảnh", …: what the attachment is, in the reply's words. */
export const KIND_NAMES: Record<AttachmentKind, string> = {
  xlsx: 'bảng tính Excel (.xlsx)',
  xls: 'bảng tính Excel định dạng cũ (.xls)',
  xlsm: 'bảng tính Excel có macro (.xlsm)',
  ods: 'bảng tính OpenDocument (.ods)',
  csv: 'tệp CSV',
  pdf: 'tệp PDF',
  word: 'văn bản Word',
  zip: 'tệp nén (.zip, .rar, .7z)',
  image: 'ảnh',
  message: 'thư chuyển tiếp',
  other: 'tệp không phải bảng tính',
};
