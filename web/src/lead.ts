import { ApiError, absolute, api, type Me } from './api.js';
import { badge, defaultPeriod, h, poll, toast, vnTime } from './ui.js';

interface Row {
  unit: string;
  name: string;
  group: string;
  groupName: string;
  status: 'accepted' | 'rejected' | 'missing';
  late: boolean;
  versions: number;
  lastReceivedAt: string | null;
  total: string | null;
  rank: number | null;
}
interface Board {
  period: string;
  run: { runId: string; generatedAt: string } | null;
  members: Row[];
}
interface Cred {
  id: string;
  role: 'lead' | 'member';
  unit: string;
  issuedAt: string;
  revokedAt?: string;
  note?: string;
}

export const render = (main: HTMLElement, me: Me): void => {
  const tz = me.bloc.timezone;
  let period = defaultPeriod(me.periods, me.now)!;
  const select = h(
    'select',
    {
      id: 'period',
      onchange: () => {
        period = me.periods.find((p) => p.id === select.value)!;
        void refresh();
      },
    },
    ...me.periods.map((p) => h('option', { value: p.id, selected: p.id === period.id }, `${p.name} (${p.id})`)),
  );
  const counts = h('p', { id: 'counts', 'aria-live': 'polite' });
  const runInfo = h('p', { id: 'run-info', class: 'muted' });
  const board = h('tbody', { id: 'board-body' });

  const refresh = async () => {
    const b = await api<Board>('GET', `/board?period=${encodeURIComponent(period.id)}`);
    const n = (s: string) => b.members.filter((m) => m.status === s).length;
    counts.textContent = `${n('accepted')} hợp lệ · ${n('rejected')} bị từ chối · ${n('missing')} chưa nộp · ${b.members.filter((m) => m.late).length} nộp muộn`;
    runInfo.textContent = b.run ? `Bảng tổng hợp lập lúc ${vnTime(b.run.generatedAt, tz)}` : 'Chưa có bảng tổng hợp cho đợt này.';
    board.replaceChildren(
      ...b.members.map((m) =>
        h(
          'tr',
          { 'data-unit': m.unit, 'data-status': m.status },
          h('td', {}, h('span', { class: 'code' }, m.unit), h('br'), h('small', {}, m.name)),
          h('td', {}, m.groupName),
          h('td', {}, badge(m.status, m.late)),
          h('td', { class: 'num' }, m.total ?? '—'),
          h('td', { class: 'num' }, m.rank === null ? '—' : String(m.rank)),
          h('td', {}, m.lastReceivedAt ? vnTime(m.lastReceivedAt, tz) : '—'),
        ),
      ),
    );
  };

  const download = (which: 'summary' | 'rankings') => async () => {
    try {
      const l = await api<{ summary: string; rankings: string }>('GET', `/summary-link?period=${encodeURIComponent(period.id)}`);
      const a = h('a', { href: absolute(l[which]), download: '' });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      toast(e instanceof ApiError && e.status === 404 ? 'Đợt này chưa có bảng tổng hợp.' : `Không tải được: ${(e as Error).message}`);
    }
  };

  const recompute = h(
    'button',
    {
      type: 'button',
      id: 'recompute',
      onclick: async () => {
        recompute.disabled = true;
        try {
          await api('POST', '/recompute', { period: period.id });
          toast('Đã yêu cầu tính lại; bảng sẽ tự cập nhật.');
        } catch (e) {
          toast(`Không tính lại được: ${(e as Error).message}`);
        } finally {
          recompute.disabled = false;
        }
      },
    },
    'Tính lại ngay',
  );

  // Links
  const unitSelect = h('select', { id: 'link-unit' }, ...(me.members ?? []).map((m) => h('option', { value: m.code }, `${m.code} — ${m.name}`)));
  const note = h('input', { id: 'link-note', type: 'text', maxlength: 200, placeholder: 'ví dụ: Văn phòng Sở' });
  const issued = h('div', { id: 'issued', 'aria-live': 'polite' });
  const creds = h('tbody', { id: 'links-body' });

  const listLinks = async () => {
    const { credentials } = await api<{ credentials: Cred[] }>('GET', '/credentials');
    const members = credentials.filter((c) => c.role === 'member').sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1));
    creds.replaceChildren(
      ...(members.length
        ? members.map((c) =>
            h(
              'tr',
              { 'data-id': c.id },
              h('td', { class: 'code' }, c.unit),
              h('td', {}, c.note ?? ''),
              h('td', {}, vnTime(c.issuedAt, tz)),
              h(
                'td',
                {},
                c.revokedAt
                  ? h('span', { class: 'badge rejected' }, `thu hồi ${vnTime(c.revokedAt, tz)}`)
                  : h('span', { class: 'badge accepted' }, 'đang dùng'),
              ),
              h(
                'td',
                {},
                c.revokedAt
                  ? ''
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'danger',
                        'aria-label': `Thu hồi liên kết của ${c.unit} (${c.id})`,
                        onclick: async () => {
                          if (!confirm(`Thu hồi liên kết của ${c.unit}? Liên kết này sẽ không dùng được nữa.`)) return;
                          await api('DELETE', `/credentials/${encodeURIComponent(c.id)}`);
                          toast(`Đã thu hồi liên kết của ${c.unit}.`);
                          await listLinks();
                        },
                      },
                      'Thu hồi',
                    ),
              ),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Chưa cấp liên kết nào.'))]),
    );
  };

  const issue = h(
    'button',
    {
      type: 'button',
      id: 'issue',
      onclick: async () => {
        issue.disabled = true;
        try {
          const r = await api<{ credential: Cred; token: string }>('POST', '/credentials', {
            unit: unitSelect.value,
            ...(note.value.trim() && { note: note.value.trim() }),
          });
          const link = `${location.origin}${location.pathname}#token=${r.token}`;
          const out = h('input', { type: 'text', readonly: true, id: 'issued-link', value: link, 'aria-label': `Liên kết của ${r.credential.unit}` });
          const copy = h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                try {
                  await navigator.clipboard.writeText(link);
                  toast('Đã chép liên kết.');
                } catch {
                  out.select();
                  toast('Hãy chép liên kết đang được chọn (Ctrl+C).');
                }
              },
            },
            'Chép',
          );
          issued.replaceChildren(
            h('p', {}, `Liên kết của ${r.credential.unit} — chỉ hiện một lần, hãy gửi riêng cho đơn vị:`),
            h('div', { class: 'row' }, out, copy),
          );
          note.value = '';
          await listLinks();
        } catch (e) {
          toast(`Không cấp được liên kết: ${(e as Error).message}`);
        } finally {
          issue.disabled = false;
        }
      },
    },
    'Cấp liên kết',
  );

  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Tình hình nộp'),
      h('div', { class: 'row' }, h('label', { for: 'period' }, 'Đợt'), select),
      counts,
      runInfo,
      h(
        'div',
        { class: 'row actions' },
        h('button', { type: 'button', id: 'dl-summary', onclick: download('summary') }, 'Tải bảng tổng hợp (.xlsx)'),
        h('button', { type: 'button', id: 'dl-rankings', onclick: download('rankings') }, 'Tải rankings.json'),
        recompute,
      ),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'board' },
          h('caption', { class: 'visually-hidden' }, 'Tình hình nộp của các đơn vị'),
          h('thead', {}, h('tr', {}, ...['Đơn vị', 'Nhóm', 'Trạng thái', 'Tổng điểm', 'Hạng', 'Nộp lần cuối'].map((t) => h('th', { scope: 'col' }, t)))),
          board,
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Liên kết của các đơn vị'),
      h(
        'div',
        { class: 'grid2' },
        h('div', {}, h('label', { for: 'link-unit' }, 'Đơn vị'), unitSelect),
        h('div', {}, h('label', { for: 'link-note' }, 'Ghi chú (không bắt buộc)'), note),
      ),
      issue,
      issued,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'links' },
          h('caption', { class: 'visually-hidden' }, 'Các liên kết đã cấp'),
          h('thead', {}, h('tr', {}, ...['Đơn vị', 'Ghi chú', 'Cấp lúc', 'Trạng thái', 'Thao tác'].map((t) => h('th', { scope: 'col' }, t)))),
          creds,
        ),
      ),
    ),
    h('p', { class: 'muted' }, 'Các quyết định (chấp nhận nộp muộn, biểu quyết, công bố, mở lại) chưa có trên trang này.'),
  );
  void refresh();
  void listLinks();
  poll(refresh, 5_000);
};
