import type { Bloc } from '../model/bloc.js';
import type { Problem } from '../model/problem.js';
import type { SubmissionReport } from '../pipeline/report.js';
import { KIND_NAMES, type AttachmentKind } from './kinds.js';
import { MAIL_LIMITS } from './limits.js';

/** What the reply says about one workbook. */
export interface WorkbookLine {
  file: string;
  report: SubmissionReport;
  /** The annotated copy goes with the reply. */
  annotated: boolean;
}

/** An attachment that was not read as a submission, and why. */
export interface OtherLine {
  file: string;
  kind: AttachmentKind | 'over-limit';
}

export type ReplyCase =
  | { kind: 'result'; unit: string; workbooks: WorkbookLine[]; others: OtherLine[] }
  | { kind: 'no-workbook'; unit: string; others: OtherLine[] }
  | { kind: 'unknown-sender'; address: string }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'unreadable' };

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

const problemLine = (p: Problem) => `   • ${p.cell ? `Ô ${p.cell}: ` : ''}${p.message} [${p.code}]`;

const otherLine = (o: OtherLine): string =>
  o.kind === 'over-limit'
    ? `- "${o.file}": không xử lý vì thư có quá ${MAIL_LIMITS.attachments} tệp đính kèm. Hãy gửi tệp này trong một thư khác.`
    : `- "${o.file}": ${KIND_NAMES[o.kind]}, không phải bản tự chấm điểm dạng Sổ làm việc Excel (.xlsx) nên không được xử lý.` +
      (o.kind === 'xls' || o.kind === 'xlsm' || o.kind === 'ods' || o.kind === 'csv'
        ? ' Hãy mở tệp bằng Excel, chọn Lưu thành… > Sổ làm việc Excel (.xlsx) rồi gửi lại.'
        : '');

const workbookBlock = (w: WorkbookLine, unitPage: string | undefined): string[] => {
  const r = w.report;
  const head =
    r.status === 'accepted'
      ? `- "${w.file}": ĐÃ TIẾP NHẬN${r.unit ? ` (đơn vị ${r.unit})` : ''}.`
      : `- "${w.file}": BỊ TỪ CHỐI${r.unit ? ` (đơn vị ${r.unit})` : ''}, ${r.errors.length} lỗi. Bản đã tiếp nhận trước đó (nếu có) vẫn giữ nguyên.`;
  return [
    head,
    ...(r.errors.length ? ['  Lỗi:', ...r.errors.map(problemLine)] : []),
    ...(r.warnings.length ? ['  Cảnh báo:', ...r.warnings.map(problemLine)] : []),
    ...(w.annotated ? ['  Bản sao có đánh dấu các ô cần sửa được gửi kèm thư này.'] : []),
    ...(unitPage && r.unit ? [`  Xem trang của đơn vị: ${unitPage.replaceAll('{unit}', r.unit)}`] : []),
  ];
};

const SIGNATURE = ['', '--', 'Thư trả lời tự động của hệ thống chấm điểm thi đua. Vui lòng không trả lời thư này; khi cần, hãy liên hệ đơn vị trưởng khối.'];

/** The reply's subject and text, in Vietnamese. */
export const replyText = (bloc: Bloc, c: ReplyCase, original: { subject: string; fileName?: string }): { subject: string; text: string } => {
  const head = [`Khối thi đua: ${bloc.name} (${bloc.year}).`, `Thư nhận được: "${original.subject || '(không có tiêu đề)'}".`, ''];
  const unitPage = bloc.intake?.unitPageUrl;
  let subject: string;
  let body: string[];
  switch (c.kind) {
    case 'result': {
      const rejected = c.workbooks.filter((w) => w.report.status !== 'accepted').length;
      subject = rejected
        ? `[Thi đua] Bản tự chấm điểm bị từ chối (${rejected}/${c.workbooks.length} tệp)`
        : `[Thi đua] Đã tiếp nhận bản tự chấm điểm của ${c.unit}`;
      body = [
        `Kết quả xử lý ${c.workbooks.length} tệp bảng tính gửi cho đơn vị ${c.unit}:`,
        '',
        ...c.workbooks.flatMap((w) => workbookBlock(w, unitPage)),
        ...(c.others.length ? ['', 'Các tệp đính kèm khác:', ...c.others.map(otherLine)] : []),
        ...(rejected ? ['', 'Hãy sửa các lỗi nêu trên trong tệp của đơn vị rồi gửi lại toàn bộ tệp bằng thư mới.'] : []),
      ];
      break;
    }
    case 'no-workbook':
      subject = '[Thi đua] Thư không có bản tự chấm điểm (.xlsx)';
      body = [
        `Thư của đơn vị ${c.unit} không có tệp bảng tính Excel (.xlsx) nào nên không có bản tự chấm điểm nào được tiếp nhận.`,
        ...(c.others.length ? ['', 'Các tệp đính kèm:', ...c.others.map(otherLine)] : []),
        '',
        'Hãy đính kèm bản tự chấm điểm (tệp .xlsx lập từ mẫu của khối) và gửi lại.',
      ];
      break;
    case 'unknown-sender':
      subject = '[Thi đua] Địa chỉ gửi chưa được đăng ký';
      body = [
        `Địa chỉ ${c.address} chưa được đăng ký gửi bản tự chấm điểm cho đơn vị nào của khối, nên thư không được xử lý.`,
        'Hãy gửi từ địa chỉ e-mail đã đăng ký của đơn vị, hoặc đề nghị đơn vị trưởng khối đăng ký địa chỉ này.',
      ];
      break;
    case 'too-large':
      subject = '[Thi đua] Thư quá lớn, không được xử lý';
      body = [
        `Thư có dung lượng ${mb(c.bytes)}, vượt giới hạn ${mb(MAIL_LIMITS.messageBytes)} nên không được xử lý.`,
        `Mỗi tệp đính kèm tối đa ${mb(MAIL_LIMITS.attachmentBytes)}; hãy gửi riêng bản tự chấm điểm (.xlsx), không kèm ảnh hay tài liệu khác.`,
      ];
      break;
    case 'unreadable':
      subject = '[Thi đua] Không đọc được thư';
      body = ['Hệ thống không đọc được cấu trúc của thư này nên không xử lý được tệp đính kèm. Hãy gửi lại bản tự chấm điểm (.xlsx) trong một thư mới.'];
      break;
  }
  return { subject, text: [...head, ...body, ...SIGNATURE].join('\n') };
};
