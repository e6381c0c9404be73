import { absolute, api, q, type Me } from './api.js';
import { changesCard } from './changes.js';
import { periodPicker } from './period.js';
import { sheetCard } from './sheet.js';
import { XLSX, actionButton, followDownload, h, poll, saveBase64 } from './ui.js';
import { uploadsView, type Version } from './uploads.js';

interface ReportLinks {
  reports: { uploadId: string; file: string; status: string; annotated?: string }[];
}

/** The member page: the period, the blank template, the annotated copy of the last rejected file, upload, report, history, sheet and changes. */
export const render = (main: HTMLElement, me: Me): void => {
  const tz = me.bloc.timezone;
  const picker = periodPicker(me, () => void refreshAll());
  const period = () => picker.current().id;

  const templateBtn = actionButton('Tải biểu mẫu trống (.xlsx)', 'Không tải được biểu mẫu', async () => {
    const t = await api<{ file: string; base64: string }>('GET', `/template${q({ period: period() })}`);
    saveBase64(t.base64, t.file, XLSX);
  });
  const annotated = h('p', { id: 'annotated', hidden: true });
  let lastRejected: string | undefined;
  /** The annotated copy of the newest rejected version, looked up again only when that version changes. */
  const showAnnotated = async (versions: Version[]) => {
    const rejected = versions.find((v) => v.status === 'rejected')?.uploadId;
    if (rejected === lastRejected) return;
    lastRejected = rejected;
    const link = rejected ? (await api<ReportLinks>('GET', `/reports${q({ period: period() })}`)).reports.find((r) => r.uploadId === rejected) : undefined;
    annotated.hidden = !link?.annotated;
    if (!link?.annotated) return void annotated.replaceChildren();
    const href = absolute(link.annotated);
    annotated.replaceChildren(
      h(
        'button',
        { type: 'button', id: 'dl-annotated', class: 'secondary', onclick: () => followDownload(href) },
        'Tải bản đánh dấu lỗi của tệp bị từ chối gần nhất',
      ),
      h('small', { class: 'muted file' }, ` (${link.file})`),
    );
  };

  const uploads = uploadsView({
    me,
    period: picker.current,
    uploadTitle: 'Nộp tệp tự chấm điểm',
    historyTitle: 'Các lần nộp',
    withTotal: true,
    onVersions: (v) => void showAnnotated(v).catch(() => undefined),
  });
  const sheet = sheetCard(tz, period);
  const changes = changesCard(tz);

  const refreshAll = async () => {
    lastRejected = undefined;
    await Promise.all([uploads.refresh(), sheet.refresh(), changes.refresh(period())]);
  };

  main.replaceChildren(
    h('section', { class: 'card' }, h('h2', {}, 'Đợt thi đua'), picker.control, picker.info, templateBtn, annotated),
    uploads.uploadCard,
    uploads.reportBox,
    sheet.card,
    changes.card,
    uploads.historyCard,
  );
  void refreshAll();
  poll(async () => {
    await uploads.refresh();
    await changes.refresh(period());
  }, 10_000);
};
