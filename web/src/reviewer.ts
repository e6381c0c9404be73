import { ApiError, api, q, type Me } from './api.js';
import { periodPicker } from './period.js';
import { XLSX, actionButton, h, poll, saveBase64, toast } from './ui.js';
import { uploadsView } from './uploads.js';

/** The reviewer page: the units assigned per period, the review workbook to download, its upload, report and history. */
export const render = (main: HTMLElement, me: Me): void => {
  const picker = periodPicker(me, () => {
    showAssigned();
    void uploads.refresh();
  });
  const period = () => picker.current().id;
  const assigned = h('div', { id: 'assigned' });
  const showAssigned = () => {
    const units = me.reviews?.[period()] ?? [];
    assigned.replaceChildren(
      units.length
        ? h('p', {}, `Đơn vị được phân công thẩm định (${units.length}): `, ...units.flatMap((u, i) => [i ? ', ' : '', h('span', { class: 'code' }, u)]))
        : h('p', { class: 'muted' }, 'Đợt này đơn vị không được phân công thẩm định chéo.'),
    );
    templateBtn.disabled = !units.length;
  };
  const templateBtn = actionButton(
    'Tải sổ thẩm định (.xlsx)',
    'Không tải được sổ thẩm định',
    async () => {
      try {
        const t = await api<{ file: string; base64: string }>('GET', `/review-template${q({ period: period() })}`);
        saveBase64(t.base64, t.file, XLSX);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return toast(e.message);
        throw e;
      }
    },
    { id: 'dl-review' },
  );
  const uploads = uploadsView({
    me,
    period: picker.current,
    uploadTitle: 'Nộp sổ thẩm định đã điền',
    historyTitle: 'Các lần nộp sổ thẩm định',
    withTotal: false,
  });

  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Thẩm định chéo'),
      picker.control,
      picker.info,
      assigned,
      h('p', { class: 'muted' }, 'Sổ thẩm định gồm một trang cho mỗi đơn vị đã có bản hợp lệ: ghi điểm thẩm định và lý do ở các cột được mở khóa.'),
      templateBtn,
    ),
    uploads.uploadCard,
    uploads.reportBox,
    uploads.historyCard,
  );
  showAssigned();
  void uploads.refresh();
  poll(uploads.refresh, 10_000);
};
