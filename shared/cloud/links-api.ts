import type { Credential } from '../store/credential-port.js';
import { bearerToken, jsonResponse, type HttpRequest, type HttpResponse } from './http.js';
import type { Logger } from './log.js';
import { periodBoard } from './use-cases/board.js';
import { unitChanges } from './use-cases/changes.js';
import { acceptLateFile, periodLog, publishPeriod, reopenPeriod, voteDecision } from './use-cases/lead-decisions.js';
import { blankTemplate, unitHistory, recomputeNow, versionReport, whoAmI } from './use-cases/pages.js';
import { reviewTemplate } from './use-cases/reviews.js';
import { pullNow, unitSheet } from './use-cases/sheet.js';
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
 * The links API; every call carries `Authorization: Bearer <credential>` (roles lead, member, reviewer):
 *   POST   /upload-link        {period, file?}  member, reviewer: presigned POST under its own unit's prefix
 *   GET    /reports?period=P                    member: its latest versions with report links
 *   GET    /summary-link?period=P               lead: links to the latest summary and rankings
 *   GET    /credentials                         lead: the bloc's credentials (no secrets)
 *   POST   /credentials        {unit, role?, note?, expiresAt?}  lead: a new member or reviewer credential (token shown once)
 *   DELETE /credentials/<id>                    lead: revoke a member or reviewer credential
 * and for the web pages (use-cases/pages.ts, board.ts, reviews.ts, lead-decisions.ts, sheet.ts):
 *   GET    /me                                  anyone: role, unit, periods and deadlines, `reviews` (what it may review)
 *   GET    /template?period=P[&unit=U]          member: its blank template (base64); lead: any unit's
 *   GET    /review-template?period=P[&reviewer=CODE]  reviewer, lead: the review workbook (base64)
 *   GET    /history?period=P                    member: its versions; reviewer: its review uploads
 *   GET    /report?period=P&upload=ID           member: one of its own versions' report; reviewer: of its review uploads
 *   GET    /board?period=P                      lead: every member's status, total and rank; publication, pending votes
 *   GET    /log?period=P                        lead: the period's audit log
 *   GET    /changes?period=P                    why ranks moved since the last published (else previous) run; member, reviewer: its own unit
 *   POST   /recompute          {period}         lead: recompute the period now
 *   POST   /decisions/accept-late {period, upload, reason}      lead (409 when refused)
 *   POST   /decisions/vote     {period, award, winners, reason} lead (409 when refused)
 *   POST   /publish            {period}         lead (409 when published already)
 *   POST   /reopen             {period, reason} lead
 *   GET    /sheet?period=P                      member: its registered Google Sheet and last pull
 *   POST   /pull               {period}         member: pull its sheet now (429 within 2 minutes of the last)
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
  if (method === 'GET' && head === 'changes' && !id) return async (d, who, r) => [200, await unitChanges(d, who, r.query)];
  if (method === 'GET' && head === 'board' && !id) return async (d, who, r) => [200, await periodBoard(d, who, r.query)];
  if (method === 'POST' && head === 'recompute' && !id) return async (d, who, r) => [202, await recomputeNow(d, who, bodyOf(r))];
  if (method === 'GET' && head === 'review-template' && !id) return async (d, who, r) => [200, await reviewTemplate(d, who, r.query)];
  if (method === 'GET' && head === 'log' && !id) return async (d, who, r) => [200, await periodLog(d, who, r.query)];
  if (method === 'POST' && head === 'decisions' && id === 'accept-late') return async (d, who, r) => [200, await acceptLateFile(d, who, bodyOf(r))];
  if (method === 'POST' && head === 'decisions' && id === 'vote') return async (d, who, r) => [200, await voteDecision(d, who, bodyOf(r))];
  if (method === 'POST' && head === 'publish' && !id) return async (d, who, r) => [200, await publishPeriod(d, who, bodyOf(r))];
  if (method === 'POST' && head === 'reopen' && !id) return async (d, who, r) => [200, await reopenPeriod(d, who, bodyOf(r))];
  if (method === 'GET' && head === 'sheet' && !id) return async (d, who, r) => [200, await unitSheet(d, who, r.query)];
  if (method === 'POST' && head === 'pull' && !id) return async (d, who, r) => [202, await pullNow(d, who, bodyOf(r))];
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
