/** The links API, as the pages call it: the address comes from config.json (local: /api; AWS: injected at deploy). */
export interface Period {
  id: string;
  name: string;
  from: string;
  to: string;
  deadline: string;
}
export type Role = 'lead' | 'member' | 'reviewer';
export interface Me {
  role: Role;
  unit: string;
  unitName: string;
  bloc: { id: string; name: string; year: number; timezone: string };
  periods: Period[];
  now: string;
  members?: { code: string; name: string; group: string; groupName: string }[];
  /** Units this credential may review, per period (reviewer: its assignment; lead: every member). */
  reviews?: Record<string, string[]>;
}
export interface Problem {
  code: string;
  cell: string | null;
  message: string;
}

/** Query string of a period (and more): `?period=Y&upload=…`. */
export const q = (params: Record<string, string>): string => `?${new URLSearchParams(params)}`;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let base = '/api';
let token = '';

export const setup = async (t: string): Promise<void> => {
  token = t;
  const r = await fetch('./config.json', { cache: 'no-store' }).catch(() => undefined);
  if (r?.ok) base = ((await r.json()) as { api?: string }).api?.replace(/\/$/, '') ?? base;
};

export const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    cache: 'no-store',
  });
  const data = (await r.json().catch(() => ({}))) as { error?: string };
  if (!r.ok) throw new ApiError(r.status, data.error ?? `lỗi ${r.status}`);
  return data as T;
};

/** A link from the API: absolute (S3) or relative to the API (local server). */
export const absolute = (url: string): string => (/^https?:/.test(url) ? url : new URL(url, location.href).href);
