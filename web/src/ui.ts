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

export const badge = (status: string, late = false): HTMLElement => {
  const label: Record<string, string> = { accepted: 'Hợp lệ', rejected: 'Bị từ chối', missing: 'Chưa nộp' };
  return h('span', { class: `badge ${status}` }, label[status] ?? status, late ? ' · nộp muộn' : '');
};

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
