import type { Period } from './api.js';
import { badge, fillRows, h, stackTable, vnTime } from './ui.js';

export interface Row {
  unit: string;
  name: string;
  group: string;
  groupName: string;
  status: 'accepted' | 'rejected' | 'missing' | 'held';
  late: boolean;
  versions: number;
  lastReceivedAt: string | null;
  total: string | null;
  rank: number | null;
  held?: { uploadId: string; receivedAt: string } | null;
  reviewed?: boolean;
  stale?: boolean;
  /** Flags for review of the unit (issue #14), when the API gives them. */
  flags?: number;
}
export interface PendingVote {
  award: string;
  awardName: string;
  group: string;
  candidates: string[];
  seats: number;
}
export interface Publication {
  version: number;
  at: string;
  by: string;
  runId: string;
}
export interface Board {
  period: string;
  run: { runId: string; generatedAt: string } | null;
  members: Row[];
  published?: Publication | null;
  pendingVotes?: PendingVote[];
}

/** "3 hợp lệ · 1 bị từ chối · …": only the kinds the board has. */
export const countsText = (b: Board): string => {
  const n = (s: Row['status']) => b.members.filter((m) => m.status === s).length;
  const parts = [`${n('accepted')} hợp lệ`, `${n('rejected')} bị từ chối`, `${n('missing')} chưa nộp`];
  if (b.members.some((m) => m.status === 'held')) parts.push(`${n('held')} nộp muộn chờ duyệt`);
  else parts.push(`${b.members.filter((m) => m.late).length} nộp muộn`);
  const reviewed = b.members.filter((m) => m.reviewed).length;
  if (reviewed) parts.push(`${reviewed} đã thẩm định`);
  const stale = b.members.filter((m) => m.stale).length;
  if (stale) parts.push(`${stale} thẩm định bản cũ`);
  return parts.join(' · ');
};

/** The board table: status (and review state), flags when present, total, rank, last receipt, and "accept" for a held late file. */
export const boardTable = (period: () => Period, tz: string, onAccept: (row: Row) => void) => {
  const body = h('tbody', { id: 'board-body' });
  const wrap = h('div', {});
  let withFlags: boolean | undefined;
  let key = '';
  /** Re-rendered only when a row changed, so keyboard focus survives the 5-second refresh. */
  const render = (b: Board) => {
    const next = JSON.stringify([period().id, b.members]);
    if (next === key) return;
    key = next;
    const flags = b.members.some((m) => typeof m.flags === 'number');
    if (flags !== withFlags) {
      withFlags = flags;
      const headers = ['Đơn vị', 'Nhóm', 'Trạng thái', ...(flags ? ['Cần xem lại'] : []), 'Tổng điểm', 'Hạng', 'Nộp lần cuối', 'Thao tác'];
      wrap.replaceChildren(stackTable('board', `Tình hình nộp của các đơn vị, đợt ${period().name}`, headers, body));
    }
    fillRows(
      body,
      b.members.map((m) =>
        h(
          'tr',
          { 'data-unit': m.unit, 'data-status': m.status },
          h('td', {}, h('span', { class: 'code' }, m.unit), h('br'), h('small', {}, m.name)),
          h('td', {}, m.groupName),
          h('td', {}, badge(m.status, m.late), m.reviewed ? badge(m.stale ? 'stale' : 'reviewed') : null),
          flags ? h('td', { class: 'num flags' }, m.flags ? String(m.flags) : '0') : null,
          h('td', { class: 'num total' }, m.total ?? '—'),
          h('td', { class: 'num rank' }, m.rank === null ? '—' : String(m.rank)),
          h('td', {}, m.lastReceivedAt ? vnTime(m.lastReceivedAt, tz) : '—'),
          h(
            'td',
            {},
            m.status === 'held' && m.held
              ? h(
                  'button',
                  { type: 'button', class: 'accept-late', 'aria-label': `Chấp nhận tệp nộp muộn của ${m.unit}`, onclick: () => onAccept(m) },
                  'Chấp nhận nộp muộn…',
                )
              : null,
          ),
        ),
      ),
      'Khối chưa có đơn vị nào.',
    );
  };
  return { element: wrap, render };
};
