import type { Problem } from './api.js';
import { badge, h, vnTime } from './ui.js';

/** GET /report: a submission's report (SPEC §8) or, for a review upload, the review report (`units` whose review stands). */
export interface ReportOut {
  uploadId: string;
  receivedAt: string;
  late: boolean;
  report: { file: string; status: 'accepted' | 'rejected' | 'late'; errors: Problem[]; warnings: Problem[]; units?: string[] };
}

const problems = (title: string, list: Problem[], kind: 'error' | 'warning') =>
  list.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: `problems ${kind}` },
          h('caption', {}, `${title} (${list.length})`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ô'), h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col' }, 'Mã'))),
          h(
            'tbody',
            {},
            ...list.map((p) => h('tr', {}, h('td', { class: 'cell' }, p.cell ?? '—'), h('td', {}, p.message), h('td', { class: 'code' }, p.code))),
          ),
        ),
      )
    : null;

const verdict = (r: ReportOut['report']) => {
  if (r.status === 'late') return h('p', { class: 'warn' }, 'Tệp hợp lệ nhưng nộp muộn: trưởng khối sẽ quyết định có tính hay không.');
  if (r.status === 'rejected') return h('p', { class: 'bad' }, 'Tệp bị từ chối: hãy sửa các lỗi dưới đây rồi nộp lại.');
  if (r.units) return h('p', { class: 'ok' }, `Đã ghi nhận thẩm định cho: ${r.units.join(', ')}.`);
  return h('p', { class: 'ok' }, 'Tệp hợp lệ và đã được ghi nhận.');
};

/** The report card's content: file, time and status, the verdict, errors and warnings by cell. */
export const reportNodes = (r: ReportOut, tz: string): HTMLElement[] =>
  (
    [
      h('h2', {}, 'Kết quả kiểm tra'),
      h('p', {}, h('span', { class: 'file' }, r.report.file), ' · ', vnTime(r.receivedAt, tz), ' · ', badge(r.report.status, r.late)),
      verdict(r.report),
      problems('Lỗi', r.report.errors, 'error'),
      problems('Cảnh báo', r.report.warnings, 'warning'),
      !r.report.errors.length && !r.report.warnings.length ? h('p', { class: 'muted' }, 'Không có lỗi hay cảnh báo.') : null,
    ] as (HTMLElement | null)[]
  ).filter((n): n is HTMLElement => n !== null);
