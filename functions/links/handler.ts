import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import type { Credential } from '#shared/cloud/credentials.js';
import {
  issueMemberCredential,
  LinkError,
  listCredentials,
  reportLinks,
  revokeMemberCredential,
  summaryLink,
  uploadLink,
  type LinksDeps,
} from '#shared/cloud/links.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { configFromEnv, createRuntime, once, type CloudRuntime } from '#shared/cloud/runtime.js';

/**
 * The links API (a Lambda function URL; every call carries `Authorization: Bearer <credential>`):
 *   POST   /upload-link        {period, file?}  member: presigned POST under its own unit's prefix
 *   GET    /reports?period=P                    member: its latest versions with report links
 *   GET    /summary-link?period=P               lead: links to the latest summary and rankings
 *   GET    /credentials                         lead: the bloc's credentials (no secrets)
 *   POST   /credentials        {unit, note?}    lead: a new member credential (token shown once)
 *   DELETE /credentials/<id>                    lead: revoke a member credential
 */
/** A function URL response (payload format 2.0). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const json = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

const bodyOf = (event: LambdaFunctionURLEvent): Record<string, unknown> => {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LinkError(400, 'nội dung yêu cầu phải là JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new LinkError(400, 'nội dung yêu cầu phải là một đối tượng JSON');
  return parsed as Record<string, unknown>;
};

const bearer = (event: LambdaFunctionURLEvent): string | undefined => {
  const header = event.headers?.['authorization'] ?? event.headers?.['Authorization'];
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
};

type Route = (d: LinksDeps, who: Credential, event: LambdaFunctionURLEvent, path: string[]) => Promise<[number, unknown]>;

const route = (method: string, path: string[]): Route | undefined => {
  const q = (e: LambdaFunctionURLEvent) => e.queryStringParameters ?? {};
  const [head, id, ...rest] = path;
  if (rest.length) return undefined;
  if (method === 'POST' && head === 'upload-link' && !id) return async (d, who, e) => [200, await uploadLink(d, who, bodyOf(e))];
  if (method === 'GET' && head === 'reports' && !id) return async (d, who, e) => [200, await reportLinks(d, who, q(e))];
  if (method === 'GET' && head === 'summary-link' && !id) return async (d, who, e) => [200, await summaryLink(d, who, q(e))];
  if (method === 'GET' && head === 'credentials' && !id) return async (d, who) => [200, await listCredentials(d, who)];
  if (method === 'POST' && head === 'credentials' && !id) return async (d, who, e) => [201, await issueMemberCredential(d, who, bodyOf(e))];
  if (method === 'DELETE' && head === 'credentials' && id) return async (d, who) => [200, await revokeMemberCredential(d, who, id)];
  return undefined;
};

export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'links' }), extra: Partial<LinksDeps> = {}) =>
  async (event: LambdaFunctionURLEvent, context: Pick<Context, 'awsRequestId'>): Promise<HttpResponse> => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const path = (event.rawPath ?? '/').split('/').filter(Boolean);
    const rlog = log.with({ requestId: context.awsRequestId, method, path: `/${path.join('/')}` });
    const handle = route(method, path);
    if (!handle) return json(404, { error: 'không có chức năng này' });
    const rt = runtime();
    const deps: LinksDeps = {
      s3: rt.clients.s3,
      store: rt.store,
      credentials: rt.credentials,
      catalog: rt.catalog,
      uploadsBucket: rt.config.uploadsBucket,
      dataBucket: rt.config.dataBucket,
      ...(rt.config.s3Endpoint && { s3Endpoint: rt.config.s3Endpoint }),
      ...extra,
    };
    try {
      const who = await rt.credentials.authenticate(bearer(event));
      if (!who) {
        rlog.warn('request without a valid credential');
        return json(401, { error: 'thiếu hoặc sai thông tin xác thực (Authorization: Bearer …)' });
      }
      const [status, body] = await handle(deps, who, event, path);
      rlog.info('link issued', { status, role: who.role, unit: who.unit, credential: who.id });
      return json(status, body);
    } catch (error) {
      if (error instanceof LinkError) {
        rlog.warn('request refused', { status: error.status, reason: error.message });
        return json(error.status, { error: error.message });
      }
      rlog.error('links request failed', { error });
      return json(500, { error: 'lỗi hệ thống, vui lòng thử lại sau' });
    }
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
