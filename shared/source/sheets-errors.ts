/**
 * Why a pull failed, as a stable code (model/problem.ts) and a Vietnamese message saying what
 * to do. Errors come from the Google client (a GaxiosError: `status`, `code`, `response.data` with the
 * API's `{error: {code, message, status, errors, details}}`, or an OAuth `{error, error_description}`
 * from the token endpoint) or from the network; they are read by shape, not by class.
 */
import type { PullFailureCode } from '../model/problem.js';

export interface SheetFailure {
  code: PullFailureCode;
  /** Vietnamese, for the report. */
  message: string;
  /** English, for logs: HTTP status, API status and message, or the network error. */
  detail: string;
  httpStatus?: number;
  attempts: number;
}

export interface FailureContext {
  spreadsheetId: string;
  url: string;
  /** The service account's e-mail: the address to share the sheet with. */
  serviceAccount: string;
  attempts: number;
  elapsedMs: number;
}

/** Credentials missing or unusable (raised by sheets-auth.ts before any request). */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/** A 2xx answer that is not shaped like the API's. */
export class InvalidResponseError extends Error {
  override name = 'InvalidResponseError';
}

interface ErrorShape {
  status?: number;
  code?: string | number;
  message?: string;
  name?: string;
  response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } };
  cause?: { code?: string };
}

const shape = (e: unknown): ErrorShape => (e && typeof e === 'object' ? (e as ErrorShape) : { message: String(e) });

export const httpStatus = (e: unknown): number | undefined => {
  const s = shape(e);
  const status = s.status ?? s.response?.status;
  return typeof status === 'number' ? status : undefined;
};

/** The API's error object, when the body is one. */
const apiError = (e: unknown): { status?: string; message?: string; reasons: string[] } | undefined => {
  const data = shape(e).response?.data as { error?: unknown } | undefined;
  const err = data && typeof data === 'object' ? data.error : undefined;
  if (!err || typeof err !== 'object') return undefined;
  const o = err as { status?: unknown; message?: unknown; errors?: { reason?: unknown }[]; details?: { reason?: unknown }[] };
  const reasons = [...(o.errors ?? []), ...(o.details ?? [])].map((x) => x?.reason).filter((r): r is string => typeof r === 'string');
  return { ...(typeof o.status === 'string' && { status: o.status }), ...(typeof o.message === 'string' && { message: o.message }), reasons };
};

/** An OAuth error from the token endpoint: `{error: "invalid_grant", error_description}`. */
const oauthError = (e: unknown): string | undefined => {
  const data = shape(e).response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (!data || typeof data !== 'object' || typeof data.error !== 'string') return undefined;
  return typeof data.error_description === 'string' ? `${data.error}: ${data.error_description}` : data.error;
};

const networkCode = (e: unknown): string | undefined => {
  const s = shape(e);
  const code = typeof s.code === 'string' ? s.code : s.cause?.code;
  if (code && /^(E[A-Z_]+|UND_ERR\w*)$/.test(code)) return code;
  if (s.name === 'AbortError' || s.name === 'TimeoutError' || /aborted|timed? ?out|socket hang up/i.test(s.message ?? '')) return 'TIMEOUT';
  return undefined;
};

/** Worth another attempt: quota (429), a server error, a timeout or a network failure. */
export const isRetryable = (e: unknown): boolean => {
  if (e instanceof CredentialsError || e instanceof InvalidResponseError) return false;
  const status = httpStatus(e);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  return networkCode(e) !== undefined;
};

/** A Retry-After header (seconds), as the least wait before the next attempt. */
export const retryAfterMs = (e: unknown): number => {
  const value = shape(e).response?.headers?.get?.('retry-after');
  const seconds = value ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 0;
};

const detailOf = (e: unknown): string => {
  const status = httpStatus(e);
  const api = apiError(e);
  const oauth = oauthError(e);
  if (status !== undefined) return `HTTP ${status}${api?.status ? ` ${api.status}` : ''}: ${(api?.message ?? oauth ?? shape(e).message ?? '').slice(0, 300)}`;
  return `${networkCode(e) ?? shape(e).name ?? 'Error'}: ${(shape(e).message ?? '').slice(0, 300)}`;
};

const code = (e: unknown): PullFailureCode => {
  if (e instanceof CredentialsError) return 'SHEET_AUTH_FAILED';
  const status = httpStatus(e);
  const api = apiError(e);
  if (oauthError(e) !== undefined && status !== undefined && status < 500 && status !== 429) return 'SHEET_AUTH_FAILED';
  if (status === 401) return 'SHEET_AUTH_FAILED';
  if (status === 403) {
    const disabled =
      api?.reasons.some((r) => /SERVICE_DISABLED|accessNotConfigured|API_KEY/i.test(r)) || /has not been used|is disabled/i.test(api?.message ?? '');
    return disabled ? 'SHEET_AUTH_FAILED' : 'SHEET_NOT_SHARED';
  }
  if (status === 404) return 'SHEET_NOT_FOUND';
  if (status === 429) return 'SHEET_QUOTA';
  if (status === 400 && (api?.status === 'FAILED_PRECONDITION' || /not supported for this document/i.test(api?.message ?? ''))) return 'SHEET_UNSUPPORTED';
  return 'SHEET_UNREACHABLE';
};

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

const MESSAGES: Record<PullFailureCode, (c: FailureContext, detail: string) => string> = {
  SHEET_NOT_SHARED: (c) =>
    `Hệ thống không có quyền đọc bảng tính ${c.url}. Hãy chia sẻ bảng tính (quyền Người xem) với tài khoản ${c.serviceAccount}; bảng tính sẽ được lấy lại ở lần sau.`,
  SHEET_NOT_FOUND: (c) =>
    `Không tìm thấy bảng tính ${c.spreadsheetId}: đường liên kết đã đăng ký sai hoặc bảng tính đã bị xóa. Hãy kiểm tra lại đường liên kết trong sheets.json.`,
  SHEET_QUOTA: (c) =>
    `Google Trang tính đang giới hạn số lượt đọc (HTTP 429); đã thử ${c.attempts} lần trong ${seconds(c.elapsedMs)} giây. Bản tự chấm điểm sẽ được lấy lại ở lần sau; bản đã nhận trước đó vẫn giữ nguyên.`,
  SHEET_UNREACHABLE: (c, d) =>
    `Không đọc được bảng tính từ Google Trang tính (${d}) sau ${c.attempts} lần thử. Bản tự chấm điểm sẽ được lấy lại ở lần sau; bản đã nhận trước đó vẫn giữ nguyên.`,
  SHEET_AUTH_FAILED: (c, d) =>
    `Tài khoản dịch vụ Google ${c.serviceAccount || '(chưa cấu hình)'} không dùng được (${d}). Quản trị hệ thống cần kiểm tra khóa tài khoản dịch vụ và bật Google Sheets API cho dự án.`,
  SHEET_UNSUPPORTED: (c) =>
    `Tệp ${c.url} không phải Google Trang tính (có thể là tệp .xlsx tải lên Google Drive). Hãy mở tệp, chọn Tệp → Lưu dưới dạng Google Trang tính, rồi đăng ký đường liên kết của bảng tính mới.`,
};

export const describeFailure = (e: unknown, c: FailureContext): SheetFailure => {
  const detail = e instanceof CredentialsError || e instanceof InvalidResponseError ? e.message : detailOf(e);
  const failure = code(e);
  const status = httpStatus(e);
  return {
    code: failure,
    message: MESSAGES[failure](c, detail).normalize('NFC'),
    detail,
    ...(status !== undefined && { httpStatus: status }),
    attempts: c.attempts,
  };
};
