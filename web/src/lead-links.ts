import { api, type Me, type Role } from './api.js';
import { ask } from './dialog.js';
import { actionButton, fillRows, h, stackTable, toast, vnTime } from './ui.js';

interface Cred {
  id: string;
  role: Role;
  unit: string;
  issuedAt: string;
  revokedAt?: string;
  note?: string;
}

const ROLE: Record<Role, string> = { lead: 'Trưởng khối', member: 'Đơn vị nộp', reviewer: 'Thẩm định chéo' };

/** Issue (member or reviewer, shown once and copyable), list and revoke the units' links. */
export const linksCard = (me: Me): { card: HTMLElement; refresh: () => Promise<void> } => {
  const tz = me.bloc.timezone;
  const unitSelect = h('select', { id: 'link-unit' }, ...(me.members ?? []).map((m) => h('option', { value: m.code }, `${m.code} — ${m.name}`)));
  const roleSelect = h(
    'select',
    { id: 'link-role' },
    h('option', { value: 'member' }, 'Đơn vị nộp tệp tự chấm'),
    h('option', { value: 'reviewer' }, 'Thẩm định chéo (các đơn vị được phân công)'),
  );
  const note = h('input', { id: 'link-note', type: 'text', maxlength: 200, placeholder: 'ví dụ: Văn phòng Sở' });
  const issued = h('div', { id: 'issued', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'links-body' });

  const revoke = async (c: Cred) => {
    const ok = await ask({
      title: `Thu hồi liên kết của ${c.unit}?`,
      text: 'Liên kết này sẽ không dùng được nữa, ngay lập tức.',
      confirm: 'Thu hồi',
      danger: true,
    });
    if (ok === null) return;
    await api('DELETE', `/credentials/${encodeURIComponent(c.id)}`);
    toast(`Đã thu hồi liên kết của ${c.unit}.`);
    await refresh();
  };

  const row = (c: Cred) =>
    h(
      'tr',
      { 'data-id': c.id, 'data-role': c.role },
      h('td', { class: 'code' }, c.unit),
      h('td', {}, ROLE[c.role] ?? c.role),
      h('td', {}, c.note ?? ''),
      h('td', {}, vnTime(c.issuedAt, tz)),
      h(
        'td',
        {},
        c.revokedAt ? h('span', { class: 'badge rejected' }, `thu hồi ${vnTime(c.revokedAt, tz)}`) : h('span', { class: 'badge accepted' }, 'đang dùng'),
      ),
      h(
        'td',
        {},
        c.revokedAt
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'aria-label': `Thu hồi liên kết ${ROLE[c.role] ?? c.role} của ${c.unit} (${c.id})`,
                onclick: () => void revoke(c).catch((e) => toast(`Không thu hồi được: ${(e as Error).message}`)),
              },
              'Thu hồi',
            ),
      ),
    );

  const refresh = async () => {
    const { credentials } = await api<{ credentials: Cred[] }>('GET', '/credentials');
    const list = credentials.filter((c) => c.role !== 'lead').sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1));
    fillRows(body, list.map(row), 'Chưa cấp liên kết nào.');
  };

  const showIssued = (unit: string, role: Role, token: string) => {
    const link = `${location.origin}${location.pathname}#token=${token}`;
    const out = h('input', { type: 'text', readonly: true, id: 'issued-link', value: link, 'aria-label': `Liên kết của ${unit}` });
    const copy = async () => {
      try {
        await navigator.clipboard.writeText(link);
        toast('Đã chép liên kết.');
      } catch {
        out.select();
        toast('Hãy chép liên kết đang được chọn (Ctrl+C).');
      }
    };
    issued.replaceChildren(
      h('p', {}, `Liên kết ${ROLE[role].toLowerCase()} của ${unit} — chỉ hiện một lần, hãy gửi riêng cho đơn vị:`),
      h('div', { class: 'row' }, out, h('button', { type: 'button', onclick: () => void copy() }, 'Chép')),
    );
  };

  const issue = actionButton(
    'Cấp liên kết',
    'Không cấp được liên kết',
    async () => {
      const role = roleSelect.value as Role;
      const r = await api<{ credential: Cred; token: string }>('POST', '/credentials', {
        unit: unitSelect.value,
        ...(role !== 'member' && { role }),
        ...(note.value.trim() && { note: note.value.trim() }),
      });
      showIssued(r.credential.unit, r.credential.role, r.token);
      note.value = '';
      await refresh();
    },
    { id: 'issue' },
  );

  const card = h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Liên kết của các đơn vị'),
    h(
      'div',
      { class: 'grid3' },
      h('div', {}, h('label', { for: 'link-unit' }, 'Đơn vị'), unitSelect),
      h('div', {}, h('label', { for: 'link-role' }, 'Quyền'), roleSelect),
      h('div', {}, h('label', { for: 'link-note' }, 'Ghi chú (không bắt buộc)'), note),
    ),
    issue,
    issued,
    stackTable('links', 'Các liên kết đã cấp', ['Đơn vị', 'Quyền', 'Ghi chú', 'Cấp lúc', 'Trạng thái', 'Thao tác'], body),
  );
  return { card, refresh };
};
