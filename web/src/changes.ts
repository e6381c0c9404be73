import { ApiError, api, q } from './api.js';
import { h, vnTime } from './ui.js';

/** GET /changes: units whose rank or total moved between two runs, with the lines `bloc explain` prints. */
export interface Changes {
  period: string;
  from: { runId: string; generatedAt: string } | null;
  to: { runId: string; generatedAt: string } | null;
  units: {
    unit: string;
    name: string;
    rankBefore: number | null;
    rankAfter: number | null;
    totalBefore: string | null;
    totalAfter: string | null;
    by: 'own' | 'others';
    lines: string[];
  }[];
}

const dash = (v: string | number | null) => (v === null ? '—' : String(v));

const unitNodes = (u: Changes['units'][number]) =>
  h(
    'li',
    { 'data-unit': u.unit },
    h('strong', {}, `${u.unit} — ${u.name}`),
    `: hạng ${dash(u.rankBefore)} → ${dash(u.rankAfter)}, tổng ${dash(u.totalBefore)} → ${dash(u.totalAfter)} `,
    h('span', { class: 'muted' }, u.by === 'own' ? '(do điểm của chính đơn vị)' : '(do điểm của đơn vị khác)'),
    u.lines.length ? h('ul', {}, ...u.lines.map((l) => h('li', {}, l))) : null,
  );

/**
 * The card "Vì sao thứ hạng thay đổi" filled from GET /changes, hidden when the route is absent or
 * nothing moved (no placeholder).
 */
export const changesCard = (tz: string) => {
  const card = h('section', { id: 'changes', class: 'card', hidden: true, 'aria-live': 'polite' });
  let absent = false;
  const refresh = async (period: string) => {
    if (absent) return;
    const c = await api<Changes>('GET', `/changes${q({ period })}`).catch((e) => {
      absent = e instanceof ApiError && e.status === 404; // a deployment without the route: stop asking
      return undefined;
    });
    card.hidden = !c?.units.length;
    if (!c?.units.length) return void card.replaceChildren();
    card.replaceChildren(
      h('h2', {}, 'Vì sao thứ hạng thay đổi'),
      h(
        'p',
        { class: 'muted' },
        c.from ? `So với bảng lập lúc ${vnTime(c.from.generatedAt, tz)}` : 'So với lần tính trước',
        c.to ? ` — bảng hiện tại lập lúc ${vnTime(c.to.generatedAt, tz)}.` : '.',
      ),
      h('ul', { class: 'changes' }, ...c.units.map(unitNodes)),
    );
  };
  return { card, refresh };
};
