import { api } from './api.js';
import { ask } from './dialog.js';
import type { Board, PendingVote, Publication, Row } from './lead-board.js';
import { actionButton, h, toast, vnTime } from './ui.js';

/** What the lead decides, each with a confirmation (and a reason where the log needs one); `done` refreshes the page. */
export const decisions = (period: () => string, tz: string, done: () => Promise<void>) => {
  const act = async (path: string, body: Record<string, unknown>, ok: string) => {
    await api('POST', path, { period: period(), ...body });
    toast(ok);
    await done();
  };

  const acceptLate = async (m: Row) => {
    const reason = await ask({
      title: `Chấp nhận tệp nộp muộn của ${m.unit}?`,
      text: `Tệp nhận lúc ${vnTime(m.held!.receivedAt, tz)} sẽ được tính vào kết quả của ${m.name}.`,
      confirm: 'Chấp nhận',
      reason: true,
    });
    if (reason === null) return;
    await act('/decisions/accept-late', { upload: m.held!.uploadId, reason }, `Đã chấp nhận tệp nộp muộn của ${m.unit}.`).catch((e) =>
      toast(`Không chấp nhận được: ${(e as Error).message}`),
    );
  };

  const banner = h('div', { id: 'published', 'aria-live': 'polite' });
  let bannerKey: string | undefined;
  /** Re-rendered only when the publication changes, so keyboard focus survives the board's refresh. */
  const showBanner = (p: Publication | null | undefined) => {
    const key = JSON.stringify(p);
    if (key === bannerKey) return;
    bannerKey = key;
    const publish = actionButton(
      'Công bố kết quả…',
      'Không công bố được',
      async () => {
        const ok = await ask({
          title: 'Công bố kết quả đợt này?',
          text: 'Sau khi công bố, tệp nộp thêm không làm thay đổi kết quả cho đến khi trưởng khối mở lại.',
          confirm: 'Công bố',
        });
        if (ok !== null) await act('/publish', {}, 'Đã công bố kết quả.');
      },
      { id: 'publish' },
    );
    const reopen = actionButton(
      'Mở lại…',
      'Không mở lại được',
      async () => {
        const reason = await ask({
          title: 'Mở lại đợt đã công bố?',
          text: 'Kết quả đã công bố vẫn được lưu; các thay đổi sau đây sẽ vào lần công bố tiếp theo.',
          confirm: 'Mở lại',
          reason: true,
          danger: true,
        });
        if (reason !== null) await act('/reopen', { reason }, 'Đã mở lại đợt.');
      },
      { id: 'reopen', class: 'danger' },
    );
    if (p === undefined) return void banner.replaceChildren();
    banner.className = p ? 'banner published' : 'banner';
    banner.replaceChildren(
      p ? h('p', {}, h('strong', {}, `Đã công bố (lần ${p.version})`), ` lúc ${vnTime(p.at, tz)}, bởi ${p.by}.`) : h('p', {}, 'Chưa công bố kết quả đợt này.'),
      p ? reopen : publish,
    );
  };

  const voteForm = (v: PendingVote, i: number) => {
    const legendId = `vote-${i}`;
    const boxes = v.candidates.map((c) => h('input', { type: 'checkbox', value: c, id: `${legendId}-${c}`, name: legendId }));
    const error = h('p', { class: 'bad', role: 'alert' });
    const record = actionButton(
      'Ghi biểu quyết…',
      'Không ghi được biểu quyết',
      async () => {
        const winners = boxes.filter((b) => b.checked).map((b) => b.value);
        if (winners.length !== v.seats) return void (error.textContent = `Hãy chọn đúng ${v.seats} đơn vị (đang chọn ${winners.length}).`);
        error.textContent = '';
        const reason = await ask({
          title: `Ghi kết quả biểu quyết ${v.awardName}?`,
          text: `Đơn vị được chọn: ${winners.join(', ')}.`,
          confirm: 'Ghi biểu quyết',
          reason: true,
        });
        if (reason !== null) await act('/decisions/vote', { award: v.award, winners, reason }, `Đã ghi biểu quyết ${v.awardName}.`);
      },
      { class: 'vote' },
    );
    return h(
      'fieldset',
      { class: 'vote', 'data-award': v.award },
      h('legend', {}, `${v.awardName} — nhóm ${v.group}: chọn đúng ${v.seats} trong ${v.candidates.length} đơn vị đồng điểm`),
      ...boxes.map((b) => h('label', { for: b.id, class: 'check' }, b, ` ${b.value}`)),
      error,
      record,
    );
  };

  const votes = h('section', { id: 'votes', class: 'card', hidden: true });
  let voteKey = '';
  /** Re-rendered only when the pending votes change, so the boxes ticked survive the board's refresh. */
  const showVotes = (list: PendingVote[] | undefined) => {
    const key = JSON.stringify(list ?? []);
    if (key === voteKey) return;
    voteKey = key;
    votes.hidden = !list?.length;
    votes.replaceChildren(...(list?.length ? [h('h2', {}, 'Biểu quyết khi đồng điểm'), ...list.map(voteForm)] : []));
  };

  return {
    banner,
    votes,
    acceptLate: (m: Row) => void acceptLate(m),
    render: (b: Board) => {
      showBanner(b.published);
      showVotes(b.pendingVotes);
    },
  };
};
