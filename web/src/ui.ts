type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** A tiny element builder: h('button', { onclick }, 'Tải') */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
};

export const toast = (text: string): void => {
  const t = document.getElementById('toast')!;
  t.textContent = text;
  t.hidden = false;
  clearTimeout((t as unknown as { timer?: number }).timer);
  (t as unknown as { timer?: number }).timer = window.setTimeout(() => (t.hidden = true), 5000);
};

/** dd/mm/yyyy of an ISO date (yyyy-mm-dd). */
export const vnDate = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('/');

export const vnTime = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('vi-VN', { timeZone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));

/** The period open today (from ≤ today ≤ deadline), else the latest begun, else the first. */
export const defaultPeriod = <P extends { id: string; from: string; deadline: string }>(periods: P[], now: string): P | undefined => {
  const today = now.slice(0, 10);
  return periods.find((p) => p.from <= today && today <= p.deadline) ?? [...periods].reverse().find((p) => p.from <= today) ?? periods[0];
};

export const saveBase64 = (base64: string, file: string, type: string): void => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = h('a', { href: url, download: file });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const LABELS: Record<string, string> = {
  accepted: 'Hợp lệ',
  rejected: 'Bị từ chối',
  missing: 'Chưa nộp',
  held: 'Nộp muộn, chờ duyệt',
  late: 'Nộp muộn, chờ duyệt',
  failed: 'Không lấy được',
  reviewed: 'Đã thẩm định',
  stale: 'Thẩm định bản cũ',
  current: 'đang dùng',
};

export const badge = (status: string, late = false): HTMLElement =>
  h('span', { class: `badge ${status}` }, LABELS[status] ?? status, late && status !== 'held' && status !== 'late' ? ' · nộp muộn' : '');

/** Opens a URL as a download (a presigned link, or the local server's). */
export const followDownload = (href: string): void => {
  const a = h('a', { href, download: '' });
  document.body.append(a);
  a.click();
  a.remove();
};

/** Runs `task` with `button` disabled; a failure becomes a toast starting with `failure`. */
export const busy = async (button: HTMLButtonElement, failure: string, task: () => Promise<void>): Promise<void> => {
  button.disabled = true;
  try {
    await task();
  } catch (e) {
    toast(`${failure}: ${(e as Error).message}`);
  } finally {
    button.disabled = false;
  }
};

/** A button that runs `task` with itself disabled; a failure becomes a toast starting with `failure`. */
export const actionButton = (label: string, failure: string, task: () => Promise<void>, attrs: Attrs = {}): HTMLButtonElement => {
  const button: HTMLButtonElement = h('button', { type: 'button', ...attrs, onclick: () => void busy(button, failure, task) }, label);
  return button;
};

/**
 * Fills a table body; each cell gets its column's heading as `data-label`, which the phone layout
 * shows beside the value when rows are stacked (table.stack, under 600 px).
 */
export const fillRows = (body: HTMLTableSectionElement, rows: HTMLTableRowElement[], empty: string): void => {
  const table = body.closest('table') ?? body.parentElement;
  const heads = [...((table as HTMLTableElement | null)?.tHead?.rows[0]?.cells ?? [])].map((c) => c.textContent ?? '');
  if (!rows.length) rows = [h('tr', {}, h('td', { colspan: heads.length || 1, class: 'muted' }, empty))];
  for (const row of rows)
    [...row.cells].forEach((c, i) => {
      if (c.colSpan !== 1 || heads.length < 2) return;
      c.setAttribute('data-label', heads[i] ?? '');
      // Nothing to show ("—"): a stacked card on a phone leaves the line out.
      if (!c.children.length && /^(—|)$/.test(c.textContent?.trim() ?? '')) c.classList.add('none');
    });
  body.replaceChildren(...rows);
};

/** A table that stacks its rows into labelled cards on a phone. */
export const stackTable = (id: string, caption: string, headers: string[], body: HTMLTableSectionElement): HTMLElement =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id, class: 'stack' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      body,
    ),
  );

/** Polls `tick` every `ms` while the page is visible; returns a stop function. */
export const poll = (tick: () => Promise<void>, ms: number): (() => void) => {
  let stopped = false;
  let timer = 0;
  const loop = async () => {
    if (stopped) return;
    if (!document.hidden) await tick().catch(() => undefined);
    timer = window.setTimeout(loop, ms);
  };
  timer = window.setTimeout(loop, ms);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};
