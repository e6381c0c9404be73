import type { Credential } from '../store/credential-port.js';
import { bearerToken, jsonResponse, type HttpRequest, type HttpResponse } from './http.js';
import type { Logger } from './log.js';
import { blankTemplate, periodBoard, unitHistory, recomputeNow, versionReport, whoAmI } from './use-cases/pages.js';
import {
  issueMemberCredential,
  LinkError,
  listCredentials,
  reportLinks,
  revokeMemberCredential,
  summaryLink,
  uploadLink,
  type LinksDeps,
} from './use-cases/links.js';

/**
 * The links API; every call carries `Authorization: Bearer <credential>`:
 *   POST   /upload-link        {period, file?}  member: presigned POST under its own unit's prefix
 *   GET    /reports?period=P                    member: its latest versions with report links
 *   GET    /summary-link?period=P               lead: links to the latest summary and rankings
 *   GET    /credentials                         lead: the bloc's credentials (no secrets)
 *   POST   /credentials        {unit, note?}    lead: a new member credential (token shown once)
 *   DELETE /credentials/<id>                    lead: revoke a member credential
 * and for the web pages (use-cases/pages.ts):
 *   GET    /me                                  anyone: role, unit, the bloc's periods and deadlines
 *   GET    /template?period=P[&unit=U]          member: its blank template (base64); lead: any unit's
 *   GET    /history?period=P                    member: its versions with status and total
 *   GET    /report?period=P&upload=ID           member: one of its own versions' report
 *   GET    /board?period=P                      lead: every member's status, total and rank
 *   POST   /recompute          {period}         lead: recompute the period now
 */
const bodyOf = (req: HttpRequest): Record<string, unknown> => {
  if (!req.body) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw new LinkError(400, 'nội dung yêu cầu phải là JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new LinkError(400, 'nội dung yêu cầu phải là một đối tượng JSON');
  return parsed as Record<string, unknown>;
};

type Route = (d: LinksDeps, who: Credential, req: HttpRequest) => Promise<[number, unknown]>;

const route = (method: string, path: string[]): Route | undefined => {
  const [head, id, ...rest] = path;
  if (rest.length) return undefined;
  if (method === 'POST' && head === 'upload-link' && !id) return async (d, who, r) => [200, await uploadLink(d, who, bodyOf(r))];
  if (method === 'GET' && head === 'reports' && !id) return async (d, who, r) => [200, await reportLinks(d, who, r.query)];
  if (method === 'GET' && head === 'summary-link' && !id) return async (d, who, r) => [200, await summaryLink(d, who, r.query)];
  if (method === 'GET' && head === 'credentials' && !id) return async (d, who) => [200, await listCredentials(d, who)];
  if (method === 'POST' && head === 'credentials' && !id) return async (d, who, r) => [201, await issueMemberCredential(d, who, bodyOf(r))];
  if (method === 'GET' && head === 'me' && !id) return async (d, who) => [200, await whoAmI(d, who)];
  if (method === 'GET' && head === 'template' && !id) return async (d, who, r) => [200, await blankTemplate(d, who, r.query)];
  if (method === 'GET' && head === 'history' && !id) return async (d, who, r) => [200, await unitHistory(d, who, r.query)];
  if (method === 'GET' && head === 'report' && !id) return async (d, who, r) => [200, await versionReport(d, who, r.query)];
  if (method === 'GET' && head === 'board' && !id) return async (d, who, r) => [200, await periodBoard(d, who, r.query)];
  if (method === 'POST' && head === 'recompute' && !id) return async (d, who, r) => [202, await recomputeNow(d, who, bodyOf(r))];
  if (method === 'DELETE' && head === 'credentials' && id) return async (d, who) => [200, await revokeMemberCredential(d, who, id)];
  return undefined;
};

/** The API as a function of a request; `deps` is called only for a known route, so an unknown one needs no runtime. */
export const linksApi =
  (deps: () => LinksDeps, log: Logger) =>
  async (req: HttpRequest): Promise<HttpResponse> => {
    const path = req.path.split('/').filter(Boolean);
    const rlog = log.with({ method: req.method, path: `/${path.join('/')}` });
    const handle = route(req.method, path);
    if (!handle) return jsonResponse(404, { error: 'không có chức năng này' });
    const d = deps();
    try {
      const who = await d.credentials.authenticate(bearerToken(req));
      if (!who) {
        rlog.warn('request without a valid credential');
        return jsonResponse(401, { error: 'thiếu hoặc sai thông tin xác thực (Authorization: Bearer …)' });
      }
      const [status, body] = await handle(d, who, req);
      rlog.info('link issued', { status, role: who.role, unit: who.unit, credential: who.id });
      return jsonResponse(status, body);
    } catch (error) {
      if (error instanceof LinkError) {
        rlog.warn('request refused', { status: error.status, reason: error.message });
        return jsonResponse(error.status, { error: error.message });
      }
      rlog.error('links request failed', { error });
      return jsonResponse(500, { error: 'lỗi hệ thống, vui lòng thử lại sau' });
    }
  };
