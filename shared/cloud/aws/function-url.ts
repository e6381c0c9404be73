import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../http.js';

/** A function URL response (payload format 2.0). */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const fromFunctionUrl = (event: LambdaFunctionURLEvent): HttpRequest => ({
  method: event.requestContext?.http?.method ?? 'GET',
  path: event.rawPath ?? '/',
  headers: event.headers ?? {},
  query: event.queryStringParameters ?? {},
  ...(event.body && { body: event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body }),
});

export const toFunctionUrl = (res: HttpResponse): FunctionUrlResult => ({ statusCode: res.status, headers: res.headers, body: res.body });
