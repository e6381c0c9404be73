import { api, q, type Me, type Period } from './api.js';
import { type ReportOut, reportNodes } from './report.js';
import { badge, fillRows, h, stackTable, vnTime } from './ui.js';

/** GET /history: a member's submissions or a reviewer's review uploads, newest first. */
export interface Version {
  uploadId: string;
  file: string;
  receivedAt: string;
  status: 'accepted' | 'rejected' | 'held';
  errors: number;
  warnings: number;
  late?: boolean;
  current?: boolean;
  total?: string | null;
  kind?: 'submission' | 'review';
}
interface UploadLink {
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
}

const MAX_BYTES = 10 * 1024 * 1024;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export interface UploadsOptions {
  me: Me;
  period: () => Period;
  uploadTitle: string;
  historyTitle: string;
  /** Submissions show their total; review uploads have none. */
  withTotal: boolean;
  /** Called after each refresh of the history. */
  onVersions?: (versions: Version[]) => void;
}

const outcome = (file: string, v: Version): string =>
  v.status === 'accepted' ? `${file}: hợp lệ.` : v.status === 'held' ? `${file}: nộp muộn, chờ trưởng khối duyệt.` : `${file}: bị từ chối (${v.errors} lỗi).`;

/**
 * Upload by drag and drop or file picker (presigned POST), the report within seconds, and the
 * history of versions: one flow for a member's workbook and a reviewer's review workbook.
 */
export const uploadsView = (o: UploadsOptions) => {
  const tz = o.me.bloc.timezone;
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
  const reportBox = h('section', { id: 'report', class: 'card', 'aria-live': 'polite', tabindex: -1, hidden: true });
  const body = h('tbody');
  const headers = ['Thời điểm nhận', 'Tệp', 'Trạng thái', ...(o.withTotal ? ['Tổng điểm'] : []), 'Lỗi / cảnh báo', 'Báo cáo'];
  let versions: Version[] = [];

  const openReport = async (uploadId: string) => {
    const r = await api<ReportOut>('GET', `/report${q({ period: o.period().id, upload: uploadId })}`);
    reportBox.hidden = false;
    reportBox.replaceChildren(...reportNodes(r, tz));
  };

  const row = (v: Version) =>
    h(
      'tr',
      {},
      h('td', {}, vnTime(v.receivedAt, tz)),
      h('td', { class: 'file' }, v.file),
      h('td', {}, badge(v.status, v.late), v.current ? badge('current') : null),
      o.withTotal ? h('td', { class: 'num' }, v.total ?? '—') : null,
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
    );

  const refresh = async () => {
    versions = (await api<{ versions: Version[] }>('GET', `/history${q({ period: o.period().id })}`)).versions;
    fillRows(body, versions.map(row), 'Chưa nộp tệp nào trong đợt này.');
    o.onVersions?.(versions);
  };

  const upload = async (file: File) => {
    if (!/\.xlsx$/i.test(file.name)) return void (progress.textContent = 'Chỉ nhận tệp Excel .xlsx.');
    if (file.size > MAX_BYTES) return void (progress.textContent = `Tệp ${(file.size / 1024 / 1024).toFixed(1)} MB lớn hơn 10 MB.`);
    progress.textContent = `Đang gửi ${file.name}…`;
    try {
      const before = new Set(versions.map((v) => v.uploadId));
      const link = await api<UploadLink>('POST', '/upload-link', { period: o.period().id, file: file.name });
      const form = new FormData();
      for (const [k, v] of Object.entries(link.fields)) form.append(k, v);
      form.append('file', file);
      const r = await fetch(link.url, { method: 'POST', body: form });
      if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `lỗi ${r.status}`);
      progress.textContent = 'Đã gửi. Đang kiểm tra tệp…';
      for (const end = Date.now() + 90_000; Date.now() < end; await sleep(1500)) {
        await refresh();
        const fresh = versions.find((v) => !before.has(v.uploadId));
        if (!fresh) continue;
        await openReport(fresh.uploadId);
        progress.textContent = outcome(file.name, fresh);
        reportBox.focus();
        return;
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

  return {
    uploadCard: h('section', { class: 'card' }, h('h2', {}, o.uploadTitle), fileInput, drop, progress),
    reportBox,
    historyCard: h('section', { class: 'card' }, h('h2', {}, o.historyTitle), stackTable('history', o.historyTitle, headers, body)),
    refresh,
  };
};
