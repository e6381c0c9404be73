import { ApiError, api, q } from './api.js';
import { actionButton, badge, h, toast, vnTime } from './ui.js';

interface Sheet {
  url: string;
  lastPull: { at: string; status: string; code?: string; message?: string } | null;
}

/** A unit that keeps its workbook as a Google Sheet: its last pull and "pull now" (GET /sheet, POST /pull); hidden otherwise. */
export const sheetCard = (tz: string, period: () => string) => {
  const card = h('section', { id: 'sheet', class: 'card', hidden: true });
  const refresh = async () => {
    let s: Sheet;
    try {
      s = await api<Sheet>('GET', `/sheet${q({ period: period() })}`);
    } catch {
      card.hidden = true;
      return;
    }
    const pull = actionButton(
      'Lấy dữ liệu ngay',
      'Không gửi được yêu cầu',
      async () => {
        try {
          await api('POST', '/pull', { period: period() });
          toast('Đã yêu cầu lấy dữ liệu từ Google Sheet; kết quả sẽ hiện trong các lần nộp.');
        } catch (e) {
          if (e instanceof ApiError && e.status === 429) return toast(e.message);
          throw e;
        }
      },
      { id: 'pull' },
    );
    const last = s.lastPull;
    card.hidden = false;
    card.replaceChildren(
      h('h2', {}, 'Google Sheet của đơn vị'),
      h('p', {}, h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, 'Mở Google Sheet (trong thẻ mới)')),
      h(
        'p',
        { id: 'last-pull' },
        ...(last
          ? [
              'Lần lấy dữ liệu gần nhất: ',
              vnTime(last.at, tz),
              ' · ',
              badge(last.status),
              last.message ? ` — ${last.message}` : '',
              last.code ? ` (${last.code})` : '',
            ]
          : ['Chưa lấy dữ liệu lần nào.']),
      ),
      pull,
    );
  };
  return { card, refresh };
};
