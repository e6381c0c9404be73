import { expect } from 'vitest';
import { linksApi } from '#shared/cloud/links-api.js';
import { createLogger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import { ingestUpload } from '#shared/cloud/use-cases/ingest-upload.js';
import type { UploadedObject } from '#shared/cloud/uploads.js';
import type { LinksDeps } from '#shared/cloud/use-cases/links.js';

const quiet = createLogger({}, { sink: () => undefined });

export interface ApiAnswer {
  status: number;
  body: any;
}

/** The links API called as a function with a bearer token, answers parsed. */
export const apiClient = (deps: () => LinksDeps) => {
  const api = linksApi(deps, quiet);
  return async (token: string, method: string, path: string, o: { query?: Record<string, string>; body?: unknown } = {}): Promise<ApiAnswer> => {
    const r = await api({
      method,
      path,
      headers: { authorization: `Bearer ${token}` },
      query: o.query ?? {},
      ...(o.body !== undefined && { body: JSON.stringify(o.body) }),
    });
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    return { status: r.status, body: JSON.parse(r.body) };
  };
};

/** Ingests an uploaded object as the ingest function does, quietly. */
export const ingestQuietly = (rt: CloudRuntime, o: UploadedObject) => ingestUpload(rt, o, quiet);
