/** Vietnamese wording of the submission template: labels, headers, instructions, criterion hints. */
import { mul, rat, type Rational } from '../../numbers/rational.js';
import type { Criterion, Hundredths } from '../../model/rubric.js';
import type { Period } from '../../model/bloc.js';
import { HEADERS, INFO_LABELS, SHEETS, TEMPLATE_VERSION_LABEL } from '../../model/workbook-layout.js';
import { vnNumber, vnPoints } from '../../text/vietnamese-number.js';
import { vnDate } from '../../text/local-time.js';

export const INFO_SHEET = SHEETS.info;
export const SCORING_SHEET = SHEETS.scoring;
export const LABEL = INFO_LABELS;
export const TEMPLATE_VERSION = TEMPLATE_VERSION_LABEL;
export const HEADER = HEADERS;

export const vn = vnNumber;
export { vnPoints };
export const vnPercent = (r: Rational): string => `${vn(mul(r, rat(100n)))} %`;

export { vnDate };

export const periodNote = (p: Period): string => `${p.name} (từ ${vnDate(p.from)} đến ${vnDate(p.to)}; hạn nộp ${vnDate(p.deadline)})`;

export const instructions = (p: Period): string[] => [
  `Chỉ nhập vào các ô nền vàng. Ở sheet này: Người lập, Ngày lập. Ở sheet "${SCORING_SHEET}": điểm tự chấm (tiêu chí chấm trực tiếp), số thực hiện và số phải thực hiện (tiêu chí tính theo tỷ lệ hoặc thang điểm), giải trình, minh chứng.`,
  'Tiêu chí tính theo tỷ lệ hoặc thang điểm: chỉ nhập số liệu, điểm được tính tự động. Đưa chuột vào ô để xem nội dung cần nhập.',
  'Nhập số, không kèm chữ hay đơn vị tính; số tiền tính bằng nghìn đồng. Điểm trừ ghi số dương (số điểm bị trừ). Không có điểm thưởng, điểm trừ thì để trống.',
  'Không đổi tên sheet; không thêm, xóa, sắp xếp lại dòng, cột; không sửa mã tiêu chí và các thông tin đã in sẵn ở sheet này.',
  'Lưu tệp dạng Excel Workbook (.xlsx), không lưu dạng .xls, .ods, .csv hay .pdf và không đặt mật khẩu cho tệp. Dùng Google Sheets: Tệp → Tải xuống → Microsoft Excel (.xlsx).',
  'Điểm cộng từng mục và tổng điểm trên bảng chỉ để tham khảo; kết quả chính thức được hệ thống tính lại từ số liệu đã nhập.',
  `Hạn nộp: ${vnDate(p.deadline)}.`,
];

const measuredLabels = (c: Criterion & { achievedLabel: string; baseLabel: string }, withBase: boolean): string[] => [
  `Số thực hiện: ${c.achievedLabel}.`,
  ...(withBase ? [`Số phải thực hiện: ${c.baseLabel}.`] : []),
];

/** What to enter and how the points are computed, shown under the criterion's title. */
export const criterionHint = (c: Criterion, deduction = false): string[] => {
  const max = vnPoints(c.max);
  switch (c.type) {
    case 'manual':
      return [`${deduction ? 'Số điểm bị trừ: từ' : 'Chấm từ'} 0 đến ${max} điểm, bội số của ${vnPoints(c.step)}.`];
    case 'target':
      return [
        ...measuredLabels(c, true),
        `Chỉ tiêu: ${vnPercent(c.target)}. Điểm = ${max} × tỷ lệ thực hiện ÷ chỉ tiêu, tối đa ${max}; số phải thực hiện bằng 0 thì được ${max} điểm.`,
        ...(c.overBonus
          ? [
              `Vượt chỉ tiêu: thưởng ${vnPoints(c.overBonus.pointsPerPercent)} điểm cho mỗi 1 % vượt, tối đa ${vnPoints(c.overBonus.cap)} điểm (tính ở mục điểm thưởng).`,
            ]
          : []),
      ];
    case 'bands': {
      if (c.measure === 'rate') {
        const last = c.bands.at(-1);
        const steps = c.bands.map((b) => `từ ${vnPercent(b.atLeast)}: ${vnPoints(b.points)} điểm`);
        if (last && last.atLeast.num > 0n) steps.push(`dưới ${vnPercent(last.atLeast)}: 0 điểm`);
        return [...measuredLabels(c, true), `Thang điểm theo tỷ lệ thực hiện: ${steps.join('; ')}. Số phải thực hiện bằng 0 thì được ${max} điểm.`];
      }
      const last = c.bands.at(-1);
      const steps = c.bands.map((b) => `không quá ${vn(b.atMost)}: ${vnPoints(b.points)} điểm`);
      if (last) steps.push(`trên ${vn(last.atMost)}: 0 điểm`);
      return [...measuredLabels(c, false), `Thang điểm: ${steps.join('; ')}.`];
    }
  }
};

export const poolHint = (kind: 'bonus' | 'deduction', cap: Hundredths): string =>
  kind === 'bonus' ? `Tổng điểm thưởng tối đa ${vnPoints(cap)} điểm, gồm cả điểm thưởng vượt chỉ tiêu.` : `Tổng điểm trừ tối đa ${vnPoints(cap)} điểm.`;

/** Excel limits: a validation title 32 characters, its message 255. */
export const clip = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);
