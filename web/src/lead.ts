import { ApiError, absolute, api, q, type Me } from './api.js';
import { changesCard } from './changes.js';
import { type Board, boardTable, countsText } from './lead-board.js';
import { decisions } from './lead-decisions.js';
import { linksCard } from './lead-links.js';
import { logCard } from './lead-log.js';
import { periodPicker } from './period.js';
import { actionButton, followDownload, h, poll, toast, vnTime } from './ui.js';

/** The lead page: the board of the period (updated every 5 s), downloads, recompute, decisions, changes, the log and the links. */
export const render = (main: HTMLElement, me: Me): void => {
  const tz = me.bloc.timezone;
  const picker = periodPicker(me, () => void refreshAll());
  const period = () => picker.current().id;
  const counts = h('p', { id: 'counts', 'aria-live': 'polite' });
  const runInfo = h('p', { id: 'run-info', class: 'muted' });
  const changes = changesCard(tz);
  const log = logCard(tz, period);
  const decide = decisions(period, tz, async () => {
    await Promise.all([refresh(), log.refresh()]);
  });
  const board = boardTable(picker.current, tz, decide.acceptLate);
  const links = linksCard(me);

  const refresh = async () => {
    const b = await api<Board>('GET', `/board${q({ period: period() })}`);
    counts.textContent = countsText(b);
    runInfo.textContent = b.run ? `Bảng tổng hợp lập lúc ${vnTime(b.run.generatedAt, tz)}` : 'Chưa có bảng tổng hợp cho đợt này.';
    board.render(b);
    decide.render(b);
  };
  const refreshAll = () => Promise.all([refresh(), log.refresh(), changes.refresh(period())]);

  const download = (which: 'summary' | 'rankings') => async () => {
    try {
      const l = await api<{ summary: string; rankings: string }>('GET', `/summary-link${q({ period: period() })}`);
      followDownload(absolute(l[which]));
    } catch (e) {
      toast(e instanceof ApiError && e.status === 404 ? 'Đợt này chưa có bảng tổng hợp.' : `Không tải được: ${(e as Error).message}`);
    }
  };
  const recompute = actionButton(
    'Tính lại ngay',
    'Không tính lại được',
    async () => {
      await api('POST', '/recompute', { period: period() });
      toast('Đã yêu cầu tính lại; bảng sẽ tự cập nhật.');
    },
    { id: 'recompute', class: 'secondary' },
  );

  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Tình hình nộp'),
      picker.control,
      decide.banner,
      counts,
      runInfo,
      h(
        'div',
        { class: 'row actions' },
        h('button', { type: 'button', id: 'dl-summary', onclick: download('summary') }, 'Tải bảng tổng hợp (.xlsx)'),
        h('button', { type: 'button', id: 'dl-rankings', class: 'secondary', onclick: download('rankings') }, 'Tải rankings.json'),
        recompute,
      ),
      h('div', { role: 'region', 'aria-label': 'Bảng tình hình nộp', tabindex: 0, class: 'board-region' }, board.element),
    ),
    decide.votes,
    changes.card,
    log.card,
    links.card,
  );
  void refreshAll();
  void links.refresh();
  poll(async () => {
    await refresh();
    await changes.refresh(period());
  }, 5_000);
};
