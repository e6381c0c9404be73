import { api, type Me, type Problem } from './api.js';
import { XLSX, badge, defaultPeriod, h, poll, saveBase64, toast, vnDate, vnTime } from './ui.js';

interface Version {
  uploadId: string;
  file: string;
  receivedAt: string;
  status: 'accepted' | 'rejected';
  errors: number;
  warnings: number;
  late: boolean;
  current: boolean;
  total: string | null;
}
interface UploadLink {
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
}
interface ReportOut {
  uploadId: string;
  receivedAt: string;
  late: boolean;
  report: { file: string; status: 'accepted' | 'rejected'; errors: Problem[]; warnings: Problem[] };
}

const MAX_BYTES = 10 * 1024 * 1024;

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

export const render = (main: HTMLElement, me: Me): void => {
  const tz = me.bloc.timezone;
  let period = defaultPeriod(me.periods, me.now)!;
  const periodInfo = h('p', { id: 'period-info' });
  const select = h(
    'select',
    {
      id: 'period',
      onchange: () => {
        period = me.periods.find((p) => p.id === select.value)!;
        showPeriod();
        void refresh();
      },
    },
    ...me.periods.map((p) => h('option', { value: p.id, selected: p.id === period.id }, `${p.name} (${p.id})`)),
  );

  const showPeriod = () => {
    const today = me.now.slice(0, 10);
    const open = period.from <= today && today <= period.deadline;
    periodInfo.replaceChildren(
      `Từ ${vnDate(period.from)} đến ${vnDate(period.to)}. Hạn nộp: `,
      h('strong', {}, vnDate(period.deadline)),
      open ? ' — đang mở.' : today > period.deadline ? ' — đã quá hạn (tệp nộp bây giờ được ghi là nộp muộn).' : ' — chưa bắt đầu.',
    );
  };

  const templateBtn = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        templateBtn.disabled = true;
        try {
          const t = await api<{ file: string; base64: string }>('GET', `/template?period=${encodeURIComponent(period.id)}`);
          saveBase64(t.base64, t.file, XLSX);
        } catch (e) {
          toast(`Không tải được biểu mẫu: ${(e as Error).message}`);
        } finally {
          templateBtn.disabled = false;
        }
      },
    },
    'Tải biểu mẫu trống (.xlsx)',
  );

  const fileInput = h('input', {
    type: 'file',
    id: 'file',
    accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    class: 'visually-hidden',
  });
  const progress = h('p', { id: 'upload-status', role: 'status', 'aria-live': 'polite' });
  const drop = h(
    'label',
    { for: 'file', class: 'drop', id: 'drop' },
    h('strong', {}, 'Kéo thả tệp vào đây'),
    h('span', {}, ' hoặc bấm để chọn tệp'),
    h('br'),
    h('small', { class: 'muted' }, 'Tệp Excel (.xlsx) đã điền, tối đa 10 MB'),
  );
  const reportBox = h('section', { id: 'report', class: 'card', 'aria-live': 'polite', hidden: true });
  const history = h('tbody');

  const showReport = (r: ReportOut) => {
    reportBox.hidden = false;
    reportBox.replaceChildren(
      ...(
        [
          h('h2', {}, 'Kết quả kiểm tra'),
          h('p', {}, h('span', { class: 'file' }, r.report.file), ' · ', vnTime(r.receivedAt, tz), ' · ', badge(r.report.status, r.late)),
          r.report.status === 'accepted'
            ? h('p', { class: 'ok' }, 'Tệp hợp lệ và đã được ghi nhận.')
            : h('p', { class: 'bad' }, 'Tệp bị từ chối: hãy sửa các lỗi dưới đây rồi nộp lại.'),
          problems('Lỗi', r.report.errors, 'error'),
          problems('Cảnh báo', r.report.warnings, 'warning'),
          !r.report.errors.length && !r.report.warnings.length ? h('p', { class: 'muted' }, 'Không có lỗi hay cảnh báo.') : null,
        ] as (HTMLElement | null)[]
      ).filter((n): n is HTMLElement => n !== null),
    );
  };

  const openReport = async (uploadId: string) => {
    const r = await api<ReportOut>('GET', `/report?period=${encodeURIComponent(period.id)}&upload=${encodeURIComponent(uploadId)}`);
    showReport(r);
  };

  let versions: Version[] = [];
  const refresh = async () => {
    const out = await api<{ versions: Version[] }>('GET', `/history?period=${encodeURIComponent(period.id)}`);
    versions = out.versions;
    history.replaceChildren(
      ...(versions.length
        ? versions.map((v) =>
            h(
              'tr',
              {},
              h('td', {}, vnTime(v.receivedAt, tz)),
              h('td', { class: 'file' }, v.file),
              h('td', {}, badge(v.status, v.late), v.current ? h('span', { class: 'badge current' }, 'đang dùng') : null),
              h('td', { class: 'num' }, v.total ?? '—'),
              h('td', { class: 'num' }, `${v.errors} / ${v.warnings}`),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    'aria-label': `Xem báo cáo tệp ${v.file} nộp lúc ${vnTime(v.receivedAt, tz)}`,
                    onclick: () => void openReport(v.uploadId),
                  },
                  'Xem',
                ),
              ),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'Chưa nộp tệp nào trong đợt này.'))]),
    );
  };

  const upload = async (file: File) => {
    if (!/\.xlsx$/i.test(file.name)) return void (progress.textContent = 'Chỉ nhận tệp Excel .xlsx.');
    if (file.size > MAX_BYTES) return void (progress.textContent = `Tệp ${(file.size / 1024 / 1024).toFixed(1)} MB lớn hơn 10 MB.`);
    progress.textContent = `Đang gửi ${file.name}…`;
    try {
      const before = new Set(versions.map((v) => v.uploadId));
      const link = await api<UploadLink>('POST', '/upload-link', { period: period.id, file: file.name });
      const form = new FormData();
      for (const [k, v] of Object.entries(link.fields)) form.append(k, v);
      form.append('file', file);
      const r = await fetch(link.url, { method: 'POST', body: form });
      if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `lỗi ${r.status}`);
      progress.textContent = 'Đã gửi. Đang kiểm tra tệp…';
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        await refresh();
        const fresh = versions.find((v) => !before.has(v.uploadId));
        if (fresh) {
          await openReport(fresh.uploadId);
          progress.textContent = fresh.status === 'accepted' ? `${file.name}: hợp lệ.` : `${file.name}: bị từ chối (${fresh.errors} lỗi).`;
          reportBox.focus();
          return;
        }
        await new Promise((ok) => setTimeout(ok, 1500));
      }
      progress.textContent = 'Tệp đã gửi nhưng chưa có kết quả; trang sẽ tự cập nhật.';
    } catch (e) {
      progress.textContent = `Không gửi được tệp: ${(e as Error).message}`;
    } finally {
      fileInput.value = '';
    }
  };

  fileInput.addEventListener('change', () => fileInput.files?.[0] && void upload(fileInput.files[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void upload(f);
  });
  reportBox.tabIndex = -1;

  main.replaceChildren(
    h('section', { class: 'card' }, h('h2', {}, 'Đợt thi đua'), h('label', { for: 'period' }, 'Đợt'), select, periodInfo, templateBtn),
    h('section', { class: 'card' }, h('h2', {}, 'Nộp tệp tự chấm điểm'), fileInput, drop, progress),
    reportBox,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Các lần nộp'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'history' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Thời điểm nhận', 'Tệp', 'Trạng thái', 'Tổng điểm', 'Lỗi / cảnh báo', 'Báo cáo'].map((t) => h('th', { scope: 'col' }, t))),
          ),
          history,
        ),
      ),
    ),
  );
  showPeriod();
  void refresh();
  poll(refresh, 10_000);
};
