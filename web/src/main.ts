import { ApiError, api, setup, type Me } from './api.js';
import { h } from './ui.js';

const TOKEN_KEY = 'bloc-token';

/** The token comes in the link's fragment (never sent to a server); it is kept for this tab only and taken out of the address bar. */
const tokenFromUrl = (): string | undefined => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
};

const fail = (message: string) => {
  const main = document.getElementById('main')!;
  main.replaceChildren(h('section', { class: 'card error', role: 'alert' }, h('h2', {}, 'Không mở được trang'), h('p', {}, message)));
};

const start = async () => {
  const token = tokenFromUrl();
  if (!token) return fail('Liên kết thiếu mã truy cập. Hãy mở đúng liên kết mà trưởng khối đã gửi cho đơn vị.');
  await setup(token);
  let me: Me;
  try {
    me = await api<Me>('GET', '/me');
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (e instanceof ApiError && e.status === 401) return fail('Liên kết không hợp lệ hoặc đã bị thu hồi. Hãy liên hệ trưởng khối để nhận liên kết mới.');
    return fail(e instanceof Error ? e.message : String(e));
  }
  document.getElementById('title')!.textContent = me.bloc.name;
  const who = { lead: 'Trưởng khối · ', reviewer: 'Thẩm định chéo · ', member: '' }[me.role];
  document.getElementById('subtitle')!.textContent = `${who}${me.unitName} (${me.unit}) · năm ${me.bloc.year}`;
  document.title = `${me.role === 'lead' ? 'Trưởng khối' : me.unitName} · ${me.bloc.name}`;
  const view = me.role === 'lead' ? await import('./lead.js') : me.role === 'reviewer' ? await import('./reviewer.js') : await import('./member.js');
  view.render(document.getElementById('main')!, me);
};

start().catch((e) => fail(e instanceof Error ? e.message : String(e)));
