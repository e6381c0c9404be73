import { api, q } from './api.js';
import { actionButton, fillRows, h, stackTable, vnTime } from './ui.js';

interface Log {
  period: string;
  entries: { at: string; actor: string; kind: string; text: string }[];
}

/** The period's audit log (GET /log), newest last as the summary's `Nhật ký` tells it. */
export const logCard = (tz: string, period: () => string) => {
  const body = h('tbody', { id: 'log-body' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const refresh = async () => {
    try {
      const log = await api<Log>('GET', `/log${q({ period: period() })}`);
      status.textContent = `${log.entries.length} mục.`;
      fillRows(
        body,
        log.entries.map((e) => h('tr', { 'data-kind': e.kind }, h('td', {}, vnTime(e.at, tz)), h('td', { class: 'code' }, e.actor), h('td', {}, e.text))),
        'Chưa có mục nào.',
      );
    } catch (e) {
      status.textContent = `Không đọc được nhật ký: ${(e as Error).message}`;
      fillRows(body, [], '—');
    }
  };
  const reload = actionButton('Tải lại nhật ký', 'Không đọc được nhật ký', refresh, { class: 'secondary' });
  const card = h(
    'section',
    { class: 'card', id: 'log' },
    h('h2', {}, 'Nhật ký của đợt'),
    status,
    reload,
    stackTable('log-table', 'Nhật ký của đợt', ['Thời điểm', 'Người thực hiện', 'Nội dung'], body),
  );
  return { card, refresh };
};
